"""Worker processes under hostile use (issue 16): absurd --jobs values, and a parent killed with SIGKILL.

The pools are real: `started` records the size of each pool the runner starts (and starts it, never larger
than the machine's cores, so that this test cannot flood the machine on code that does not cap --jobs),
and the SIGKILL test kills a real `cleaner` process whose workers are busy, then reads what they print.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from test_cli import ARTICLE_FR, SCRIPT, files_under, invoke, write_tree
from test_reliability import ENV, group_ended, no_traceback, outputs, prose, run

import cleaner.parallel

CORES = len(os.sched_getaffinity(0))  # the cores this process may run on


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker count asked of each pool the runner starts."""
    sizes: list[int] = []
    real = cleaner.parallel._pool

    def recording(jobs: int) -> Any:
        sizes.append(jobs)
        return real(min(jobs, os.cpu_count() or 1))

    monkeypatch.setattr(cleaner.parallel, "_pool", recording)
    return sizes


def corpus(root: Path, files: int, lines: int) -> Path:
    rng = random.Random(8)
    write_tree(root, {f"f{n:02d}.txt": prose(rng, lines).encode() for n in range(files)})
    return root


def test_jobs_never_exceeds_the_cores(tmp_path: Path, started: list[int]) -> None:
    src = corpus(tmp_path / "src", 12, 800)  # about 1.5 MB: a parallel run
    result = invoke("clean", str(src), "-o", str(tmp_path / "out"), "--jobs", "1000", "-v", "--isolated")
    assert result.exit_code == 0, result.output
    assert started == ([CORES] if CORES > 1 else []), started  # 1,000 processes, before
    assert f"--jobs 1000: {CORES} worker process" in result.stderr
    assert files_under(tmp_path / "out") == files_under(src)


def test_no_more_workers_than_batches_of_documents(tmp_path: Path, started: list[int]) -> None:
    src = corpus(tmp_path / "src", 1, 8000)  # one document of about 1.3 MB: one batch
    result = invoke("clean", str(src), "-o", str(tmp_path / "out"), "--jobs", "2", "-v", "--isolated")
    assert result.exit_code == 0, result.output
    assert started == ([1] if CORES > 1 else []), started
    assert ("1 worker process started" if CORES > 1 else "") in result.stderr


@pytest.mark.parametrize("value", ["99999999999999999999", "9" * 5000])
def test_an_absurd_jobs_value_is_no_traceback(tmp_path: Path, value: str) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode()})
    proc = run("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--jobs", value, "-v", "--isolated")
    no_traceback(proc.stderr)
    if len(value) < 100:
        assert proc.returncode == 0, proc.stderr
        assert f"--jobs {value}: {CORES} worker process" in proc.stderr
    else:  # more digits than Python converts: a usage error
        assert proc.returncode == 2 and "Invalid value for '--jobs'" in proc.stderr


def test_workers_orphaned_by_sigkill_exit_quietly(tmp_path: Path) -> None:
    # Documents of about 0.4 s each in batches of three: when the first output appears, both workers are
    # in the middle of a batch, which they finished after the kill and then failed to send back, printing
    # BrokenPipeError tracebacks.
    src = corpus(tmp_path / "src", 10, 2000)
    out = tmp_path / "out"
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(
            [str(SCRIPT), "clean", str(src), "-o", str(out), "--jobs", "2", "--isolated", "-q"],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=ENV,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while not (out.is_dir() and outputs(out)) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be killed"
        proc.kill()
        proc.wait()
        if not group_ended(proc.pid, 30):  # the workers are in the session until they exit
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("worker processes outlived their killed parent by 30 s")
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace")
    no_traceback(text)
    assert "BrokenPipeError" not in text and text == "", text

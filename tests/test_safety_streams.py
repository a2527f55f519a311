"""Standard output under hostile use (issue 16): a full disk, a reader that goes away, a descriptor closed at start.

Through the installed `cleaner` script: stdout on a real 1 MB tmpfs that fills up (this suite runs as root;
where no tmpfs can be mounted, /dev/full stands in, which refuses the first write rather than a later one),
pipes whose reader closes them, and a stdout closed before the start as cron can leave it.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import random
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_cli import ARTICLE_EN, ARTICLE_FR, PAGE_HTML, SCRIPT, error_lines, files_under, write_tree
from test_reliability import ENV, expected, no_traceback, prose, run_to

BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports `yes | head -1`


@contextlib.contextmanager
def full_stdout(folder: Path) -> Iterator[Path]:
    """A path whose writes fail with ENOSPC past 1 MB: a file on a 1 MB tmpfs, else /dev/full (not root)."""
    folder.mkdir()
    mounted = (
        os.geteuid() == 0
        and shutil.which("mount") is not None
        and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], check=False).returncode == 0
    )
    try:
        yield folder / "out" if mounted else Path("/dev/full")
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def big_page() -> str:
    return prose(random.Random(16), 12_000)  # about 1.8 MB, cleaned to more than the 1 MB the disk holds


def big_html() -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in big_page().splitlines())
    return f"<html><body><article><h1>Titre</h1>{paragraphs}</article></body></html>".encode()


def big_jsonl() -> bytes:
    rng = random.Random(17)
    return "".join(json.dumps({"id": n, "text": prose(rng, 30)}) + "\n" for n in range(600)).encode()


def hex_jsonl() -> bytes:
    """Records of hexadecimal text: gzip halves them at best, so the output stays over 1 MB compressed."""
    rng = random.Random(18)
    return "".join(json.dumps({"id": n, "text": rng.randbytes(2500).hex()}) + "\n" for n in range(600)).encode()


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        pytest.param("text", lambda: big_page().encode(), id="text"),
        pytest.param("html", big_html, id="html"),
        pytest.param("jsonl", big_jsonl, id="jsonl"),
        pytest.param("jsonl", lambda: gzip.compress(hex_jsonl()), id="gzipped-jsonl"),
    ],
)
def test_stdout_on_a_disk_that_fills_up_is_an_error_not_a_truncated_success(
    tmp_path: Path, fmt: str, data: Callable[[], bytes]
) -> None:
    with full_stdout(tmp_path / "small") as target, target.open("wb") as out:
        code, stderr = run_to(out, "clean", "-", "--format", fmt, "--isolated", "-j", "1", data=data())
    assert code == 2, stderr  # was 0 with the first 1 MiB written: "1 changed, 0 failed"
    assert error_lines(stderr) == ["error: <stdout>: cannot write (No space left on device)"], stderr


# ---------------------------------------------------------------- a reader that goes away


def read_then_close(args: list[str], stdin: bytes, keep: int) -> tuple[int, str]:
    """Run cleaner on `stdin`, read `keep` bytes of its stdout (0: none), close it as `| head -c KEEP` does, wait."""
    with tempfile.TemporaryFile() as source:
        source.write(stdin)
        source.seek(0)
        with subprocess.Popen(
            [str(SCRIPT), *args], stdin=source, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV
        ) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            assert len(proc.stdout.read(keep)) == keep
            proc.stdout.close()
            stderr = proc.stderr.read().decode()
            return proc.wait(timeout=60), stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_jsonl_stream_stops_at_the_first_write_that_fails(tmp_path: Path, jobs: str) -> None:
    data = big_jsonl()
    code, stderr = read_then_close(["clean", "-", "--format", "jsonl", "-j", jobs, "--isolated"], data, 100)
    # Before: every record was still cleaned into the broken pipe, then "error: <stdout>: cannot write", exit 2.
    assert (code, stderr) == (BROKEN_PIPE, "")


@pytest.mark.parametrize("flags", [[], ["--diff"], ["--output-format", "concise"]])
def test_check_into_a_closed_pipe_stops_quietly(tmp_path: Path, flags: list[str]) -> None:
    write_tree(tmp_path, {f"f{n:03d}.txt": ARTICLE_FR.encode() for n in range(300)})
    code, stderr = read_then_close(["check", str(tmp_path), "--isolated", "--no-cache", *flags], b"", 10)
    assert (code, stderr) == (BROKEN_PIPE, "")  # rich's handler exited 1, which means "findings"


# ---------------------------------------------------------------- a stdout closed before the start


def closed_stdout(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(SCRIPT), *args],
        input=stdin,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),  # `>&-`: the child starts with no descriptor 1
        timeout=60,
        env=ENV,
        check=False,
    )


def test_clean_to_a_folder_with_stdout_closed_writes_every_output(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode(), "b.txt": ARTICLE_EN.encode(), "c.html": PAGE_HTML})
    proc = closed_stdout("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--isolated")
    no_traceback(proc.stderr.decode())  # AttributeError: 'NoneType' object has no attribute 'buffer', before
    assert proc.returncode == 0, proc.stderr
    assert files_under(tmp_path / "out") == {"a.txt", "b.txt", "c.txt"}
    assert (tmp_path / "out/a.txt").read_bytes() == expected(ARTICLE_FR)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        pytest.param(
            ["clean", "-"], 2, "error: stdout is closed: there is nowhere to write the cleaned text", id="clean"
        ),
        pytest.param(["check", "{src}", "--diff"], 1, "", id="check-diff"),
        pytest.param(
            ["learn", "{src}", "-o", "-"], 2, "error: stdout is closed: there is nowhere to write the rules", id="learn"
        ),
    ],
)
def test_commands_that_print_with_stdout_closed(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode()})
    proc = closed_stdout(*[arg.format(src=tmp_path / "src") for arg in args], "--isolated", stdin=ARTICLE_FR.encode())
    stderr = proc.stderr.decode()
    no_traceback(stderr)
    assert proc.returncode == code, stderr
    errors = error_lines(stderr)
    assert (len(errors) == 1 and errors[0].startswith(message)) if message else errors == [], stderr

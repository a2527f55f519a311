"""The command as a process: --jobs (parallel output equals serial), summary, --quiet, --verbose, --version, --help."""

from __future__ import annotations

import gzip
import json
import os
import pty
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_cli import ARTICLE_EN, ARTICLE_FR, PAGE_HTML, PLAIN, SCRIPT, files_under, invoke, run_script, write_tree

import cleaner.parallel
from cleaner import __version__

TIMING = re.compile(r"; \d+\.\d+ s, \d+\.\d+ M chars/s$", re.MULTILINE)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
HEAVY = (
    "Suivez-nous sur Twitter\nSuivez-nous sur Facebook\nPublicité\nPublicité\nPartager sur Facebook\n"
    "Partager sur Twitter\nLire aussi : Frappes russes à Idleb : Moscou dément les accusations\nLe ministre parle.\n"
)
STUB = "404 - Page not found\nSorry, the page you are looking for doesn't exist or has been moved.\n"
PARAGRAPH = (
    "Le ministre a parlé lundi à Paris de la réforme numéro {n}, selon son entourage, et il a ajouté que tout va.\n"
)


def article(n: int) -> str:
    """A long article (about 5 KB) with boilerplate: an ad label, a follow-us line and a no-break space."""
    body = "".join(PARAGRAPH.format(n=n * 100 + k) for k in range(40))
    return f"Titre {n}\nSuivez-nous sur Twitter\n{body}Publicité\nLa\u00a0suite, dit-il.\n"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of more than 1 MB (the runner's threshold for worker processes), of every kind of input."""
    root = tmp_path_factory.mktemp("corpus")
    lines = []
    for n in range(220):
        if n == 7:
            lines.append('{"id": 7, "text": "broken')  # a malformed line, copied through and reported
        elif n == 11:
            lines.append(json.dumps({"id": n, "text": HEAVY}))  # held by the drop-ratio guard
        elif n == 13:
            lines.append(json.dumps({"id": n, "text": STUB}))
        elif n % 10 == 3:
            lines.append(json.dumps({"id": n, "text": PLAIN, "meta": {"n": n}}))
        else:
            lines.append(json.dumps({"id": n, "text": article(n), "lang": "fr", "meta": {"n": [n, n / 3]}}))
    big = ("\n".join(lines) + "\n").encode()
    assert len(big) > 1 << 20
    write_tree(
        root,
        {
            "big.jsonl": big,
            "a.txt": ARTICLE_FR.encode(),
            "sub/b.md": ARTICLE_EN.encode(),
            "sub/page.html": PAGE_HTML,
            "sub/heavy.txt": HEAVY.encode(),
            "z.jsonl.gz": gzip.compress(big[:50_000] + b"\n"),
        },
    )
    return root


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """Records the worker count of each pool the runner starts (the pools are real)."""
    started: list[int | None] = []
    real = cleaner.parallel._pool

    def recording(jobs: int) -> Any:
        started.append(jobs)
        return real(jobs)

    monkeypatch.setattr(cleaner.parallel, "_pool", recording)
    return started


def tree(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in sorted(files_under(root))}


# ---------------------------------------------------------------- --jobs


def test_jobs_2_writes_and_reports_exactly_what_jobs_1_does(
    corpus: Path, tmp_path: Path, spy: list[int | None]
) -> None:
    serial = invoke("clean", str(corpus), "-o", str(tmp_path / "j1"), "--jobs", "1")
    assert spy == []
    parallel = invoke("clean", str(corpus), "-o", str(tmp_path / "j2"), "-j", "2")
    assert spy == [2]  # the parallel path did run, with two workers

    assert serial.exit_code == parallel.exit_code == 2  # the malformed line
    assert tree(tmp_path / "j1") == tree(tmp_path / "j2")
    assert len(tree(tmp_path / "j1")) == 6
    assert TIMING.sub("", serial.stderr) == TIMING.sub("", parallel.stderr)
    assert "big.jsonl:8: malformed JSON" in serial.stderr
    assert "held back by the drop-ratio guard" in serial.stderr


def test_check_with_jobs_2_prints_what_jobs_1_prints(corpus: Path) -> None:
    serial = run_script("check", str(corpus), "--jobs", "1")
    parallel = run_script("check", str(corpus), "--jobs", "2")
    assert serial.returncode == parallel.returncode == 2
    assert serial.stdout == parallel.stdout
    assert serial.stdout.count(b": NV005 ") > 150
    assert TIMING.sub("", serial.stderr.decode()) == TIMING.sub("", parallel.stderr.decode())
    # --statistics prints the counts instead of the findings, as ruff does; they agree too.
    counts = [run_script("check", str(corpus), "--statistics", "--jobs", j).stdout for j in ("1", "2")]
    assert counts[0] == counts[1] and b"NV005" in counts[0] and b": NV005 " not in counts[0]


def test_stdin_jsonl_with_jobs_2_is_byte_identical_to_jobs_1(corpus: Path) -> None:
    data = (corpus / "big.jsonl").read_bytes()[:300_000]
    data = data[: data.rindex(b"\n") + 1]
    serial = run_script("clean", "-", "--format", "jsonl", "-j", "1", "-q", stdin=data)
    parallel = run_script("clean", "-", "--format", "jsonl", "-j", "2", "-q", stdin=data)
    assert serial.returncode == parallel.returncode == 2  # the malformed line 8
    assert serial.stdout == parallel.stdout
    assert serial.stderr == parallel.stderr
    assert serial.stdout.count(b"\n") == data.count(b"\n")


def test_jobs_default_to_all_cores(spy: list[int | None]) -> None:
    cores = len(os.sched_getaffinity(0))  # those this process may use
    # A batch of documents per core at least: a pool never has more workers than batches to give them.
    texts = (ARTICLE_FR, ARTICLE_EN, PLAIN) * cleaner.parallel.BATCH_DOCUMENTS * cores
    data = "".join(json.dumps({"text": text}) + "\n" for text in texts).encode()
    result = invoke("clean", "-", "--format", "jsonl", "-q", stdin=data)
    assert result.exit_code == 0
    assert spy == ([cores] if cores > 1 else [])


# ---------------------------------------------------------------- the summary


def run_on_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run the script with stderr on a pseudo-terminal; returns the exit code and what stderr showed."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    with subprocess.Popen(
        [str(SCRIPT), *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, cwd=cwd, env=env
    ) as proc:
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO once the process has closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = proc.wait(timeout=60)
    os.close(master)
    return code, ANSI.sub("", b"".join(chunks).decode("utf-8", "replace")).replace("\r\n", "\n")


def test_summary_is_one_line_on_stderr_when_it_is_not_a_terminal(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode(), "b.txt": PLAIN.encode()})
    clean = run_script("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    check = run_script("check", str(tmp_path / "src"), "--output-format", "json")
    for proc in (clean, check):
        lines = proc.stderr.decode().splitlines()
        assert len(lines) == 1, lines
        assert re.match(r"^2 files: 1 changed, 1 unchanged, 0 failed; 2 lines removed \(NV 1, SO 1\); ", lines[0])
    assert clean.stdout == b""
    assert json.loads(check.stdout)


def test_summary_is_a_table_on_a_terminal_and_absent_with_quiet(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode(), "b.txt": PLAIN.encode()})
    code, shown = run_on_terminal("clean", "src", "-o", "out", cwd=tmp_path)
    assert code == 0
    rows = [line.strip() for line in shown.splitlines() if line.strip()]
    assert len(rows) > 3, shown
    assert any(re.match(r"^files\s+2 \(1 changed, 1 unchanged, 0 failed\)", row) for row in rows), shown
    assert any(re.match(r"^lines removed\s+2$", row) for row in rows), shown
    code, shown = run_on_terminal("clean", "src", "-o", "quiet", "--quiet", cwd=tmp_path)
    assert code == 0
    assert shown.strip() == ""
    assert (tmp_path / "quiet/a.txt").read_bytes() == (tmp_path / "out/a.txt").read_bytes()


def test_quiet_still_prints_errors(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode()})
    proc = run_script("clean", str(tmp_path / "src"), str(tmp_path / "gone.txt"), "-o", str(tmp_path / "out"), "-q")
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [f"error: {tmp_path / 'gone.txt'}: no such file or directory"]


def test_verbose_prints_one_line_per_file(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode(), "b.txt": PLAIN.encode(), "c.txt": HEAVY.encode()})
    proc = run_script("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--verbose")
    assert proc.returncode == 0
    lines = proc.stderr.decode().splitlines()
    src = tmp_path / "src"
    assert lines[:3] == [f"{src / 'a.txt'}: changed", f"{src / 'b.txt'}: unchanged", f"{src / 'c.txt'}: held"]
    assert lines[-1].startswith("3 files:")


# ---------------------------------------------------------------- --version and --help


def test_version_from_the_installed_script() -> None:
    proc = run_script("--version")
    assert proc.returncode == 0
    assert proc.stdout.decode().strip() == f"cleaner {__version__}, compiled kernels (Cython)"


def test_help_lists_the_commands() -> None:
    proc = run_script("--help")
    assert proc.returncode == 0
    text = proc.stdout.decode()
    for command in ("clean", "check", "rules", "rule"):
        assert re.search(rf"^\s+{command}\s", text, re.MULTILINE), command
    assert invoke("-h").stdout == invoke("--help").stdout


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ("clean", "cleaner clean pages/ -o clean/"),
        ("clean", "| cleaner clean - --format jsonl |"),
        ("check", "cleaner check corpus/ --diff"),
        ("check", "cleaner check corpus/ --fix"),
    ],
)
def test_command_help_has_examples(command: str, example: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert example in result.stdout
    for option in ("--select", "--ignore", "--lang", "--max-drop-ratio", "--jobs", "--quiet", "--verbose"):
        assert option in result.stdout


def test_every_documented_option_is_in_the_help() -> None:
    clean = invoke("clean", "--help").stdout
    check = invoke("check", "--help").stdout
    shared = [
        "--select",
        "--extend-select",
        "--ignore",
        "--lang",
        "--max-drop-ratio",
        "--jobs",
        "--format",
        "--text-field",
        "--lang-field",
        "--url-field",
        "--on-error",
        "--config",
        "--isolated",
        "--force-exclude",
        "--quiet",
        "--verbose",
    ]
    for option in [*shared, "--output", "--in-place"]:
        assert option in clean, option
    for option in [*shared, "--diff", "--fix", "--output-format", "--statistics"]:
        assert option in check, option


# ---------------------------------------------------------------- a reader that goes away


def test_stdout_closed_by_the_reader_stops_the_run_quietly() -> None:
    # `cleaner clean - | head -1`: the pipe breaks; the run stops there, silent, with the code a shell gives a
    # process SIGPIPE stopped (141), as `yes | head -1` does. (It once went on cleaning and then reported
    # "error: <stdout>: cannot write (Broken pipe)" with exit 2; see tests/test_safety_streams.py.)
    data = "".join(json.dumps({"id": n, "text": ARTICLE_FR}) + "\n" for n in range(300)).encode()
    with subprocess.Popen(
        [str(SCRIPT), "clean", "-", "--format", "jsonl", "-j", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader is gone before anything is written
        try:
            proc.stdin.write(data)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        stderr = proc.stderr.read().decode()
        code = proc.wait(timeout=60)
    assert (code, stderr) == (141, "")


@pytest.mark.parametrize("output_format", ["text", "concise", "json", "github"])
def test_a_lone_surrogate_in_a_finding_is_escaped_not_a_crash(tmp_path: Path, output_format: str) -> None:
    # A JSONL escape can hold a lone surrogate, which no terminal encoding can write; `check` quoted it in
    # its findings and crashed with UnicodeEncodeError (exit 0, a traceback, no findings).
    source = tmp_path / "shard.jsonl"
    record = {"id": "1", "text": "Suivez-nous sur Twitter \ud800\n" + ARTICLE_EN}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run_script("check", str(source), "--no-cache", "--diff", "--output-format", output_format)
    stdout, stderr = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 1, stderr
    assert "Traceback" not in stderr and "UnicodeEncodeError" not in stdout + stderr
    assert "\\ud800" in stdout, stdout

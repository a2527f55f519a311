"""Hostile inputs (issue 16): poisoned JSONL records, FIFOs, symlink loops, files too big to read whole, bad configs.

Each test runs the installed `cleaner` script on real files, FIFOs (os.mkfifo) and symbolic links, and checks
what a user sees: one line per problem naming the file (and the JSONL line), exit 2 for errors, no traceback,
and the other inputs still cleaned.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cli import ARTICLE_EN, ARTICLE_FR, SCRIPT, error_lines, files_under, write_tree
from test_reliability import ENV, expected, no_traceback, run

from cleaner import clean_text
from cleaner.engine import Config, for_records


def cleaned_record(text: str) -> str:
    return clean_text(text, config=for_records(Config())).text


# ---------------------------------------------------------------- JSONL records Python's json refuses


def test_a_poisoned_jsonl_record_is_reported_by_line_and_copied_through(tmp_path: Path) -> None:
    huge = b'{"id": 2, "n": ' + b"9" * 5000 + b', "text": "Publicit\\u00e9\\nLe ministre a dit."}'
    deep = b'{"id": 3, "text": "x", "deep": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    lines = [json.dumps({"id": 1, "text": ARTICLE_FR}).encode(), huge, deep, json.dumps({"text": ARTICLE_EN}).encode()]
    write_tree(tmp_path / "src", {"a.jsonl": b"\n".join(lines) + b"\n", "b.txt": ARTICLE_EN.encode()})

    proc = run("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "-j", "1", "--isolated")

    no_traceback(proc.stderr)
    assert proc.returncode == 2, proc.stderr
    name = tmp_path / "src/a.jsonl"
    errors = error_lines(proc.stderr)
    assert errors == [
        f"error: {name}:2: an integer of more than 4,300 digits, too long to be read; line copied unchanged",
        f"error: {name}:3: JSON nested too deeply to be read; line copied unchanged",
    ]
    written = (tmp_path / "out/a.jsonl").read_bytes().split(b"\n")
    assert written[1:3] == [huge, deep]  # byte for byte
    assert json.loads(written[0])["text"] == cleaned_record(ARTICLE_FR)
    assert json.loads(written[3])["text"] == cleaned_record(ARTICLE_EN)
    assert (tmp_path / "out/b.txt").read_bytes() == expected(ARTICLE_EN)  # the run went on
    assert files_under(tmp_path / "out") == {"a.jsonl", "b.txt"}


def test_a_poisoned_record_on_stdin_is_copied_through() -> None:
    huge = b'{"n": ' + b"1" * 5000 + b', "text": "x"}'
    proc = run_bytes(["clean", "-", "--format", "jsonl", "--isolated"], huge + b"\n")
    assert proc.returncode == 2
    assert proc.stdout == huge + b"\n"
    assert b"error: <stdin>:1: an integer of more than" in proc.stderr and b"Traceback" not in proc.stderr


def run_bytes(args: list[str], stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(SCRIPT), *args], input=stdin, capture_output=True, timeout=60, env=ENV, check=False)


# ---------------------------------------------------------------- configuration and files read whole


def _pyproject_tool_5(folder: Path) -> list[str]:
    (folder / "pyproject.toml").write_text("tool = 5\n", encoding="utf-8")
    return []


def _pyproject_tool_5_named(folder: Path) -> list[str]:
    _pyproject_tool_5(folder)
    return ["--config", str(folder / "pyproject.toml")]


def _cleaner_toml_latin1(folder: Path) -> list[str]:
    (folder / "cleaner.toml").write_bytes('ignore = ["caf\xe9"]\n'.encode("latin-1"))
    return []


def _cleaner_toml_fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "cleaner.toml")
    return []


def _config_fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "settings.toml")
    return ["--config", str(folder / "settings.toml")]


def _site_rules_dev_zero(folder: Path) -> list[str]:
    return ["--site-rules", "/dev/zero"]


def _site_rules_fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "rules.toml")
    return ["--site-rules", str(folder / "rules.toml")]


def _site_rules_huge(folder: Path) -> list[str]:
    with (folder / "rules.toml").open("wb") as handle:
        handle.truncate(65 << 20)  # sparse: 65 MB that take no disk
    return ["--site-rules", str(folder / "rules.toml")]


@pytest.mark.parametrize(
    ("make", "named", "message"),
    [
        pytest.param(_pyproject_tool_5, "pyproject.toml", "tool: must be a table, not 5", id="pyproject-tool-5"),
        pytest.param(_pyproject_tool_5_named, "pyproject.toml", "tool: must be a table", id="config-tool-5"),
        pytest.param(_cleaner_toml_latin1, "cleaner.toml", "not UTF-8 (invalid byte at offset 14)", id="latin1"),
        pytest.param(_cleaner_toml_fifo, "cleaner.toml", "a FIFO, not a regular file; not read", id="toml-fifo"),
        pytest.param(_config_fifo, "settings.toml", "a FIFO, not a regular file; not read", id="config-fifo"),
        pytest.param(_site_rules_dev_zero, "/dev/zero", "a character device, not a regular file", id="dev-zero"),
        pytest.param(_site_rules_fifo, "rules.toml", "a FIFO, not a regular file; not read", id="rules-fifo"),
        pytest.param(_site_rules_huge, "rules.toml", "larger than 64 MB, more than such a file may be", id="huge"),
    ],
)
@pytest.mark.parametrize("command", ["clean", "check"])
def test_a_bad_file_read_whole_is_one_error_naming_it(
    tmp_path: Path, make: Callable[[Path], list[str]], named: str, message: str, command: str
) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode()})
    flags = make(tmp_path)
    where = ["-o", str(tmp_path / "out")] if command == "clean" else []

    proc = run(command, str(tmp_path / "a.txt"), *where, *flags, timeout=30)

    no_traceback(proc.stderr)
    assert proc.returncode == 2, proc.stderr
    path = named if named.startswith("/") else str(tmp_path / named)
    errors = error_lines(proc.stderr)
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}: {message}"), errors
    assert not (tmp_path / "out").exists()

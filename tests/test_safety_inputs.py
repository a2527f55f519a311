"""Hostile inputs (issue 16): poisoned JSONL records, FIFOs, symlink loops, files too big to read whole, bad configs.

Each test runs the installed `cleaner` script on real files, FIFOs (os.mkfifo) and symbolic links, and checks
what a user sees: one line per problem naming the file (and the JSONL line), exit 2 for errors, no traceback,
and the other inputs still cleaned.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
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


# ---------------------------------------------------------------- what a walk meets besides regular files

LEARN_ARGS = ["--group-by", "folder", "--min-count", "2"]


def walk_args(command: str, src: Path, out: Path) -> list[str]:
    if command == "clean":
        return [command, str(src), "-o", str(out)]
    if command == "learn":
        return [command, str(src), "-o", str(out / "rules.toml"), *LEARN_ARGS]
    return [command, str(src)]


@pytest.mark.parametrize(("command", "code"), [("clean", 0), ("check", 1), ("learn", 0)])
def test_a_fifo_in_a_folder_is_a_warning_and_the_run_goes_on(tmp_path: Path, command: str, code: int) -> None:
    src = tmp_path / "src"
    write_tree(src, {"a.txt": ARTICLE_FR.encode(), "sub/b.txt": ARTICLE_EN.encode()})
    os.mkfifo(src / "pipe.txt")  # no writer ever opens it: reading it blocked the run for ever
    os.mkfifo(src / "sub/records.jsonl")

    proc = run(*walk_args(command, src, tmp_path / "out"), "--isolated", timeout=30)

    no_traceback(proc.stderr)
    assert proc.returncode == code, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {src / 'pipe.txt'}: a FIFO, not a regular file; skipped",
        f"warning: {src / 'sub/records.jsonl'}: a FIFO, not a regular file; skipped",
    ]
    if command == "clean":
        assert files_under(tmp_path / "out") == {"a.txt", "sub/b.txt"}


def looping_tree(root: Path) -> Path:
    src = root / "src"
    write_tree(src, {"a.txt": ARTICLE_FR.encode(), "sub/b.txt": ARTICLE_EN.encode()})
    write_tree(root / "outside", {"c.txt": ARTICLE_EN.encode()})
    (src / "sub/up").symlink_to(src, target_is_directory=True)  # a loop
    (src / "sub/here").symlink_to(src / "sub", target_is_directory=True)  # a loop on itself
    (src / "sub/away").symlink_to(root / "outside", target_is_directory=True)
    (root / "outside/back").symlink_to(src, target_is_directory=True)  # a loop through another folder
    return src


@pytest.mark.parametrize(("command", "code"), [("clean", 0), ("check", 1), ("learn", 0)])
def test_symlink_loops_are_walked_once_with_follow_symlinks(tmp_path: Path, command: str, code: int) -> None:
    src = looping_tree(tmp_path)
    out = tmp_path / "out"

    verbose = ["-v"] if command != "learn" else []
    proc = run(*walk_args(command, src, out), "--follow-symlinks", "--isolated", *verbose, timeout=30)

    no_traceback(proc.stderr)
    assert proc.returncode == code, proc.stderr[-2000:]
    if command == "clean":
        assert files_under(out) == {"a.txt", "sub/b.txt", "sub/away/c.txt"}
    if command != "learn":
        again = "skipped (a folder already walked, reached again through a symbolic link)"
        assert [line for line in proc.stderr.splitlines() if "skipped" in line] == [
            f"{src / 'sub/away/back'}: {again}",
            f"{src / 'sub/here'}: {again}",
            f"{src / 'sub/up'}: {again}",
        ]
        assert f"{src / 'sub/away/c.txt'}: changed" in proc.stderr


def test_links_left_out_are_named_with_verbose(tmp_path: Path) -> None:
    src = looping_tree(tmp_path)
    (src / "link.txt").symlink_to(tmp_path / "outside/c.txt")
    (src / "link.png").symlink_to(tmp_path / "outside/c.txt")  # not an input by its name: not mentioned

    quiet = run("check", str(src), "--isolated", timeout=30)
    verbose = run("check", str(src), "--isolated", "-v", timeout=30)

    assert "skipped" not in quiet.stderr
    assert [line for line in verbose.stderr.splitlines() if "skipped" in line] == [
        f"{src / 'link.txt'}: skipped (a symbolic link, followed only with --follow-symlinks)",
        f"{src / 'sub/away'}: skipped (a symbolic link to a folder, followed only with --follow-symlinks)",
        f"{src / 'sub/here'}: skipped (a symbolic link to a folder, followed only with --follow-symlinks)",
        f"{src / 'sub/up'}: skipped (a symbolic link to a folder, followed only with --follow-symlinks)",
    ]
    assert quiet.returncode == verbose.returncode == 1


@pytest.mark.parametrize("folder", ["venv", "node_modules/corpus"])
def test_a_folder_named_on_the_command_line_is_walked_though_an_exclude_names_it(tmp_path: Path, folder: str) -> None:
    write_tree(tmp_path / folder, {"a.txt": ARTICLE_FR.encode(), "sub/__pycache__/b.txt": ARTICLE_EN.encode()})
    named = run("check", str(tmp_path / folder), "--isolated", timeout=30)
    forced = run("check", str(tmp_path / folder), "--isolated", "--force-exclude", timeout=30)

    assert named.returncode == 1, named.stderr  # "0 files", exit 0, before
    assert named.stdout.startswith(f"{tmp_path / folder / 'a.txt'}:2:1: SO001")
    assert "b.txt" not in named.stdout  # the excludes still apply below the folder named
    assert forced.returncode == 0 and forced.stderr.startswith("0 files")


# ---------------------------------------------------------------- a user's --group-regex

LONG_NAME = "a" * 200  # file names reach 255 bytes


@pytest.mark.parametrize(
    ("regex", "danger"),
    [("(a+)+$", "a repeat inside a repeat"), ("(a|aa)+$", "a repeated alternation"), (".*.*.*.*x", "more than 3")],
)
def test_a_group_regex_that_can_backtrack_for_ever_is_refused(tmp_path: Path, regex: str, danger: str) -> None:
    write_tree(tmp_path / "src", {f"{LONG_NAME}.txt": ARTICLE_FR.encode()})
    proc = run("learn", str(tmp_path / "src"), "-o", str(tmp_path / "r.toml"), "--group-by", "regex",
               "--group-regex", regex, "--isolated", timeout=30)  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    errors = error_lines(proc.stderr)
    assert len(errors) == 1 and errors[0].startswith(f"error: --group-regex {regex!r} holds {danger}"), errors
    assert not (tmp_path / "r.toml").exists()


def test_a_group_regex_is_searched_once_per_file_not_per_record(tmp_path: Path) -> None:
    # `.*.*.*x` on a 200-character name without an x takes about 0.1 s: once per record and pass, three
    # files of 60 records took about a minute; once per file, well under a second.
    records = "".join(json.dumps({"text": f"Menu\nLe ministre a parlé lundi, dit-il {n}.\n"}) + "\n" for n in range(60))
    write_tree(tmp_path / "src", {f"{LONG_NAME}{k}.jsonl": records.encode() for k in range(3)})
    started = time.perf_counter()
    proc = run("learn", str(tmp_path / "src"), "-o", str(tmp_path / "r.toml"), "--group-by", "regex",
               "--group-regex", ".*.*.*x", "--isolated", timeout=30)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert time.perf_counter() - started < 15
    assert "name = " in (tmp_path / "r.toml").read_text(encoding="utf-8")

"""Bad input and bad invocations: every problem is reported, nothing is lost, exit codes 2; writes are atomic."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
from test_cli import (
    ARTICLE_EN,
    ARTICLE_FR,
    PAGE_HTML,
    PLAIN,
    PNG,
    cleaned,
    error_lines,
    files_under,
    invoke,
    run_script,
    snapshot,
    write_tree,
)

GOOD = json.dumps({"id": 1, "text": ARTICLE_FR}).encode()
BROKEN = b'{"id": 2, "text": "unterminated'
LIST = b"[1, 2, 3]"
LATIN1 = '{"id": 4, "text": "caf\u00e9"}'.encode("latin-1")
LAST = json.dumps({"id": 5, "text": ARTICLE_EN}).encode()
MIXED = b"\n".join([GOOD, BROKEN, LIST, LATIN1, LAST]) + b"\n"


def no_temporary_files(root: Path) -> bool:
    return not [path for path in root.rglob("*") if path.name.endswith(".tmp")]


# ---------------------------------------------------------------- malformed JSON Lines


def test_malformed_jsonl_lines_are_reported_by_line_and_copied_unchanged(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"d.jsonl": MIXED, "a.txt": ARTICLE_FR.encode()})

    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))

    assert result.exit_code == 2, result.output
    name = tmp_path / "src/d.jsonl"
    errors = error_lines(result.stderr)
    assert errors[0].startswith(f"error: {name}:2: malformed JSON"), errors
    assert errors[1].startswith(f"error: {name}:3: ") and "not a JSON object" in errors[1]
    assert errors[2].startswith(f"error: {name}:4: ") and "UTF-8" in errors[2]
    assert len(errors) == 3
    out = (tmp_path / "out/d.jsonl").read_bytes().split(b"\n")
    assert out[1:4] == [BROKEN, LIST, LATIN1]  # copied through byte for byte: no data is lost
    assert "Publicité" not in json.loads(out[0])["text"]
    assert "Share this article" not in json.loads(out[4])["text"]
    assert (tmp_path / "out/a.txt").read_bytes() == cleaned(ARTICLE_FR)
    assert "3 malformed lines copied unchanged" in result.stderr.splitlines()[-1]


def test_malformed_jsonl_in_check_exits_2_over_findings(tmp_path: Path) -> None:
    write_tree(tmp_path, {"d.jsonl": MIXED})
    before = snapshot(tmp_path)
    result = invoke("check", str(tmp_path / "d.jsonl"))
    assert result.exit_code == 2  # an input error outranks findings (1)
    assert f"{tmp_path / 'd.jsonl'}:2: malformed JSON" in result.stderr
    assert snapshot(tmp_path) == before


def test_malformed_jsonl_on_stdin_with_the_installed_script() -> None:
    proc = run_script("clean", "-", "--format", "jsonl", stdin=MIXED)
    assert proc.returncode == 2
    assert proc.stdout.split(b"\n")[1:4] == [BROKEN, LIST, LATIN1]
    stderr = proc.stderr.decode()
    assert "error: <stdin>:2: malformed JSON" in stderr


@pytest.mark.parametrize("mode", ["output", "in-place"])
def test_on_error_fail_stops_at_the_first_malformed_line(tmp_path: Path, mode: str) -> None:
    write_tree(tmp_path / "src", {"d.jsonl": MIXED})
    before = snapshot(tmp_path / "src")
    where = ["-o", str(tmp_path / "out")] if mode == "output" else ["--in-place"]

    result = invoke("clean", str(tmp_path / "src/d.jsonl"), *where, "--on-error=fail")

    assert result.exit_code == 2
    errors = error_lines(result.stderr)
    assert len(errors) == 1 and errors[0].startswith(f"error: {tmp_path / 'src/d.jsonl'}:2: malformed JSON"), errors
    assert snapshot(tmp_path / "src") == before
    # nothing half-written is left behind: no output, no temporary file
    assert not (tmp_path / "out/d.jsonl").exists()
    assert no_temporary_files(tmp_path), sorted(p.name for p in tmp_path.rglob("*"))


def test_on_error_fail_with_check_fix(tmp_path: Path) -> None:
    write_tree(tmp_path, {"d.jsonl": MIXED})
    before = snapshot(tmp_path)
    result = invoke("check", str(tmp_path / "d.jsonl"), "--fix", "--on-error", "fail")
    assert result.exit_code == 2
    assert f"{tmp_path / 'd.jsonl'}:2: malformed JSON" in result.stderr
    assert snapshot(tmp_path) == before
    assert files_under(tmp_path) == {"d.jsonl"}  # no temporary file beside the input


# ---------------------------------------------------------------- files that cannot be read


def test_binary_and_undecodable_files_are_reported_and_skipped(tmp_path: Path) -> None:
    files = {
        "a.txt": ARTICLE_FR.encode(),
        "image.md": PNG,
        "nul.txt": b"text\x00with\x00nul\n",
        "bad-bom.txt": b"\xef\xbb\xbfcaf\xe9\n",
        "page.html": PAGE_HTML,
    }
    write_tree(tmp_path / "src", files)
    before = snapshot(tmp_path / "src")

    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))

    assert result.exit_code == 2
    errors = error_lines(result.stderr)
    for name in ("image.md", "nul.txt", "bad-bom.txt"):
        assert len([line for line in errors if str(tmp_path / "src" / name) in line]) == 1, (name, errors)
    assert files_under(tmp_path / "out") == {"a.txt", "page.txt"}
    assert "3 failed" in result.stderr.splitlines()[-1]
    assert snapshot(tmp_path / "src") == before


@pytest.mark.parametrize("data", [PNG, b"\xef\xbb\xbfcaf\xe9\n"], ids=["binary", "undecodable"])
def test_binary_or_undecodable_stdin_is_reported(data: bytes) -> None:
    result = invoke("clean", "-", stdin=data)
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert error_lines(result.stderr)[0].startswith("error: <stdin>: ")


@pytest.mark.parametrize(
    "data",
    [pytest.param(b"not gzip at all", id="not-gzip"), pytest.param(gzip.compress(MIXED * 50)[:200], id="truncated")],
)
def test_corrupt_gzip_is_reported_and_nothing_half_written(tmp_path: Path, data: bytes) -> None:
    write_tree(tmp_path / "src", {"d.jsonl.gz": data, "a.txt": ARTICLE_FR.encode()})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert any(str(tmp_path / "src/d.jsonl.gz") in line for line in error_lines(result.stderr)), result.stderr
    assert files_under(tmp_path / "out") == {"a.txt"}


def test_missing_path_in_check_is_reported_and_exits_2(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode()})
    result = invoke("check", str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [f"error: {tmp_path / 'missing.txt'}: no such file or directory"]
    assert f"{tmp_path / 'a.txt'}:4:1: NV005" in result.stdout  # the other file was still checked


def test_unreadable_file_is_reported_and_the_rest_cleaned(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode(), "secret.txt": ARTICLE_EN.encode()})
    secret = tmp_path / "src/secret.txt"
    secret.chmod(0)
    try:
        result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
        readable = os.access(secret, os.R_OK)
    finally:
        secret.chmod(0o644)
    assert (tmp_path / "out/a.txt").read_bytes() == cleaned(ARTICLE_FR)
    # Root reads a file of mode 000, so this assertion only holds for other users: it is skipped when the
    # suite runs as root (os.geteuid() == 0). The test below covers the same path as root.
    if os.geteuid() != 0 or not readable:
        assert result.exit_code == 2
        assert [line for line in error_lines(result.stderr) if str(secret) in line], result.stderr
        assert "1 failed" in result.stderr.splitlines()[-1]


def test_file_that_cannot_be_opened_is_reported_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode(), "secret.txt": ARTICLE_EN.encode()})
    secret = tmp_path / "src/secret.txt"
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == secret:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    monkeypatch.undo()

    assert result.exit_code == 2
    errors = error_lines(result.stderr)
    assert len(errors) == 1 and str(secret) in errors[0] and "Permission denied" in errors[0], errors
    assert files_under(tmp_path / "out") == {"a.txt"}
    assert "1 failed" in result.stderr.splitlines()[-1]


def test_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A folder that cannot be listed (mode 000 for a user other than root) must not be skipped silently.
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode(), "locked/b.txt": ARTICLE_EN.encode()})
    locked = tmp_path / "src/locked"
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    monkeypatch.undo()

    assert (tmp_path / "out/a.txt").read_bytes() == cleaned(ARTICLE_FR)
    assert not (tmp_path / "out/locked").exists()  # the folder could not be listed
    assert result.exit_code == 2, result.stderr
    assert [line for line in error_lines(result.stderr) if str(locked) in line], result.stderr


def test_every_failure_is_named_at_the_end_with_the_summary(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode(), "bin.txt": PNG, "d.jsonl": MIXED})
    missing = tmp_path / "missing"
    proc = run_script("clean", str(tmp_path / "src"), str(missing), "-o", str(tmp_path / "out"))
    assert proc.returncode == 2
    lines = proc.stderr.decode().splitlines()
    summary = lines[-1]
    assert summary.startswith("4 files: 2 changed, 0 unchanged, 2 failed"), summary
    assert "malformed lines copied unchanged" in summary
    assert str(tmp_path / "src/bin.txt") in summary and str(missing) in summary  # the summary names them
    named = lines[:-1]
    assert all(line.startswith("error: ") for line in named), lines
    for needle in (str(tmp_path / "src/bin.txt"), str(missing), f"{tmp_path / 'src/d.jsonl'}:2:"):
        assert [line for line in named if needle in line], (needle, lines)


# ---------------------------------------------------------------- atomic writes, inputs untouched


def test_clean_and_check_never_touch_their_inputs(tmp_path: Path) -> None:
    files = {
        "a.txt": ARTICLE_FR.encode(),
        "b.md": ARTICLE_EN.encode(),
        "page.html": PAGE_HTML,
        "d.jsonl": MIXED,
        "z.jsonl.gz": gzip.compress(GOOD + b"\n"),
        "p.txt": PLAIN.encode(),
    }
    write_tree(tmp_path / "src", files)
    before = snapshot(tmp_path / "src")
    for args in (["clean", "-o", str(tmp_path / "out")], ["check"], ["check", "--diff"], ["check", "--statistics"]):
        invoke(args[0], str(tmp_path / "src"), *args[1:])
        assert snapshot(tmp_path / "src") == before, args  # same bytes, same modification times


def test_output_into_the_folder_of_an_input_file_does_not_overwrite_it(tmp_path: Path) -> None:
    # `-o` never rewrites an input, even when OUT_DIR is the folder that holds the named file.
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode()})
    before = snapshot(tmp_path / "src")
    invoke("clean", str(tmp_path / "src/a.txt"), "-o", str(tmp_path / "src"))
    assert snapshot(tmp_path / "src")["a.txt"] == before["a.txt"]


@pytest.mark.parametrize(
    "files",
    [
        pytest.param({"x/a.txt": ARTICLE_FR, "y/a.txt": ARTICLE_EN}, id="same-name-in-two-folders"),
        pytest.param({"x/page.html": None, "x/page.txt": ARTICLE_FR}, id="html-and-txt-of-one-page"),
    ],
)
def test_two_inputs_with_one_output_name_do_not_lose_data(tmp_path: Path, files: dict[str, str | None]) -> None:
    write_tree(tmp_path / "src", {k: PAGE_HTML if v is None else v.encode() for k, v in files.items()})
    named = [str(tmp_path / "src" / name) for name in files]
    result = invoke("clean", *named, "-o", str(tmp_path / "out"))
    outputs = files_under(tmp_path / "out")
    # either both cleaned texts are written, or the clash is reported: never one silently overwritten
    assert len(outputs) == 2 or (result.exit_code == 2 and error_lines(result.stderr)), (outputs, result.output)


def test_a_failed_write_is_reported_and_leaves_no_partial_file(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode(), "b.txt": ARTICLE_EN.encode()})
    (tmp_path / "out/a.txt").mkdir(parents=True)  # the output path is taken by a folder: the rename fails
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert [line for line in error_lines(result.stderr) if "a.txt" in line and "cannot write" in line]
    assert (tmp_path / "out/b.txt").read_bytes() == cleaned(ARTICLE_EN)
    assert no_temporary_files(tmp_path / "out")


def test_in_place_rewrite_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode()})
    before = snapshot(tmp_path)

    def fail(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    failed = invoke("clean", str(tmp_path / "a.txt"), "--in-place")
    monkeypatch.undo()
    assert failed.exit_code == 2
    assert snapshot(tmp_path) == before  # the input is whole, and no temporary file is left beside it

    inode = (tmp_path / "a.txt").stat().st_ino
    done = invoke("clean", str(tmp_path / "a.txt"), "--in-place")
    assert done.exit_code == 0
    assert (tmp_path / "a.txt").read_bytes() == cleaned(ARTICLE_FR)
    assert (tmp_path / "a.txt").stat().st_ino != inode  # a new file renamed over the old one
    assert files_under(tmp_path) == {"a.txt"}


# ---------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no-paths"),
        pytest.param(["{src}"], id="neither-output-nor-in-place"),
        pytest.param(["{src}", "-o", "{out}", "--in-place"], id="both-output-and-in-place"),
        pytest.param(["-", "{src}", "-o", "{out}"], id="stdin-with-paths"),
        pytest.param(["{src}", "-o", "{out}", "--jobs", "0"], id="jobs-0"),
        pytest.param(["{src}", "-o", "{out}", "--format", "xml"], id="unknown-format"),
        pytest.param(["{src}", "-o", "{out}", "--on-error", "ignore"], id="unknown-on-error"),
        pytest.param(["{src}", "-o", "{out}", "--quotes", "fancy"], id="unknown-quotes"),
        pytest.param(["{src}", "-o", "{out}", "--bogus"], id="unknown-option"),
        pytest.param(["{src}", "-o", "{out}", "--config", "{src}/missing.toml"], id="missing-config"),
        pytest.param(["{src}", "-o", "{src}/out"], id="output-inside-input"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path, args: list[str]) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode()})
    before = snapshot(tmp_path / "src")
    filled = [arg.format(src=tmp_path / "src", out=tmp_path / "out") for arg in args]
    result = invoke("clean", *filled, stdin=b"")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()
    assert snapshot(tmp_path / "src") == before


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["check", "{src}", "--output-format", "xml"], id="check-output-format"),
        pytest.param(["check", "-", "--fix"], id="check-fix-stdin"),
        pytest.param(["rule", "NOPE1"], id="unknown-rule"),
        pytest.param(["bogus"], id="unknown-command"),
    ],
)
def test_other_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode()})
    result = invoke(*[arg.format(src=tmp_path / "src") for arg in args], stdin=b"")
    assert result.exit_code == 2, result.output

"""Outputs under hostile use (issue 16): targets that resolve to inputs, --report and learn -o over inputs, -o paths.

Through the installed `cleaner` script on real files and symbolic links: an input is never overwritten, whatever
the layout of the input and output folders, and every refusal is one line naming the file, with exit 2.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_cli import ARTICLE_EN, ARTICLE_FR, error_lines, files_under, snapshot, write_tree
from test_reliability import expected, no_traceback, run

# ---------------------------------------------------------------- a target that resolves to an input


def test_an_input_inside_the_output_folder_is_never_overwritten(tmp_path: Path) -> None:
    # t/a/b/b/x.txt would be written to t/a/b/x.txt, which is another input.
    write_tree(tmp_path / "t/a/b", {"x.txt": ARTICLE_FR.encode(), "b/x.txt": ARTICLE_EN.encode()})
    before = snapshot(tmp_path / "t/a/b")

    proc = run("clean", str(tmp_path / "t/a/b"), "-o", str(tmp_path / "t/a"), "--isolated")

    no_traceback(proc.stderr)
    assert proc.returncode == 2, proc.stderr
    assert snapshot(tmp_path / "t/a/b") == before
    inner = tmp_path / "t/a/b/b/x.txt"
    assert error_lines(proc.stderr) == [
        f"error: {inner}: its output {tmp_path / 't/a/b/x.txt'} would be written inside the input folder "
        f"{tmp_path / 't/a/b'}; skipped (choose an output folder outside the inputs)"
    ]
    assert (tmp_path / "t/a/x.txt").read_bytes() == expected(ARTICLE_FR)  # the other file was cleaned


def test_a_target_is_compared_with_every_input_not_only_its_own(tmp_path: Path) -> None:
    write_tree(tmp_path, {"in1/x.txt": ARTICLE_FR.encode(), "in2/x.txt": ARTICLE_EN.encode()})
    before = snapshot(tmp_path / "in2")

    proc = run("clean", str(tmp_path / "in1"), str(tmp_path / "in2/x.txt"), "-o", str(tmp_path / "in2"), "--isolated")

    assert proc.returncode == 2, proc.stderr
    assert snapshot(tmp_path / "in2") == before  # replaced by the output of in1/x.txt, before
    errors = error_lines(proc.stderr)
    assert len(errors) == 2, errors
    assert errors[0].startswith(f"error: {tmp_path / 'in1/x.txt'}: its output {tmp_path / 'in2/x.txt'} would overwrite")


def test_an_input_reached_through_a_followed_link_is_never_overwritten(tmp_path: Path) -> None:
    # src/a/x.txt goes to data/a/x.txt, which is also the input src/sub/x.txt, read later through a link.
    write_tree(tmp_path, {"src/a/x.txt": ARTICLE_FR.encode(), "data/a/x.txt": ARTICLE_EN.encode()})
    (tmp_path / "src/sub").symlink_to(tmp_path / "data/a", target_is_directory=True)

    proc = run("clean", str(tmp_path / "src"), "-o", str(tmp_path / "data"), "--follow-symlinks", "--isolated")

    assert proc.returncode == 2, proc.stderr
    assert (tmp_path / "data/a/x.txt").read_bytes() == ARTICLE_EN.encode()
    assert (tmp_path / "data/sub/x.txt").read_bytes() == expected(ARTICLE_EN)
    errors = error_lines(proc.stderr)
    assert len(errors) == 1 and "would overwrite the input" in errors[0] and "src/a/x.txt: its output" in errors[0]


# ---------------------------------------------------------------- --report and learn -o


@pytest.mark.parametrize(
    ("args", "written", "message"),
    [
        pytest.param(
            ["check", "{src}", "--report", "{src}/NOTES.md"], "NOTES.md", "inside the input folder", id="report"
        ),
        pytest.param(["check", "{src}/page.txt", "--report", "{src}/page.txt"], "page.txt", "overwrite", id="same"),
        pytest.param(["clean", "{src}", "-o", "{out}", "--report", "{src}/r.json"], "r.json", "inside", id="clean"),
        pytest.param(["learn", "{src}", "-o", "{src}/page.txt"], "page.txt", "inside the input folder", id="learn"),
        pytest.param(["learn", "{src}/page.txt", "-o", "{src}/page.txt"], "page.txt", "overwrite", id="learn-same"),
    ],
)
def test_report_and_learned_rules_are_refused_over_the_inputs(
    tmp_path: Path, args: list[str], written: str, message: str
) -> None:
    src = tmp_path / "corpus"
    write_tree(src, {"page.txt": ARTICLE_FR.encode(), "NOTES.md": ARTICLE_EN.encode()})
    before = snapshot(src)

    proc = run(*[arg.format(src=src, out=tmp_path / "out") for arg in args], "--isolated")

    assert proc.returncode == 2, proc.stderr
    errors = error_lines(proc.stderr)
    assert len(errors) == 1 and f"{src / written}: would" in errors[0] and message in errors[0], errors
    assert snapshot(src) == before
    assert not (tmp_path / "out").exists()  # refused before anything was read or written


# ---------------------------------------------------------------- paths given to write to


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["clean", "a.txt", "-o", ""], "-o: an empty path", id="empty-output"),
        pytest.param(["clean", "a.txt", "-o", "b.txt"], "-o b.txt: is a file", id="output-is-a-file"),
        pytest.param(["check", "a.txt", "--report", ""], "--report: an empty path", id="empty-report"),
        pytest.param(["check", "a.txt", "--report", "sub"], "--report sub: is a folder", id="report-is-a-folder"),
        pytest.param(["learn", "a.txt", "-o", ""], "-o: an empty path", id="empty-rules"),
        pytest.param(["learn", "a.txt", "-o", "sub"], "-o sub: is a folder", id="rules-is-a-folder"),
    ],
)
def test_an_empty_or_wrong_kind_of_path_to_write_is_refused(tmp_path: Path, args: list[str], message: str) -> None:
    # `-o ""` was the current folder: outputs were written beside the inputs.
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode(), "b.txt": ARTICLE_EN.encode(), "sub/c.md": b"x\n"})
    before = snapshot(tmp_path)
    proc = run(*args, "--isolated", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    errors = error_lines(proc.stderr)
    assert len(errors) == 1 and errors[0].startswith(f"error: {message}"), errors
    assert snapshot(tmp_path) == before and files_under(tmp_path) == {"a.txt", "b.txt", "sub/c.md"}
    assert os.listdir(tmp_path / "sub") == ["c.md"]


@pytest.mark.parametrize("args", [["clean", "", "--in-place"], ["check", "", "--fix"], ["learn", "", "-o", "r.toml"]])
def test_an_empty_input_path_is_refused_not_read_as_the_current_folder(tmp_path: Path, args: list[str]) -> None:
    # An unset shell variable (`cleaner clean "$CORPUS" --in-place`) rewrote every file of the current folder.
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode(), "sub/b.md": ARTICLE_EN.encode()})
    before = snapshot(tmp_path)
    proc = run(*args, "--isolated", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert error_lines(proc.stderr) == ["error: an empty path among the inputs (give '.' for the current folder)"]
    assert snapshot(tmp_path) == before and files_under(tmp_path) == {"a.txt", "sub/b.md"}

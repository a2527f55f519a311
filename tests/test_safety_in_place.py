"""Rewriting files in place under hostile use (issue 16): changes during the run, owners, read-only folders, links.

Through the installed `cleaner` script (`clean --in-place` and `check --fix`) on real files: a file changed
while it is cleaned (the change made from inside the run by a sitecustomize shim, so that it always lands
between the read and the rename), a file of another owner rewritten by root, a clean file in a read-only
folder (a read-only tmpfs as root, a folder of mode 0555 otherwise), symbolic and hard links, and the
temporary files a killed run leaves behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli import ARTICLE_EN, ARTICLE_FR, PLAIN, error_lines, files_under, write_tree
from test_reliability import ENV, expected, no_traceback, run

from cleaner import clean_text
from cleaner.engine import Config, for_records

IN_PLACE = [pytest.param(["clean", "--in-place"], id="clean-in-place"), pytest.param(["check", "--fix"], id="fix")]

APPENDED = "A line another program appended while cleaner was cleaning the file.\n"
SHIM = '''
"""Test shim (tests/test_safety_in_place.py): cleaning a text holding the marker appends a line to its file."""
import os

import cleaner.engine

_clean_text = cleaner.engine.clean_text


def clean_text(text, *args, **kwargs):
    if "Kaboom-append" in text:
        with open(os.environ["APPEND_TO"], "a", encoding="utf-8") as handle:
            handle.write(os.environ["APPEND_TEXT"])
    return _clean_text(text, *args, **kwargs)


cleaner.engine.clean_text = clean_text
'''


@pytest.mark.parametrize("command", IN_PLACE)
@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_a_file_changed_while_it_is_cleaned_is_left_with_the_change(
    tmp_path: Path, command: list[str], fmt: str
) -> None:
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(SHIM, encoding="utf-8")
    if fmt == "txt":
        data = (ARTICLE_FR + "Kaboom-append marker line, dit-il.\n").encode()
        appended = APPENDED
    else:
        records = [{"text": ARTICLE_EN}, {"text": ARTICLE_FR + "Kaboom-append marker, dit-il.\n"}]
        data = "".join(json.dumps(record) + "\n" for record in records).encode()
        appended = json.dumps({"text": APPENDED}) + "\n"
    path = tmp_path / f"page.{fmt}"
    path.write_bytes(data)

    env = {**ENV, "PYTHONPATH": str(shim), "APPEND_TO": str(path), "APPEND_TEXT": appended}
    proc = run(command[0], str(path), command[1], "--isolated", env=env)

    no_traceback(proc.stderr)
    assert proc.returncode == 2, proc.stderr  # was 0, and the appended line was gone
    assert path.read_bytes() == data + appended.encode()
    assert error_lines(proc.stderr) == [
        f"error: {path}: changed while it was being cleaned; left as it is now (run again to clean it)"
    ]
    assert files_under(tmp_path) == {"shim/sitecustomize.py", f"page.{fmt}"}


def test_root_keeps_the_owner_group_and_mode_of_a_file_it_rewrites(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(ARTICLE_FR, encoding="utf-8")
    if os.geteuid() == 0:
        uid, gid = 65534, 65534  # nobody: a file root rewrote became root's, unreadable to its owner (0640)
    else:
        uid, gid = os.getuid(), next((g for g in os.getgroups() if g != os.getgid()), os.getgid())
    os.chown(path, uid, gid)
    path.chmod(0o640)

    proc = run("clean", str(path), "--in-place", "--isolated")

    assert proc.returncode == 0, proc.stderr
    info = path.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (uid, gid, 0o640)
    assert path.read_bytes() == expected(ARTICLE_FR)


@contextlib.contextmanager
def read_only(folder: Path, files: dict[str, bytes]) -> Iterator[None]:
    """A folder holding `files` where nothing can be created: a read-only tmpfs (root), else mode 0555."""
    folder.mkdir()
    if os.geteuid() == 0 and shutil.which("mount"):
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], check=True)
        write_tree(folder, files)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return
    write_tree(folder, files)
    folder.chmod(0o555)
    try:
        yield
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("command", IN_PLACE)
def test_a_clean_file_in_a_read_only_folder_needs_no_write(tmp_path: Path, command: list[str]) -> None:
    clean = clean_text(PLAIN).text.encode()
    records = b"".join(json.dumps({"text": t}).encode() + b"\n" for t in ("Une ligne.", clean_text(PLAIN).text))
    with read_only(tmp_path / "ro", {"clean.txt": clean, "clean.jsonl": records, "dirty.txt": ARTICLE_FR.encode()}):
        ok = run(command[0], str(tmp_path / "ro/clean.txt"), str(tmp_path / "ro/clean.jsonl"), command[1], "--isolated")
        dirty = run(command[0], str(tmp_path / "ro/dirty.txt"), command[1], "--isolated")
        assert ok.returncode == 0, ok.stderr  # was 2: "cannot write", the temporary file made first
        assert dirty.returncode == 2 and "dirty.txt: cannot write" in dirty.stderr, dirty.stderr
        assert (tmp_path / "ro/dirty.txt").read_bytes() == ARTICLE_FR.encode()


def test_records_before_the_first_change_are_copied_from_the_input(tmp_path: Path) -> None:
    # In place, nothing is written until a record changes; the records before it come from the file again.
    lines = [json.dumps({"id": n, "text": f"Une ligne {n}, dit-il."}) for n in range(300)]
    lines[250] = json.dumps({"id": 250, "text": ARTICLE_FR})
    path = tmp_path / "shard.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode())
    proc = run("clean", str(path), "--in-place", "--isolated")
    assert proc.returncode == 0, proc.stderr
    written = path.read_bytes().split(b"\n")
    assert written[:250] == [line.encode() for line in lines[:250]]
    assert json.loads(written[250])["text"] == clean_text(ARTICLE_FR, config=for_records(Config())).text
    assert written[251:] == [line.encode() for line in lines[251:]] + [b""]


# ---------------------------------------------------------------- links and left-over temporary files


def test_in_place_through_a_symbolic_link_rewrites_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    write_tree(tmp_path, {"real/page.txt": ARTICLE_FR.encode()})
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "real/page.txt")
    proc = run("clean", str(link), "--in-place", "--isolated")
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == str(tmp_path / "real/page.txt")  # was a regular file
    assert (tmp_path / "real/page.txt").read_bytes() == expected(ARTICLE_FR)


@pytest.mark.parametrize("command", IN_PLACE)
def test_in_place_refuses_to_separate_hard_links(tmp_path: Path, command: list[str]) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode()})
    os.link(tmp_path / "a.txt", tmp_path / "b.txt")
    proc = run(command[0], str(tmp_path / "a.txt"), command[1], "--isolated")
    assert proc.returncode == 2, proc.stderr
    assert error_lines(proc.stderr) == [
        f"error: {tmp_path / 'a.txt'}: has 2 hard links, which replacing it would separate; left unchanged "
        "(clean it with -o)"
    ]
    assert (tmp_path / "a.txt").stat().st_ino == (tmp_path / "b.txt").stat().st_ino
    assert (tmp_path / "b.txt").read_bytes() == ARTICLE_FR.encode()
    assert files_under(tmp_path) == {"a.txt", "b.txt"}


@pytest.mark.parametrize("mode", ["output", "in-place"])
def test_temporary_files_a_killed_run_left_are_removed_by_the_next(tmp_path: Path, mode: str) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    write_tree(src, {"a.txt": ARTICLE_FR.encode(), "b.txt": ARTICLE_EN.encode()})
    folder = out if mode == "output" else src
    folder.mkdir(exist_ok=True)
    stale, fresh = folder / ".a.txt.0123456789ab.tmp", folder / ".b.txt.ba9876543210.tmp"
    for path, age in ((stale, 7200), (fresh, 60)):  # SIGKILL two hours ago; a run writing now
        path.write_bytes(b"half an output")
        os.utime(path, (time.time() - age, time.time() - age))
    where = ["-o", str(out)] if mode == "output" else ["--in-place"]

    proc = run("clean", str(src), *where, "--isolated")

    assert proc.returncode == 0, proc.stderr
    assert not stale.exists() and fresh.exists()
    assert f"warning: {stale}: removed, a temporary file left by a killed run" in proc.stderr.splitlines()


# ---------------------------------------------------------------- a stub line in front of real text

REVIEW = (
    "Page not found\n"
    "The band released its new album, Page Not Found, on Friday to strong reviews.\n"
    "Critics praised the record for its bold production and sharp lyrics about online life.\n"
)


@pytest.mark.parametrize("command", IN_PLACE)
def test_a_stub_line_in_front_of_real_text_does_not_empty_it(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "f.txt"
    path.write_text(REVIEW, encoding="utf-8")
    proc = run(command[0], str(path), command[1], "--isolated")
    assert path.read_text(encoding="utf-8") == REVIEW  # was emptied, exit 0: a stub passes the guard
    assert proc.returncode == (1 if command[0] == "check" else 0), proc.stderr  # check: held back is a finding
    assert f"warning: held back by the drop-ratio guard: {path}:1 (100% of its characters)" in proc.stderr
    assert not clean_text(REVIEW).stub


def test_a_whole_stub_page_is_still_emptied_as_a_stub() -> None:
    page = "Harbour Lane Books\n404 - Page not found\nSorry, this page does not exist.\n"
    assert clean_text(page).stub and clean_text(page).text == ""

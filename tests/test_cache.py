"""The cache of `cleaner check`: unchanged clean files are skipped unread; whatever could change a verdict is not."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli import ARTICLE_EN, ARTICLE_FR, OLD, PLAIN, SCRIPT, cleaned, invoke, write_tree
from test_cli_check import HEAVY
from typer.testing import Result as CliResult

from cleaner import cache
from cleaner.cache import Cache, Fingerprint
from cleaner.config import Settings
from cleaner.engine import LONG_LINE
from cleaner.io import Source
from cleaner.runner import Runner

CLEAN = {
    "a.txt": cleaned(ARTICLE_FR),
    "b.md": cleaned(ARTICLE_EN),
    "sub/c.txt": PLAIN.encode(),
}
DIRTY = ARTICLE_FR.encode()  # "Publicité", "Suivez-nous sur Twitter": findings


REAL_CODE_VERSION = cache.code_version


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own cache folder (never the user's ~/.cache).

    The package's own stamp is pinned for the runs in this process: an edit of the source tree while the
    tests run (a shared checkout) must not start a cache afresh between two runs of a test.
    """
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(folder))
    monkeypatch.delenv("CLEANER_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "code_version", lambda: [("pinned", 0, 0)])
    return folder


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files a run reads to check them, in order."""
    names: list[str] = []
    original = Runner._file_items

    def spy(self: Runner, source: Source, *args: object) -> Iterator[object]:
        names.append(source.path.name)
        return original(self, source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Runner, "_file_items", spy)
    return names


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the cache hashes outside a check (a touched file, a file --fix rewrote)."""
    names: list[str] = []
    original = cache.fingerprint

    def spy(path: Path) -> Fingerprint:
        names.append(path.name)
        return original(path)

    monkeypatch.setattr(cache, "fingerprint", spy)
    return names


def check(*args: str) -> CliResult:
    return invoke("check", *args)


def summary(result: CliResult) -> str:
    return result.stderr.splitlines()[-1]


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("check-*.json")) if folder.is_dir() else []


def test_a_second_run_skips_the_unchanged_clean_files_unread(tmp_path: Path, checked: list[str]) -> None:
    write_tree(tmp_path / "pages", CLEAN)

    first = check(str(tmp_path / "pages"))
    assert first.exit_code == 0, first.output
    assert summary(first).startswith("3 files: 0 changed, 3 unchanged, 0 failed"), first.stderr
    assert sorted(checked) == ["a.txt", "b.md", "c.txt"]

    checked.clear()
    second = check(str(tmp_path / "pages"), "--verbose")
    assert second.exit_code == 0, second.output
    assert second.stdout == "All clean.\n"
    assert summary(second).startswith("3 files: 0 changed, 3 unchanged (3 cached), 0 failed;"), second.stderr
    assert f"{tmp_path / 'pages' / 'a.txt'}: unchanged (cached)" in second.stderr.splitlines()
    assert checked == []


def test_a_cached_file_is_trusted_on_size_and_time_as_black_does(tmp_path: Path) -> None:
    """Rewritten with the same size and modification time, a file is not read: that is what makes it fast."""
    page = tmp_path / "pages" / "a.txt"
    write_tree(tmp_path / "pages", {"a.txt": PLAIN.encode()})
    assert check(str(page)).exit_code == 0

    same_size = "Publicité\n" + "x" * (len(PLAIN.encode()) - len("Publicité\n".encode()) - 1) + "\n"
    page.write_text(same_size, encoding="utf-8")
    os.utime(page, ns=(OLD, OLD))
    assert page.stat().st_size == len(PLAIN.encode())

    assert check(str(page)).exit_code == 0  # not read
    result = check(str(page), "--no-cache")
    assert result.exit_code == 1 and "NV005" in result.stdout, result.output


def test_an_edited_file_is_checked_again(tmp_path: Path, checked: list[str]) -> None:
    write_tree(tmp_path / "pages", CLEAN)
    assert check(str(tmp_path / "pages")).exit_code == 0
    (tmp_path / "pages/b.md").write_bytes(DIRTY)
    checked.clear()

    result = check(str(tmp_path / "pages"))

    assert result.exit_code == 1, result.output
    assert checked == ["b.md"]
    assert "b.md:4:1: NV005" in result.stdout
    assert "(2 cached)" in summary(result)


def test_a_touched_file_is_hashed_not_checked_and_its_new_time_kept(
    tmp_path: Path, checked: list[str], hashed: list[str]
) -> None:
    write_tree(tmp_path / "pages", CLEAN)
    assert check(str(tmp_path / "pages")).exit_code == 0
    os.utime(tmp_path / "pages/a.txt")  # same bytes, a new time (a checkout, a copy, `touch`)
    checked.clear()

    result = check(str(tmp_path / "pages"))
    assert result.exit_code == 0, result.output
    assert "(3 cached)" in summary(result)
    assert (checked, hashed) == ([], ["a.txt"])

    again = check(str(tmp_path / "pages"))
    assert "(3 cached)" in summary(again)
    assert (checked, hashed) == ([], ["a.txt"])  # the new time was recorded: no second hashing


def test_same_size_new_content_and_new_time_is_checked(tmp_path: Path, checked: list[str]) -> None:
    page = tmp_path / "pages" / "a.txt"
    write_tree(tmp_path / "pages", {"a.txt": b"A quiet morning on the river.\n"})
    assert check(str(page)).exit_code == 0
    page.write_bytes(b"Publicit\xc3\xa9\nThe river is calm.\n")
    assert page.stat().st_size == len(b"A quiet morning on the river.\n")
    checked.clear()

    result = check(str(page))

    assert checked == ["a.txt"]  # the hash told it apart
    assert "cached" not in result.stderr, result.output


def test_files_with_findings_are_never_cached(tmp_path: Path, cache_dir: Path) -> None:
    write_tree(tmp_path / "pages", {"dirty.txt": DIRTY, "clean.txt": PLAIN.encode()})
    for _ in range(2):
        result = check(str(tmp_path / "pages"))
        assert result.exit_code == 1, result.output
        assert "dirty.txt:4:1: NV005" in result.stdout
    assert "(1 cached)" in summary(result)
    (stored,) = cache_files(cache_dir)
    assert [Path(path).name for path in json.loads(stored.read_text())["files"]] == ["clean.txt"]


@pytest.mark.parametrize("kind", ["held", "warning", "jsonl without text"])
def test_files_with_a_held_document_or_a_warning_are_never_cached(tmp_path: Path, kind: str) -> None:
    """Nothing would change in them, but the run has something to say about them: every run says it."""
    name, data = {
        "held": ("heavy.txt", HEAVY.encode()),  # the drop-ratio guard holds it back (exit 1)
        "warning": ("long.txt", ("Le ministre a parlé lundi. " * (LONG_LINE // 27 + 1))[:LONG_LINE].encode() + b"x\n"),
        "jsonl without text": ("records.jsonl", b'{"title": "no text field"}\n'),
    }[kind]
    write_tree(tmp_path / "pages", {name: data})
    results = [check(str(tmp_path / "pages"), "--verbose") for _ in range(2)]
    assert results[0].exit_code == results[1].exit_code
    assert results[0].stdout == results[1].stdout
    assert "cached" not in results[1].stderr, results[1].stderr


def test_a_file_that_becomes_dirty_is_dropped_from_the_cache(tmp_path: Path, cache_dir: Path) -> None:
    page = tmp_path / "pages" / "a.txt"
    write_tree(tmp_path / "pages", {"a.txt": PLAIN.encode()})
    assert check(str(page)).exit_code == 0
    page.write_bytes(DIRTY)
    assert check(str(page)).exit_code == 1
    (stored,) = cache_files(cache_dir)
    assert json.loads(stored.read_text())["files"] == {}


@pytest.mark.parametrize(
    ("flags", "same"),
    [
        (("--ignore", "TY"), False),
        (("--select", "NV"), False),
        (("--extend-select", "CK001"), False),
        (("--lang", "fr"), False),
        (("--quotes", "ascii"), False),
        (("--max-drop-ratio", "0.5"), False),
        (("--format", "text"), False),
        (("--text-field", "body"), False),
        (("--diff",), True),  # how findings are shown is not a verdict
        (("--output-format", "concise", "--jobs", "2", "--quiet"), True),
    ],
)
def test_an_option_that_can_change_a_verdict_starts_afresh(tmp_path: Path, flags: tuple[str, ...], same: bool) -> None:
    write_tree(tmp_path / "pages", CLEAN)
    assert check(str(tmp_path / "pages")).exit_code == 0
    result = check(str(tmp_path / "pages"), *flags, "--verbose")
    assert result.exit_code in (0, 1), result.output
    assert ("unchanged (cached)" in result.stderr) is same, result.stderr


def test_each_file_is_keyed_by_its_own_configuration(tmp_path: Path, checked: list[str]) -> None:
    write_tree(tmp_path / "pages", CLEAN)
    assert check(str(tmp_path / "pages")).exit_code == 0
    (tmp_path / "pages/sub/cleaner.toml").write_text('ignore = ["TY"]\n', encoding="utf-8")
    checked.clear()

    result = check(str(tmp_path / "pages"))

    assert result.exit_code == 0, result.output
    assert checked == ["c.txt"]  # under the new configuration file; a.txt and b.md keep theirs
    assert "(2 cached)" in summary(result)


def test_a_corrupt_or_foreign_cache_file_is_ignored_and_replaced(tmp_path: Path, cache_dir: Path) -> None:
    write_tree(tmp_path / "pages", CLEAN)
    assert check(str(tmp_path / "pages")).exit_code == 0
    (stored,) = cache_files(cache_dir)
    own = json.loads(stored.read_text())
    for garbage in (
        b"\x00\xff{not json",
        b"[1, 2]",
        json.dumps({**own, "layout": 99}).encode(),
        json.dumps({**own, "files": 3}).encode(),
        json.dumps({**own, "settings": [1]}).encode(),
        json.dumps({**own, "configuration": "another one, whose name has the same checksum by chance"}).encode(),
    ):
        stored.write_bytes(garbage)
        result = check(str(tmp_path / "pages"))
        assert result.exit_code == 0, result.output
        assert "cached" not in result.stderr and "error" not in result.stderr
        assert json.loads(stored.read_text())["layout"] == cache.LAYOUT  # rewritten whole
    entries = json.loads(stored.read_text())
    entries["files"] = {path: ["size", None, 3] for path in entries["files"]}  # entries of the wrong shape
    stored.write_text(json.dumps(entries), encoding="utf-8")
    assert "cached" not in check(str(tmp_path / "pages")).stderr
    assert "(3 cached)" in summary(check(str(tmp_path / "pages")))


def test_an_unusable_cache_folder_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "a-file" / "cache"))
    write_tree(tmp_path / "pages", CLEAN)
    for _ in range(2):
        result = check(str(tmp_path / "pages"))
        assert result.exit_code == 0 and result.stderr.count("\n") == 1, result.output
        assert "cached" not in result.stderr


def test_no_cache_reads_everything_and_records_nothing(
    tmp_path: Path, cache_dir: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path / "pages", CLEAN)
    assert check(str(tmp_path / "pages"), "--no-cache").exit_code == 0
    assert cache_files(cache_dir) == []
    assert check(str(tmp_path / "pages")).exit_code == 0
    checked.clear()

    assert "cached" not in check(str(tmp_path / "pages"), "--no-cache").stderr
    monkeypatch.setenv("CLEANER_NO_CACHE", "1")
    assert "cached" not in check(str(tmp_path / "pages")).stderr
    assert len(checked) == 6


def test_a_report_reads_every_file(tmp_path: Path) -> None:
    write_tree(tmp_path / "pages", CLEAN)
    assert check(str(tmp_path / "pages")).exit_code == 0
    result = check(str(tmp_path / "pages"), "--report", str(tmp_path / "report.json"))
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["run"]["totals"]["documents"] == 3


def test_stdin_is_never_cached(cache_dir: Path) -> None:
    for _ in range(2):
        result = invoke("check", "-", stdin=PLAIN.encode())
        assert result.exit_code == 0 and "cached" not in result.stderr, result.output
    assert cache_files(cache_dir) == []


def test_fix_records_the_files_it_leaves_clean(tmp_path: Path, checked: list[str], hashed: list[str]) -> None:
    write_tree(tmp_path / "pages", {"dirty.txt": DIRTY, "clean.txt": PLAIN.encode()})
    fixed = check(str(tmp_path / "pages"), "--fix")
    assert fixed.exit_code == 0, fixed.output
    # Its new bytes, hashed in the temporary file before it replaced the old one.
    assert [(name.startswith(".dirty.txt."), name.endswith(".tmp")) for name in hashed] == [(True, True)]
    checked.clear()

    result = check(str(tmp_path / "pages"))

    assert result.exit_code == 0, result.output
    assert checked == []
    assert "(2 cached)" in summary(result)


def test_a_new_version_or_changed_code_starts_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path / "pages", CLEAN)
    assert check(str(tmp_path / "pages")).exit_code == 0
    assert "(3 cached)" in summary(check(str(tmp_path / "pages")))

    monkeypatch.setattr(cache, "__version__", "99.0")
    assert "cached" not in check(str(tmp_path / "pages")).stderr
    assert "(3 cached)" in summary(check(str(tmp_path / "pages")))

    monkeypatch.setattr(cache, "code_version", lambda: "a rule was edited")
    assert "cached" not in check(str(tmp_path / "pages")).stderr


def test_the_code_version_follows_every_module_of_the_package(tmp_path: Path) -> None:
    write_tree(tmp_path / "pkg", {"__init__.py": b"", "rules/base.py": b"A = 1\n", "notes.txt": b"x\n"})
    write_tree(tmp_path / "pkg", {"__pycache__/base.cpython-311.pyc": b"\0"})
    before = REAL_CODE_VERSION(tmp_path / "pkg")
    assert REAL_CODE_VERSION(tmp_path / "pkg") == before
    (tmp_path / "pkg/notes.txt").write_bytes(b"not code\n")
    (tmp_path / "pkg/__pycache__/base.cpython-311.pyc").write_bytes(b"\1\1")
    assert REAL_CODE_VERSION(tmp_path / "pkg") == before
    os.utime(tmp_path / "pkg/rules/base.py", ns=(OLD, OLD + 1))  # a rule edited, its size kept
    assert REAL_CODE_VERSION(tmp_path / "pkg") != before


def test_where_the_cache_goes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == tmp_path / "mine"
    monkeypatch.delenv("CLEANER_CACHE_DIR")
    assert cache.directory() == tmp_path / "xdg" / "cleaner"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.directory() == tmp_path / "home" / ".cache" / "cleaner"


def test_a_linked_file_is_keyed_by_its_target(tmp_path: Path) -> None:
    write_tree(tmp_path, {"one.txt": PLAIN.encode(), "two.txt": PLAIN.upper().encode()})
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "one.txt")
    assert check(str(link)).exit_code == 0
    assert "(1 cached)" in summary(check(str(tmp_path / "one.txt")))  # the same file, by its own name
    link.unlink()
    link.symlink_to(tmp_path / "two.txt")  # same size and time, other bytes: not the file that was checked
    assert "cached" not in check(str(link)).stderr


def test_concurrent_runs_leave_a_valid_cache(tmp_path: Path, cache_dir: Path) -> None:
    """Runs at once (pre-commit runs batches in parallel) merge their entries; none corrupts the file."""
    folders = [tmp_path / f"batch{i}" for i in range(4)]
    for folder in folders:
        write_tree(folder, CLEAN)
    expected = {str((folder / name).resolve()) for folder in folders for name in CLEAN}
    env = {**os.environ, "CLEANER_CACHE_DIR": str(cache_dir)}

    def start(folder: Path) -> subprocess.Popen[bytes]:
        command = [str(SCRIPT), "check", str(folder)]
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    runs = [start(folder) for folder in folders]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0, 0]
    (stored,) = cache_files(cache_dir)
    entries = json.loads(stored.read_text())["files"]  # one valid file, whatever the order of the writes
    assert 3 <= len(entries) <= 12 and set(entries) <= expected
    for folder in folders:  # one after the other, each adds what it finds missing
        assert start(folder).wait(timeout=120) == 0
    assert set(json.loads(stored.read_text())["files"]) == expected


def test_the_cache_file_is_replaced_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write goes to a temporary file renamed over the cache: a failed write leaves the old one intact."""
    write_tree(tmp_path / "pages", {"a.txt": PLAIN.encode(), "b.txt": PLAIN.encode()})
    store = Cache(tmp_path / "store" / "check.json", "a configuration")
    store.record(str(tmp_path / "pages/a.txt"), Settings(), cache.fingerprint(tmp_path / "pages/a.txt"))
    store.save()
    saved = (tmp_path / "store/check.json").read_bytes()
    assert len(json.loads(saved)["files"]) == 1

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    store.record(str(tmp_path / "pages/b.txt"), Settings(), cache.fingerprint(tmp_path / "pages/b.txt"))
    store.save()
    assert (tmp_path / "store/check.json").read_bytes() == saved
    assert [p.name for p in (tmp_path / "store").iterdir()] == ["check.json"]  # no temporary file left behind


def test_runs_at_once_with_other_settings_merge_their_entries(tmp_path: Path) -> None:
    """Each run names settings by their place in the file's list: a merge must move the other run's places."""
    write_tree(tmp_path / "pages", {"a.txt": PLAIN.encode(), "b.txt": PLAIN.encode()})
    a, b = str(tmp_path / "pages/a.txt"), str(tmp_path / "pages/b.txt")
    strict, loose = Settings(select=("NV",)), Settings(ignore=("TY",))
    first, second = (Cache(tmp_path / "check.json", "one configuration") for _ in range(2))
    for other in (Settings(), Settings(quotes="ascii")):  # places 0 and 1 of second's list: `loose` is its 2
        second._key(other)
    first.record(a, strict, cache.fingerprint(Path(a)))
    second.record(b, loose, cache.fingerprint(Path(b)))
    first.save()
    second.save()

    merged = Cache(tmp_path / "check.json", "one configuration")
    assert merged.unchanged(a, strict) and merged.unchanged(b, loose)
    assert not merged.unchanged(a, loose) and not merged.unchanged(b, strict)

"""Unit tests of cleaner.io: decoding, encoding back, atomic writes and input discovery."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from cleaner.io import Decoded, InputError, Source, decode, discover, encode, read_text, write_atomic

# ---------------------------------------------------------------- decode


def test_decode_utf8() -> None:
    assert decode("Le café, déjà vu — 東京\n".encode(), "a.txt") == Decoded("Le café, déjà vu — 東京\n", "utf-8", False)


def test_decode_utf8_with_bom_strips_and_remembers_it() -> None:
    decoded = decode(codecs.BOM_UTF8 + "crème brûlée\n".encode(), "a.txt")
    assert decoded == Decoded("crème brûlée\n", "utf-8", True)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_decode_utf16_and_utf32_with_bom(encoding: str) -> None:
    text = "Crème brûlée à Noël\r\n"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    decoded = decode(bom + text.encode(encoding), "a.txt")
    assert decoded.text == text
    assert decoded.encoding.startswith("utf-")
    assert decoded.bom is False  # only a UTF-8 BOM is written back


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("crème brûlée", id="creme-brulee"),
        pytest.param("Le café est très bon ici, à Paris.\n", id="sentence"),
        pytest.param("Il a dit qu’il aimait le bœuf et la crème brûlée.\n", id="cp1252-only-characters"),
        # Short documents: one or two words with an accented letter are common in scraped folders.
        pytest.param("café\n", id="cafe"),
        pytest.param("Ça va très bien, merci.", id="ca-va"),
        pytest.param("Été 2019", id="ete-2019"),
        pytest.param("São Paulo", id="sao-paulo"),
    ],
)
def test_decode_short_cp1252_french(text: str) -> None:
    decoded = decode(text.encode("cp1252"), "old.txt")
    assert decoded.text == text, decoded
    assert decoded.bom is False


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xff", id="png"),
        pytest.param(bytes(range(256)), id="all-bytes"),
        # All bytes below 0x80, so valid UTF-8, but NUL bytes and no UTF-16/32 BOM: binary per the docstring.
        pytest.param(b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41", id="ascii-with-nul"),
    ],
)
def test_decode_binary_raises_naming_the_file(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        decode(data, "dir/photo.txt")
    message = str(caught.value)
    assert message.startswith("dir/photo.txt: ")
    assert "\n" not in message


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(codecs.BOM_UTF8 + b"caf\xe9", id="latin1-after-utf8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + b"a\x00b", id="odd-length-utf16"),
    ],
)
def test_decode_invalid_text_after_a_bom_raises(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^bad\.txt: "):
        decode(data, "bad.txt")


# ---------------------------------------------------------------- encode


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "crème brûlée\r\n".encode(),
        "crème brûlée\n".encode(),
        b"plain ascii\n",
    ],
)
def test_encode_round_trip_keeps_the_utf8_bom(data: bytes) -> None:
    decoded = decode(data, "a.txt")
    assert encode(decoded.text, decoded) == data


def test_encode_writes_legacy_encodings_as_utf8() -> None:
    decoded = decode("Le café est très bon ici, à Paris.\n".encode("cp1252"), "a.txt")
    assert encode(decoded.text, decoded) == "Le café est très bon ici, à Paris.\n".encode()


def test_encode_empty_text_has_no_bom() -> None:
    decoded = decode(codecs.BOM_UTF8 + b"Publicit\xc3\xa9\n", "a.txt")
    assert decoded.bom
    assert encode("", decoded) == b""


def test_encode_replaces_lone_surrogates() -> None:
    assert encode("a\ud800b", Decoded("", "utf-8", False)) == b"a?b"


# ---------------------------------------------------------------- write_atomic


def test_write_atomic_creates_parents_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.txt"
    write_atomic(target, b"hello\n")
    assert target.read_bytes() == b"hello\n"
    assert os.listdir(target.parent) == ["out.txt"]


def test_write_atomic_replaces_an_existing_file_by_rename(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old contents\n")
    with target.open("rb") as reader:  # a reader of the old file keeps the old file
        old_inode = os.fstat(reader.fileno()).st_ino
        write_atomic(target, b"new\n")
        assert reader.read() == b"old contents\n"
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_ino != old_inode  # a new file renamed over the old one, not a rewrite in place
    assert os.listdir(tmp_path) == ["out.txt"]


def test_write_atomic_failure_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old\n")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert os.listdir(tmp_path) == ["out.txt"]


# ---------------------------------------------------------------- read_text


def test_read_text_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as missing:
        read_text(tmp_path / "missing.txt")
    assert str(tmp_path / "missing.txt") in str(missing.value)
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


# ---------------------------------------------------------------- discover


def _touch(root: Path, *relatives: str) -> None:
    for relative in relatives:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x\n")


def test_discover_walks_folders_in_sorted_order_with_relative_paths(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    # Created out of order, with other suffixes, hidden files and a hidden folder that are all skipped.
    _touch(root, "zz/z.txt", "b.md", "a.txt", "mm/k.TXT", "mm/x/j.md", "mm/i.txt", "c.html", "d.json",
           ".hidden.txt", ".git/e.txt", "mm/notes.rst")  # fmt: skip

    sources = list(discover([root]))

    assert all(isinstance(s, Source) for s in sources)
    relatives = [s.relative.as_posix() for s in sources if isinstance(s, Source)]
    assert relatives == ["a.txt", "b.md", "mm/i.txt", "mm/k.TXT", "mm/x/j.md", "zz/z.txt"]
    assert relatives == sorted(relatives)
    assert [s.path for s in sources if isinstance(s, Source)] == [root / r for r in relatives]
    assert list(discover([root])) == sources  # stable


def test_discover_files_keep_their_name_and_missing_paths_become_errors_in_place(tmp_path: Path) -> None:
    _touch(tmp_path, "in/x/page.txt", "in/dir/b.md")
    missing = tmp_path / "nothing.txt"

    items = list(discover([tmp_path / "in/x/page.txt", missing, tmp_path / "in/dir"]))

    assert len(items) == 3
    first, error, last = items
    assert first == Source(tmp_path / "in/x/page.txt", Path("page.txt"))
    assert isinstance(error, InputError)
    assert str(missing) in str(error) and "\n" not in str(error)
    assert last == Source(tmp_path / "in/dir/b.md", Path("b.md"))


def test_discover_gives_a_file_with_any_suffix_when_named(tmp_path: Path) -> None:
    _touch(tmp_path, "page.html")
    assert list(discover([tmp_path / "page.html"])) == [Source(tmp_path / "page.html", Path("page.html"))]

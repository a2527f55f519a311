"""Files in and out: discovery of inputs, decoding with the encoding remembered, and atomic writes."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable, Iterator
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from typing import NamedTuple

TEXT_SUFFIXES = (".txt", ".md")
_SNIFF = 8192  # bytes looked at to tell binary files from text


class InputError(Exception):
    """A file that cannot be read as text; the message names the file and is one line."""


class Source(NamedTuple):
    """An input file and the relative path its output takes under OUT_DIR."""

    path: Path
    relative: Path


class Decoded(NamedTuple):
    """A file's text and how to write it back the same way."""

    text: str
    encoding: str  # the encoding found; output is always UTF-8
    bom: bool  # the input started with a UTF-8 byte-order mark, which is written back


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str) -> Decoded:
    """Decode a file's bytes: UTF-8 (with or without BOM), a UTF-16/32 BOM, or a detected encoding.

    Raises InputError for binary data (NUL bytes without a UTF-16/32 BOM) and undecodable bytes.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8", True)
        except UnicodeDecodeError as error:
            raise InputError(f"{name}: invalid UTF-8 after a UTF-8 byte-order mark (byte {error.start})") from None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding, False)
            except UnicodeDecodeError:
                raise InputError(f"{name}: invalid {encoding.upper()} text") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return Decoded(data.decode(utf16), utf16, False)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:_SNIFF]:  # valid UTF-8 can hold NULs, text files never do
        raise InputError(f"{name}: binary file (NUL bytes), skipped")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as error:
        first_bad = error.start
    from charset_normalizer import from_bytes  # only files that are not UTF-8 pay for the import

    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: not UTF-8 (invalid byte at offset {first_bad}) and no other encoding fits")
    # Short texts fit several code pages equally well ("crème" is also valid cp1250, as "crčme"); on a tie
    # Windows-1252 wins: it is the web's commonest legacy encoding, and WHATWG reads Latin-1 labels as it.
    tied = [m for m in matches if m.chaos == best.chaos and m.coherence == best.coherence]
    chosen = next((m for m in tied if m.encoding == "cp1252"), best)
    if not chosen.encoding.startswith(_SINGLE_BYTE) and _mostly_ascii(data):
        # A few accented letters in ASCII text: short files like "café" came back as Big5, UTF-16 or
        # cp1006. Multi-byte encodings write CJK text mostly in high bytes, so ASCII-dominated bytes are
        # a Western single-byte text.
        try:
            return Decoded(data.decode("cp1252"), "cp1252", False)
        except UnicodeDecodeError:
            pass
    return Decoded(str(chosen), chosen.encoding, False)


_SINGLE_BYTE = ("cp12", "iso8859", "latin", "mac_", "cp437", "cp850", "cp858", "koi8", "ascii")


def _mostly_ascii(data: bytes, share: float = 0.6) -> bool:
    return sum(b < 0x80 for b in data[:_SNIFF]) >= share * min(len(data), _SNIFF)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes look like UTF-16 text without a BOM, else None.

    Latin-script text in UTF-16 has a NUL in every other byte, on the same side; binary data has NULs
    scattered over both.
    """
    sample = data[:_SNIFF]
    if len(sample) < 4 or len(sample) % 2:
        return None
    half = len(sample) // 2
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > 0.7 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.7 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def encode(text: str, decoded: Decoded) -> bytes:
    """The bytes to write for a cleaned text: UTF-8, with the input's BOM when it had one."""
    data = text.encode("utf-8", errors="replace")  # a lone surrogate (API input only) becomes "?"
    return codecs.BOM_UTF8 + data if decoded.bom and data else data


def read_text(path: Path) -> Decoded:
    """Read and decode one file; every failure becomes a one-line InputError naming it."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    return decode(data, str(path))


# Files cleaner reads whole besides the documents (configuration, site rules) are refused past this size,
# and must be regular files: `--site-rules /dev/zero` was read until the kernel killed the process at
# 24 GB, and a FIFO in their place blocked the run for ever.
MAX_SETTINGS_BYTES = 64 << 20
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def kind(mode: int) -> str:
    """What a file that is not a regular file is, for a message ("a FIFO", "a character device").

    >>> kind(stat.S_IFIFO), kind(stat.S_IFCHR | 0o666)
    ('a FIFO', 'a character device')
    """
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_small(path: Path, limit: int = MAX_SETTINGS_BYTES) -> bytes:
    """A whole file that must be a regular file of at most `limit` bytes; else InputError, one line naming it.

    The file is opened without blocking (a FIFO's open waits for a writer) and checked before it is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: {kind(mode)}, not a regular file; not read")
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    if len(data) > limit:
        raise InputError(f"{path}: larger than {limit >> 20} MB, more than such a file may be; not read")
    return data


class Skipped(NamedTuple):
    """A file or folder met in a walk and left out, with the reason; `warning`: said even without --verbose."""

    path: Path
    reason: str
    warning: bool = False


def discover(
    paths: list[Path],
    suffixes: tuple[str, ...] = TEXT_SUFFIXES,
    exclude: tuple[str, ...] = (),
    follow_symlinks: bool = False,
) -> Iterator[Source | InputError | Skipped]:
    """The files to clean, in a stable order: files as given, folders walked for `suffixes`.

    A folder's files keep their path relative to it, so its tree is mirrored under OUT_DIR. Files found
    in folders whose relative path or name matches an `exclude` glob are left out. Symbolic links met
    inside folders (files or folders) are followed only with `follow_symlinks`: a link can lead outside
    the tree, or in a loop; paths named on the command line are always read. Missing paths are yielded
    as errors, in place, so the caller reports them and goes on. What a walk leaves out besides hidden
    and excluded names is yielded as Skipped: links not followed, folders already walked (a loop of
    links), and files that are not regular (a FIFO blocked the run for ever, a device would be read
    without end), which are a warning.
    """
    for root in paths:
        if root.is_dir():
            problems: list[OSError | Skipped] = []
            for folder, relative_folder, entries in _walk(root, follow_symlinks, problems.append):
                yield from _reported(problems)  # in place: a folder that could not be listed is never skipped silently
                for entry in entries:
                    name = entry.name
                    if name.startswith(".") or suffix(name).lower() not in suffixes:
                        continue
                    relative = relative_folder / name
                    if not any(relative.match(glob) or fnmatch(name, glob) for glob in exclude):
                        yield _file(entry, folder / name, relative, follow_symlinks)
            yield from _reported(problems)
        elif root.exists():
            yield Source(root, Path(root.name))
        else:
            yield InputError(f"{root}: no such file or directory")


def _reported(problems: list[OSError | Skipped]) -> Iterator[InputError | Skipped]:
    for problem in problems:
        if isinstance(problem, OSError):
            yield InputError(f"{problem.filename}: cannot read folder ({problem.strerror or problem})")
        else:
            yield problem
    problems.clear()


def _file(entry: os.DirEntry[str], path: Path, relative: Path, follow_symlinks: bool) -> Source | Skipped:
    """A walked entry as an input, or why it is left out."""
    if not follow_symlinks and entry.is_symlink():
        return Skipped(path, "a symbolic link, followed only with --follow-symlinks")
    try:
        if entry.is_file():  # a regular file (through a link when followed); no system call for a plain file
            return Source(path, relative)
        mode = entry.stat().st_mode
    except OSError:
        return Source(path, relative)  # a link to nothing: reading it reports why
    return Skipped(path, f"{kind(mode)}, not a regular file", warning=True)


def _walk(
    root: Path, follow_symlinks: bool, report: Callable[[OSError | Skipped], None]
) -> Iterator[tuple[Path, Path, list[os.DirEntry[str]]]]:
    """(folder, the folder relative to root, its files in name order) for each folder under root, top-down.

    os.walk without its per-file lstat: a directory entry already says whether it is a symbolic link
    (measured: a third of the time a 10,000-file folder took to list). Folders are visited in name order,
    hidden ones skipped; as in os.walk, a folder that cannot be listed goes to `report` and is skipped.
    Links to folders are entered only with `follow_symlinks`, and then each folder once, known by its
    device and inode: two links making a loop once had `clean` write 525,861 files in a minute.
    """
    stack: list[tuple[Path, Path, tuple[int, int] | None]] = [(root, Path(), None)]
    entered = {_identity(root)} if follow_symlinks else set()
    while stack:
        folder, relative, identity = stack.pop()
        if identity is not None:  # marked when entered, in walk order: the first path to a folder wins
            if identity in entered:
                report(Skipped(folder, "a folder already walked, reached again through a symbolic link"))
                continue
            entered.add(identity)
        files: list[os.DirEntry[str]] = []
        folders: list[os.DirEntry[str]] = []
        try:
            with os.scandir(folder) as scan:
                for entry in scan:
                    try:
                        is_folder = entry.is_dir()
                    except OSError:
                        is_folder = False
                    (folders if is_folder else files).append(entry)
        except OSError as error:
            report(error)
            continue
        files.sort(key=_name)
        yield folder, relative, files
        folders.sort(key=_name)
        below: list[tuple[Path, Path, tuple[int, int] | None]] = []
        for entry in folders:
            if entry.name.startswith("."):
                continue
            if not follow_symlinks and entry.is_symlink():
                report(
                    Skipped(folder / entry.name, "a symbolic link to a folder, followed only with --follow-symlinks")
                )
                continue
            try:
                identity = _identity(entry) if follow_symlinks else None
            except OSError as error:
                report(error)
                continue
            below.append((folder / entry.name, relative / entry.name, identity))
        stack += reversed(below)  # popped in name order


def _identity(folder: Path | os.DirEntry[str]) -> tuple[int, int]:
    info = folder.stat()
    return info.st_dev, info.st_ino


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def suffix(name: str) -> str:
    """Path(name).suffix, without building a Path (a third of the cost of telling 10,000 files' formats).

    >>> suffix("page.TXT"), suffix("shard.jsonl.gz"), suffix(".txt"), suffix("notes."), suffix("README")
    ('.TXT', '.gz', '', '', '')
    """
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


class RealPaths:
    """Files' paths resolved as Path.resolve() does, each folder once: only a symbolic link costs a full resolve.

    Measured on 10,000 files in 100 folders: resolving each file walked every folder of its path again,
    half of the time a run took to list them; building and hashing Path objects was most of the rest, so
    this works on strings. One instance per run, so a folder moved between runs is seen.
    """

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}
        self._last: tuple[Path, tuple[str, str]] | None = None  # a run asks about one file several times in a row

    def split(self, path: Path) -> tuple[str, str]:
        """The resolved folder and name of a file: `path.resolve()`, as its parent and name, as strings."""
        if self._last is not None and self._last[0] is path:
            return self._last[1]
        name = os.fspath(path)
        if os.path.islink(name):
            found = os.path.split(os.path.realpath(name))
        else:
            folder, base = os.path.split(name)
            real = self._folders.get(folder)
            if real is None:
                real = self._folders[folder] = os.path.realpath(folder or ".")
            found = real, base
        self._last = path, found
        return found

    def __call__(self, path: Path) -> str:
        """The absolute path without symbolic links, as `str(path.resolve())`."""
        return os.path.join(*self.split(path))


@cache
def new_file_mode() -> int:
    """The mode a new file gets under the process's umask (temporary files are created 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary file in the same folder and a rename: never a partial file."""
    import tempfile  # only writes pay for it (with random and shutil, 8 ms measured)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else new_file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

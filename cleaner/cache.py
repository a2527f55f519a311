"""The cache of files that checked clean, as black keeps one: `cleaner check` skips them unread while unchanged."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import stat
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .io import InputError, read_small
from .version import __version__

if TYPE_CHECKING:
    from hashlib import _Hash

    from _typeshed import WriteableBuffer

    from .config import Settings

LAYOUT = 1  # the cache file's own layout: a change makes every earlier file unused
Fingerprint = tuple[int, int, str]  # size, modification time (ns) and SHA-256 of a file's bytes
_CHUNK = 1 << 20
_MAX_CACHE_BYTES = 1 << 30  # about 5 million files' entries; a larger file is not this cache's


def directory() -> Path:
    """Where cache files go: $CLEANER_CACHE_DIR, else $XDG_CACHE_HOME/cleaner, else ~/.cache/cleaner."""
    if os.environ.get("CLEANER_CACHE_DIR"):
        return Path(os.environ["CLEANER_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "cleaner"
    return Path.home() / ".cache" / "cleaner"


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes (the site rules file)."""
    return fingerprint(path)[2]


def settings_text(settings: Settings) -> str:
    """What of a file's settings decides its verdicts: rules, per-file ignores, languages, guard, quotes, field.

    Excludes are left out (they choose files, not verdicts). Per-file ignore globs are relative to the
    configuration's folder, so that folder counts when there are any.
    """
    return repr(
        (
            settings.select,
            settings.extend_select,
            settings.ignore,
            settings.per_file_ignores,
            str(settings.root) if settings.per_file_ignores else None,
            settings.languages,
            settings.max_drop_ratio,
            settings.quotes,
            settings.text_field,
        )
    )


# The libraries whose output a verdict depends on: typography repairs, HTML extraction, decoding.
DEPENDENCIES = ("ftfy", "trafilatura", "charset_normalizer")


def code_version(package: Path = Path(__file__).parent) -> list[tuple[str, int, int]]:
    """The version, the size and time of every module of the package, and of its dependencies' own.

    The version alone would keep verdicts across an edit of a rule in a source checkout (an editable
    install, the way this project is developed) or an upgrade of ftfy; 50-odd stats take half a millisecond.
    """
    modules = []
    for folder, folders, files in os.walk(package):
        folders[:] = sorted(name for name in folders if not name.startswith((".", "__pycache__")))
        for name in sorted(files):
            if name.endswith(".py"):
                modules.append(_stamp(os.path.join(folder, name), os.path.relpath(os.path.join(folder, name), package)))
    for dependency in DEPENDENCIES:
        spec = importlib.util.find_spec(dependency)  # found, not imported
        modules.append(_stamp(spec.origin, dependency) if spec is not None and spec.origin else (dependency, 0, 0))
    return modules


def _stamp(path: str, name: str) -> tuple[str, int, int]:
    info = os.stat(path)
    return name, info.st_size, info.st_mtime_ns


class _Hashing(io.RawIOBase):
    """A file read through: every byte read also goes into a SHA-256, the digest of exactly what was checked."""

    def __init__(self, raw: io.FileIO) -> None:
        from hashlib import sha256  # 3 ms to import: a run that reads no file does not

        super().__init__()
        self.raw = raw
        self.sha: _Hash = sha256()

    def readable(self) -> bool:
        """Always: the file is open for reading."""
        return True

    def readinto(self, buffer: WriteableBuffer) -> int | None:
        """Read like the file, hashing what came."""
        count = self.raw.readinto(buffer)
        if count:
            self.sha.update(memoryview(buffer)[:count])
        return count

    def fileno(self) -> int:
        """The file's descriptor (for fstat)."""
        return self.raw.fileno()

    def close(self) -> None:
        """Close the file too."""
        self.raw.close()
        super().close()


def open_hashed(path: Path) -> tuple[IO[bytes], Callable[[], Fingerprint]]:
    """A file opened for reading, and a function that gives its fingerprint once the caller has read it.

    The size and time are the open file's, taken before reading, and the hash is of the bytes read (the
    rest is read first if the caller stopped short). A file written during the read so keeps an older time
    than it has: the next run finds the time changed and compares hashes.
    """
    raw = io.FileIO(path, "rb")
    info = os.fstat(raw.fileno())
    hashing = _Hashing(raw)
    stream = io.BufferedReader(hashing, _CHUNK)

    def finish() -> Fingerprint:
        while stream.read(_CHUNK):
            pass
        return info.st_size, info.st_mtime_ns, hashing.sha.hexdigest()

    return stream, finish


def fingerprint(path: Path) -> Fingerprint:
    """A file's size, time and hash, read now."""
    stream, finish = open_hashed(path)
    with stream:
        return finish()


class Cache:
    """The files of one (version, run configuration) that checked clean: real path -> size, time, hash, settings.

    Read once at the start of a run and written once at its end, atomically (a temporary file renamed
    over the old one); a missing, unreadable or corrupt file is an empty cache, never an error. Two runs
    at once each merge their changes into the file as it is when they write, so neither corrupts it; the
    later one wins on a file both changed.

    The file holds its configuration and the settings its entries were checked with, in full: a file
    name is only a checksum of the configuration, and an entry names its settings by their place in the
    file's list, so nothing is hashed (hashlib is 3 ms to import) and no collision can mix two of them.
    """

    def __init__(self, path: Path, configuration: str) -> None:
        self.path = path
        self.configuration = configuration
        self._settings, self._entries = _load(path, configuration)
        self._places = {text: place for place, text in enumerate(self._settings)}
        self._changes: dict[str, list[Any] | None] = {}  # real path -> its new entry (None: dropped)
        self._keys: dict[int, tuple[Settings, int]] = {}  # id(settings) -> (settings, its place)

    @classmethod
    def for_run(cls, *options: object) -> Cache:
        """The cache of this version of cleaner and this run configuration (format, language, site rules...)."""
        configuration = repr((LAYOUT, __version__, code_version(), options))
        checksum = zlib.crc32(configuration.encode("utf-8", "surrogatepass"))
        return cls(directory() / f"check-{__version__}-{checksum:08x}.json", configuration)

    def _key(self, settings: Settings) -> int:
        known = self._keys.get(id(settings))
        if known is None:
            text = settings_text(settings)
            if text not in self._places:
                self._places[text] = len(self._settings)
                self._settings.append(text)
            known = self._keys[id(settings)] = (settings, self._places[text])
        return known[1]

    def unchanged(self, real: str, settings: Settings) -> bool:
        """Whether the file (its resolved path) checked clean with these settings and has not changed since.

        Same size and time: yes, without reading it (what makes a second run fast). Same size, another time
        (touched, copied, checked out again): its bytes are hashed, and when they are the ones that checked
        clean the new time is recorded.
        """
        entry = self._changes.get(real, self._entries.get(real))  # any JSON at all: each part is compared
        if not (isinstance(entry, list) and len(entry) == 4 and entry[3] == self._key(settings)):
            return False
        try:
            info = os.stat(real)
        except OSError:
            return False
        if entry[0] != info.st_size or not stat.S_ISREG(info.st_mode):
            return False
        if entry[1] != info.st_mtime_ns:
            try:
                size, mtime, sha = fingerprint(Path(real))
            except OSError:
                return False
            if (size, sha) != (entry[0], entry[2]):
                return False
            self._changes[real] = [size, mtime, sha, entry[3]]
        return True

    def record(self, real: str, settings: Settings, facts: Fingerprint) -> None:
        """Remember a file (its resolved path) that checked clean, as it was read (or as --fix wrote it)."""
        self._changes[real] = [*facts, self._key(settings)]

    def forget(self, real: str) -> None:
        """Drop a file (its resolved path) that did not check clean, so an old entry cannot outlive it."""
        if real in self._entries or real in self._changes:
            self._changes[real] = None

    def save(self) -> None:
        """Write the changes, merged into the file as it is now; a cache that cannot be written is skipped."""
        if not self._changes:
            return
        settings, entries = _load(self.path, self.configuration)
        places = {text: place for place, text in enumerate(settings)}
        for real, entry in self._changes.items():
            if entry is None:
                entries.pop(real, None)
                continue
            text = self._settings[entry[3]]  # its place in the file as it is now
            if text not in places:
                places[text] = len(settings)
                settings.append(text)
            entries[real] = [*entry[:3], places[text]]
        layout = {"layout": LAYOUT, "configuration": self.configuration, "settings": settings, "files": entries}
        data = json.dumps(layout, separators=(",", ":"))
        import tempfile  # only a run that has something to record pays for it

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
            os.replace(tmp, self.path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
        self._changes = {}


def _load(path: Path, configuration: str) -> tuple[list[str], dict[str, Any]]:
    """The settings and entries of a cache file; none when it is missing, unreadable, or not this cache."""
    try:
        data = json.loads(read_small(path, _MAX_CACHE_BYTES))
    except (InputError, ValueError, RecursionError):
        return [], {}
    if not (isinstance(data, dict) and data.get("layout") == LAYOUT and data.get("configuration") == configuration):
        return [], {}
    settings, entries = data.get("settings"), data.get("files")
    if not (
        isinstance(settings, list) and all(isinstance(text, str) for text in settings) and isinstance(entries, dict)
    ):
        return [], {}
    return settings, entries

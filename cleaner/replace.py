"""Replacing a file safely: only as it was read, with its owner and mode, its links kept, old temporary files gone."""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path
from typing import IO, Protocol

from .formats import open_input

Identity = tuple[int, int, int, int]  # device, inode, size, modification time (ns)


def identity(info: os.stat_result) -> Identity:
    """What says a file is still the one that was read: the same inode, size and modification time."""
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def why_not_replace(path: Path, read: Identity | None, info: os.stat_result) -> str | None:
    """Why a file rewritten in place must be left as it is now (`info`: its stat at the rename), or None.

    A file changed since it was read would lose the change: a line appended to a 30 MB file while it was
    being cleaned was gone afterwards. A file with other hard links would be separated from them by the
    rename, the other names keeping the old text. (A change within the file system's time granularity
    that keeps the size cannot be seen; the window is the run's time on that one file.)
    """
    if read is not None and identity(info) != read:
        return f"{path}: changed while it was being cleaned; left as it is now (run again to clean it)"
    if info.st_nlink > 1:
        return (
            f"{path}: has {info.st_nlink} hard links, which replacing it would separate; left unchanged "
            "(clean it with -o)"
        )
    return None


def keep_owner_and_mode(tmp: Path, info: os.stat_result) -> None:
    """Give the new file the old one's owner, group and mode (run as root, `--in-place` made files root's).

    The owner and group are kept where the process may set them (root, or a group it belongs to); the mode
    is set after them, since changing the owner clears the set-user-ID bit.
    """
    made = os.stat(tmp)
    if (made.st_uid, made.st_gid) != (info.st_uid, info.st_gid):
        try:
            os.chown(tmp, info.st_uid, info.st_gid)
        except OSError:  # another owner is root's to give; the group may still be one of the process's
            with contextlib.suppress(OSError):
                os.chown(tmp, -1, info.st_gid)
    os.chmod(tmp, info.st_mode & 0o7777)


class Writable(Protocol):
    def write(self, data: bytes) -> None: ...


class Changed(Exception):
    """The input is no longer the file that was read; the message names it."""


def copy_prefix(path: Path, read: Identity | None, gzipped: bool, count: int, sink: Writable) -> None:
    """Write the first `count` bytes of the file as read (decompressed): the output up to its first change.

    A file rewritten in place is only written once a document in it changes; what comes before is the
    input's own bytes (unchanged records are copied byte for byte), read again here.
    """
    handle: IO[bytes]
    with path.open("rb") as handle:
        if read is not None and identity(os.fstat(handle.fileno())) != read:
            raise Changed(f"{path}: changed while it was being cleaned; left as it is now (run again to clean it)")
        stream = open_input(handle, gzipped)
        while count:
            chunk = stream.read(min(count, 1 << 20))
            if not chunk:
                raise Changed(f"{path}: shorter than when it was read; left as it is now (run again to clean it)")
            sink.write(chunk)
            count -= len(chunk)


# A temporary output of cleaner's: `.NAME.` then 12 hexadecimal digits and `.tmp` (see Writer._temporary).
_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")
# Older than this, no run is writing it any more: a run writes each output as its documents come, and its
# largest document (64 MB) is cleaned in about a minute. A run stopped for longer (SIGSTOP) loses that file.
STALE_SECONDS = 3600
_SWEPT: set[str] = set()


def sweep(folder: Path) -> list[str]:
    """Remove the temporary files a killed run (SIGKILL, a power cut) left in a folder; once per folder and run."""
    key = os.fspath(folder)
    if key in _SWEPT:
        return []
    _SWEPT.add(key)
    removed = []
    old = time.time() - STALE_SECONDS
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if _TEMPORARY.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        if entry.stat(follow_symlinks=False).st_mtime < old:
                            os.unlink(entry.path)
                            removed.append(entry.path)
    except OSError:
        pass  # a folder that cannot be listed: the write that follows reports it
    return removed

"""Where a run may write: never over one of its inputs, never inside a folder of inputs, never to an empty path."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .io import Source, discover


class TargetError(Exception):
    """A path given to write to that cannot be used; the message names it and says why."""


def output_folder(value: str) -> Path:
    """The folder of -o: not empty (Path("") is the current folder), not an existing file."""
    if not value:
        raise TargetError("-o: an empty path; name the output folder (-o . for the current folder)")
    folder = Path(value)
    if folder.exists() and not folder.is_dir():
        raise TargetError(f"-o {value}: is a file; -o names the folder the cleaned files go to")
    return folder


def outside_inputs(output: Path, paths: list[Path]) -> None:
    """Refuse an output folder equal to or inside an input folder (its outputs would become inputs)."""
    target = output.resolve()
    for path in paths:
        if path.is_dir() and (target == path.resolve() or target.is_relative_to(path.resolve())):
            raise TargetError(f"output folder {output} is inside input folder {path}: choose a folder outside it")


def output_file(value: str, flag: str) -> Path:
    """A file to write (--report, learn -o): not empty, not an existing folder; '-' (stdout) as it is."""
    if not value:
        raise TargetError(f"{flag}: an empty path; name the file to write")
    path = Path(value)
    if value != "-" and path.is_dir():
        raise TargetError(f"{flag} {value}: is a folder; name the file to write")
    return path


class Protected:
    """A run's inputs as real paths (symbolic links resolved): its files, and the folders they were found in.

    Each target was compared with its own source only: `cleaner clean t/a/b -o t/a` wrote the output of
    t/a/b/b/x.txt over the input t/a/b/x.txt, and `cleaner clean in1 in2/x.txt -o in2` replaced in2/x.txt
    with the output of in1/x.txt before the clash was reported. Every target is now compared with all of
    them before it is written.
    """

    def __init__(self, files: Iterable[Path], folders: Iterable[Path]) -> None:
        self.files = {os.path.realpath(path): str(path) for path in files}
        self.folders = {os.path.realpath(path): str(path) for path in folders}

    def clash(self, target: Path) -> str | None:
        """Why writing `target` would touch the inputs ("would overwrite the input X"), or None."""
        real = os.path.realpath(target)
        if real in self.files:
            return f"would overwrite the input {self.files[real]}"
        folder = os.path.dirname(real)
        while True:
            if folder in self.folders:
                return f"would be written inside the input folder {self.folders[folder]}"
            parent = os.path.dirname(folder)
            if parent == folder:
                return None
            folder = parent


def protect(paths: list[Path], follow_symlinks: bool, suffixes: tuple[str, ...]) -> Protected:
    """The inputs of a run over `paths`: the files and folders named, and what a walk reaches through links.

    Without links followed, every file a walk finds is inside a folder named, so nothing is walked here;
    with --follow-symlinks an input can lie outside them, so the walk is made first.
    """
    named = [path for path in paths if str(path) != "-"]
    files = [path for path in named if not path.is_dir()]
    folders = [path for path in named if path.is_dir()]
    if follow_symlinks and folders:
        found = [item.path for item in discover(folders, suffixes, follow_symlinks=True) if isinstance(item, Source)]
        files += found
        folders += [path.parent for path in found]
    return Protected(files, folders)


def writable_file(value: str, flag: str, paths: list[Path], follow_symlinks: bool, suffixes: tuple[str, ...]) -> Path:
    """A file a run writes besides its outputs (--report, learn -o), refused as -o is over the inputs."""
    path = output_file(value, flag)
    reason = protect(paths, follow_symlinks, suffixes).clash(path) if value != "-" else None
    if reason is not None:
        raise TargetError(f"{flag} {value}: {reason}; write it outside the inputs")
    return path

"""Many documents: files and folders through the engine to OUT_DIR, or stdin to stdout; never prints."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .engine import Config, clean_text
from .io import InputError, Source, decode, discover, encode, read_text, write_atomic
from .report import FileOutcome, Report

Progress = Callable[[FileOutcome], None]


def clean_file(source: Source, out_dir: Path, config: Config | None = None, lang: str | None = None) -> FileOutcome:
    """Clean one file into OUT_DIR under its relative path; the input is only read."""
    name = str(source.path)
    try:
        decoded = read_text(source.path)
    except InputError as error:
        return FileOutcome(name, error=str(error))
    result = clean_text(decoded.text, lang=lang, config=config)
    target = out_dir / source.relative
    try:
        write_atomic(target, encode(result.text, decoded))
    except OSError as error:
        return FileOutcome(name, error=f"{target}: cannot write ({error.strerror or error})")
    return FileOutcome(name, result=result, size=len(decoded.text.encode("utf-8", errors="replace")))


def clean_paths(
    paths: Iterable[Path],
    out_dir: Path,
    config: Config | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
    exclude: tuple[str, ...] = (),
) -> Report:
    """Clean files and folders into OUT_DIR, mirroring each folder's tree; errors are counted, not raised."""
    report = Report()
    started = time.perf_counter()
    seen: dict[Path, str] = {}
    for item in discover(list(paths), exclude=exclude):
        if isinstance(item, InputError):
            outcome = FileOutcome(str(item).split(":", 1)[0], error=str(item))
        elif item.relative in seen:
            outcome = FileOutcome(
                str(item.path), error=f"{item.path}: same output path as {seen[item.relative]}, skipped"
            )
        else:
            seen[item.relative] = str(item.path)
            outcome = clean_file(item, out_dir, config, lang)
        report.add(outcome)
        if progress is not None:
            progress(outcome)
    report.seconds = time.perf_counter() - started
    return report


def clean_bytes(data: bytes, config: Config | None = None, lang: str | None = None) -> tuple[bytes, Report]:
    """Clean one document given as bytes (stdin): the output bytes and the run's report."""
    report = Report()
    started = time.perf_counter()
    try:
        decoded = decode(data, "<stdin>")
    except InputError as error:
        report.add(FileOutcome("<stdin>", error=str(error)))
        return b"", report
    result = clean_text(decoded.text, lang=lang, config=config)
    report.add(FileOutcome("<stdin>", result=result, size=len(data)))
    report.seconds = time.perf_counter() - started
    return encode(result.text, decoded), report

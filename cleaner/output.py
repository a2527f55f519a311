"""One input file's output: documents written to a temporary file, renamed into place at the end."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .config import Settings
from .events import DocumentEvent, FileOutcome
from .formats import Document, Format, JsonlOptions, Passthrough, Sink, jsonl_line, output_name, text_bytes
from .html import PARSER_TEXT_LIMIT, over_parser_limit
from .io import Decoded, Source, new_file_mode
from .model import Result
from .replace import Changed, Identity, copy_prefix, keep_owner_and_mode, sweep, why_not_replace

if TYPE_CHECKING:
    from .cache import Fingerprint
    from .siterules import SiteRules


class Mode(str, Enum):
    """Where cleaned text goes."""

    OUTPUT = "output"  # under OUT_DIR, mirroring the input tree
    IN_PLACE = "in-place"  # over the input (clean --in-place, check --fix), only when it changed
    CHECK = "check"  # nowhere: findings and diffs only


@dataclass(frozen=True, slots=True)
class Options:
    """How a run reads, cleans and writes; built by the CLI from flags and configuration."""

    settings: Settings = field(default_factory=Settings)  # for stdin, and for files without their own
    # The settings of one file, from the configuration nearest to it (as ruff finds it per file); None:
    # `settings` for every file (--config, --isolated, the Python API).
    settings_for: Callable[[Path], Settings] | None = None
    mode: Mode = Mode.OUTPUT
    out_dir: Path | None = None
    jobs: int = 1
    fmt: Format | None = None  # --format: overrides detection by suffix
    lang: str | None = None
    jsonl: JsonlOptions = field(default_factory=JsonlOptions)
    fail_on_error: bool = False  # --on-error=fail
    force_exclude: bool = False  # apply excludes to files named on the command line too
    follow_symlinks: bool = False  # follow symbolic links met inside folders
    exclude: tuple[str, ...] = ()
    site_rules: SiteRules | None = None  # learned lines per site (--site-rules, --learn), removed as LR001


@dataclass(slots=True)
class FileStart:
    """The beginning of one input file in the stream of work."""

    source: Source
    fmt: Format
    gzipped: bool
    decoded: Decoded | None = None
    read: Identity | None = None  # in place: the file as it was opened, which a rewrite must still find


class Writer:
    """Collects one file's cleaned documents into its output, written atomically (or not at all)."""

    def __init__(
        self,
        start: FileStart,
        options: Options,
        stream: IO[bytes] | None = None,
        name: str | None = None,
        fingerprint: bool = False,
    ) -> None:
        self.source = start.source
        self.start = start
        self.options = options
        self.settings = settings_of(options, None if stream is not None else start.source.path)
        self.jsonl = jsonl_options(options, self.settings)
        self.outcome = FileOutcome(name or str(start.source.path), fmt=start.fmt.value)
        self._stream = stream
        self._tmp: Path | None = None
        self._handle: IO[bytes] | None = None
        self.target: Path | None = None
        self._fingerprint = fingerprint  # take the size, time and hash of a file rewritten in place (for the cache)
        self.written: Fingerprint | None = None
        # In place, the output is only begun at the first document that changes: before it, it is the input's
        # own bytes, counted here (a clean file in a read-only folder failed with "cannot write" because the
        # temporary file was made first, and `cleaner-fix` failed on read-only checkouts).
        self._unwritten: int | None = None
        self._sink: Sink | None = None
        if stream is not None:
            self._sink = Sink(stream, start.gzipped)
        elif options.mode is Mode.OUTPUT and name is None:
            assert options.out_dir is not None
            self.target = options.out_dir / output_name(start.source.relative, start.fmt, start.gzipped)
            self._begin()
        elif options.mode is Mode.IN_PLACE and name is None:
            # Through a symbolic link, the file it points to is rewritten and the link kept.
            self.target = Path(os.path.realpath(start.source.path))
            self._unwritten = 0

    def _begin(self) -> None:
        """Create the temporary output (and its folder); a failure fails this file, the run goes on."""
        assert self.target is not None
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            removed = sweep(self.target.parent)
            fd = self._temporary(self.target)
        except OSError as error:  # an unwritable folder
            self.outcome.error = f"{self.target}: cannot write ({error.strerror or error})"
            return
        self.outcome.warnings += [f"{name}: removed, a temporary file left by a killed run" for name in removed]
        self._handle = os.fdopen(fd, "wb")
        self._sink = Sink(self._handle, self.start.gzipped)

    def _temporary(self, target: Path) -> int:
        """Create the temporary file beside the target, registered in PENDING before it exists.

        Registering first leaves no moment where the file exists unregistered, whatever a signal
        interrupts (masking signals around mkstemp did not: with worker threads, the signal reached the
        process through another thread, and Python ran the handler in between anyway).
        """
        while True:
            self._tmp = target.parent / f".{target.name}.{os.urandom(6).hex()}.tmp"
            PENDING.add(self._tmp)
            try:
                return os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                PENDING.discard(self._tmp)  # another file's name: draw again
            except OSError:
                PENDING.discard(self._tmp)
                self._tmp = None
                raise

    def add(self, item: Passthrough | Document, result: Result | None, report: Callable[[DocumentEvent], None]) -> None:
        """Write one document's output (or a passed-through line) and report it."""
        if self.outcome.error is not None:
            return  # the file already failed: nothing more is written for it
        if isinstance(item, Passthrough):
            self._write(item.raw + item.ending, changed=False)
            self.outcome.passthrough(item, self.outcome.name)
            return
        document = item
        assert result is not None
        event = DocumentEvent(
            self.outcome.name,
            document.line,
            document.url,
            result,
            held=held(result, self.settings.max_drop_ratio),
            record=self.start.fmt is Format.JSONL,
        )
        text = result.original if event.held else result.text
        if self.start.fmt is Format.JSONL:
            self._write(jsonl_line(document, text, self.jsonl), changed=text != document.text)
        else:
            self._write(text_bytes(text, self.start.decoded), changed=text != result.original)
        self.outcome.document(event)
        if result.long_lines:
            from .engine import LONG_LINE  # the engine is loaded already: it made this result
        for number in result.long_lines:
            where = f"{self.outcome.name}:{document.line}" if self.start.fmt is Format.JSONL else self.outcome.name
            text_line = f" (text line {number})" if self.start.fmt is Format.JSONL else f":{number}"
            self.outcome.warnings.append(
                f"{where}{text_line}: over {LONG_LINE:,} characters; the pattern rules skipped it"
            )
        if self.start.fmt is Format.HTML and not result.original.strip():
            self.outcome.warnings.append(f"{self.outcome.name}: trafilatura found no main text; the output is empty")
        if document.html is not None and over_parser_limit(document.html):
            self.outcome.warnings.append(
                f"{self.outcome.name}: over {PARSER_TEXT_LIMIT:,} bytes of text without markup, which the HTML "
                "parser (libxml2) drops; the output lacks that text"
            )
        report(event)

    def failed(self, document: Document, message: str) -> None:
        """Cleaning raised: a JSONL record is copied through and reported; a whole file fails, output discarded."""
        if self.start.fmt is Format.JSONL:
            self._write(document.raw + document.ending, changed=False)
            self.outcome.bad_lines.append(
                f"{self.outcome.name}:{document.line}: cleaning failed ({message}); record copied unchanged"
            )
        elif self.outcome.error is None:
            self.outcome.error = f"{self.outcome.name}: cleaning failed ({message}); nothing written for it"

    def _write(self, data: bytes, changed: bool = True) -> None:
        if self._unwritten is not None and self.outcome.error is None:  # in place, nothing written yet
            if not changed:
                self._unwritten += len(data)
                return
            self._begin()
            if self._sink is None:
                return
            try:
                copy_prefix(self.source.path, self.start.read, self.start.gzipped, self._unwritten, self._sink)
            except Changed as error:
                self.outcome.error = str(error)
                self._sink = None
                return
            except OSError as error:
                self.outcome.error = f"{self.target}: cannot write ({error.strerror or error})"
                self._sink = None
                return
            finally:
                self._unwritten = None
        if self._sink is not None:
            try:
                self._sink.write(data)
            except OSError as error:
                if isinstance(error, BrokenPipeError) and self._stream is not None:
                    raise  # stdout's reader is gone: the run stops (see terminal.broken_pipe)
                self.outcome.error = f"{self.target or '<stdout>'}: cannot write ({error.strerror or error})"
                self._sink = None

    def finish(self) -> FileOutcome:
        """Close the output: rename it into place (in place only when it changed), or discard it."""
        self.outcome.no_text_field(self.jsonl.text_field)
        if self._handle is None or self._tmp is None or self.target is None:
            if self._sink is not None:
                self._write_last()
            return self.outcome
        try:
            if self._sink is not None:
                self._sink.close()  # gzip's last block is written here: a full disk shows up here too
            self._handle.flush()
            if self.options.mode is Mode.IN_PLACE:
                # Replacing the user's file: its new bytes reach the disk before the rename, so even a power
                # cut leaves the old file or the new one. A new output in OUT_DIR is still written whole
                # before its rename (no partial file is ever seen), but not forced to disk one file at a
                # time: that fsync was a twentieth of HTML mode's time over 150 small files.
                os.fsync(self._handle.fileno())
            self._handle.close()
            refused = self._refused() if self.options.mode is Mode.IN_PLACE else None
            if refused is not None:
                self.outcome.error = refused
            if self.outcome.error is not None or (self.options.mode is Mode.IN_PLACE and not self.outcome.changed):
                self._tmp.unlink(missing_ok=True)
            else:
                if self.options.mode is Mode.OUTPUT:
                    os.chmod(self._tmp, new_file_mode())
                if self._fingerprint and self.options.mode is Mode.IN_PLACE:
                    from .cache import fingerprint

                    self.written = fingerprint(self._tmp)  # the file's own bytes, before anyone else can see them
                os.replace(self._tmp, self.target)
        except OSError as error:
            self._tmp.unlink(missing_ok=True)
            self.outcome.error = f"{self.target}: cannot write ({error.strerror or error})"
        PENDING.discard(self._tmp)  # after the rename or the unlink: an interruption before it finds the file
        return self.outcome

    def _refused(self) -> str | None:
        """In place: why the input must stay as it is (changed since read, hard links), or None.

        When it may be replaced, its owner and mode (as they are now, just before the rename) go to the new file.
        """
        assert self.target is not None and self._tmp is not None
        info = os.stat(self.target)
        reason = why_not_replace(self.source.path, self.start.read, info)
        if reason is None:
            keep_owner_and_mode(self._tmp, info)
        return reason

    def _write_last(self) -> None:
        """Close a stream's sink: gzip writes its last block here, and stdout may be full or gone by then."""
        assert self._sink is not None
        try:
            self._sink.close()
            if self._stream is not None:
                self._stream.flush()
        except OSError as error:
            if isinstance(error, BrokenPipeError):
                raise
            self.outcome.error = f"<stdout>: cannot write ({error.strerror or error})"

    def abort(self) -> None:
        """Drop a partial output after a read error: the input is never half-written anywhere."""
        if self._handle is not None:
            self._handle.close()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            PENDING.discard(self._tmp)


# The temporary files of the outputs being written. A signal's exception can land after a Writer made its
# file and before the runner holds the Writer (seen by tests/test_reliability.py: a file left behind after
# SIGTERM); the runner then removes whatever is still here (`discard_pending`).
PENDING: set[Path] = set()


def discard_pending() -> None:
    """Remove the temporary files of outputs that were never finished (after an interruption)."""
    for tmp in list(PENDING):
        tmp.unlink(missing_ok=True)
        PENDING.discard(tmp)


def jsonl_options(options: Options, settings: Settings) -> JsonlOptions:
    """The JSONL fields for a file: its settings' text field (flags already applied), the run's others."""
    return JsonlOptions(settings.text_field, options.jsonl.lang_field, options.jsonl.url_field)


def settings_of(options: Options, path: Path | None) -> Settings:
    """The settings that apply to one input file (the run's own for stdin)."""
    if path is None or options.settings_for is None:
        return options.settings
    return options.settings_for(path)


def held(result: Result, max_ratio: float) -> bool:
    """Whether the drop-ratio guard keeps a document unchanged (a whole stub is never held)."""
    if result.stub or not result.original or max_ratio >= 1:
        return False
    return (len(result.original) - len(result.text)) / len(result.original) > max_ratio

"""Input formats: text and Markdown, HTML, JSON Lines, each optionally gzipped; reading into documents, writing back."""

from __future__ import annotations

import errno
import io
import json
import re
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from .io import Decoded, InputError, decode, encode, suffix

if TYPE_CHECKING:
    import gzip

GZIP_MAGIC = b"\x1f\x8b"
# The largest document (a text file, an HTML page, a JSONL line) cleaner reads. Reading stops at this
# size, so memory stays bounded whatever the input; a larger one is refused with a message naming it.
MAX_DOCUMENT_BYTES = 64 << 20


class Format(str, Enum):
    """How a file's bytes become documents."""

    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"


SUFFIXES = {
    ".txt": Format.TEXT,
    ".md": Format.TEXT,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
}
FORMAT_NAMES = {
    "text": Format.TEXT,
    "txt": Format.TEXT,
    "md": Format.TEXT,
    "markdown": Format.TEXT,
    "html": Format.HTML,
    "htm": Format.HTML,
    "jsonl": Format.JSONL,
    "ndjson": Format.JSONL,
}


def detect(path: Path, override: Format | None = None) -> tuple[Format, bool] | None:
    """The format of a file by its suffix (".jsonl.gz" is gzipped JSONL), or None when it is not one."""
    name = path.name.lower()
    gzipped = name.endswith(".gz")
    if override is not None:
        return override, gzipped
    found = SUFFIXES.get(suffix(name[:-3] if gzipped else name))
    return (found, gzipped) if found is not None else None


def output_name(relative: Path, fmt: Format, gzipped: bool) -> Path:
    """Where a cleaned file goes under OUT_DIR: HTML becomes text ("page.html.gz" -> "page.txt.gz")."""
    if fmt is not Format.HTML:
        return relative
    stem = relative.name[:-3] if gzipped else relative.name
    return relative.with_name(Path(stem).stem + ".txt" + (".gz" if gzipped else ""))


class Document(NamedTuple):
    """One thing to clean: a whole text file, an HTML page, or a JSONL record's text field."""

    text: str | None  # None for HTML not yet extracted
    html: bytes | None = None
    lang: str | None = None
    url: str | None = None
    line: int = 1  # the JSONL line of the record (1 for whole files)
    record: dict[str, Any] | None = None  # the parsed JSONL record
    raw: bytes = b""  # the JSONL line as read, without its ending
    ending: bytes = b""  # the JSONL line's own ending


class Passthrough(NamedTuple):
    """A JSONL line copied to the output as it was, with the reason (malformed JSON, no text field)."""

    raw: bytes
    ending: bytes
    line: int
    problem: str
    error: bool  # a malformed line is an input error; a record without the text field is not


def open_input(data: IO[bytes], gzipped: bool) -> IO[bytes]:
    """A binary stream, decompressed when the file is gzipped (by name or by its magic bytes)."""
    if gzipped:
        import gzip  # only gzipped inputs pay for it

        return gzip.GzipFile(fileobj=data, mode="rb")  # type: ignore[return-value]  # a GzipFile is an IO[bytes]
    return data


class JsonlOptions(NamedTuple):
    """Which record fields hold the text, the language and the URL."""

    text_field: str = "text"
    lang_field: str | None = "lang"
    url_field: str | None = "url"


def read_whole(data: bytes, fmt: Format, name: str) -> tuple[Document, Decoded | None]:
    """A text or HTML file as one document; raises InputError for binary or undecodable text."""
    if fmt is Format.HTML:
        return Document(None, html=data), None
    decoded = decode(data, name)
    return Document(decoded.text), decoded


def read_limited(stream: IO[bytes], name: str) -> bytes:
    """A whole text or HTML document, refused (InputError) past MAX_DOCUMENT_BYTES without reading it all."""
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(f"{name}: larger than {MAX_DOCUMENT_BYTES >> 20} MB, the most one document may be; skipped")
    return data


def read_jsonl(stream: IO[bytes], options: JsonlOptions, name: str = "<stdin>") -> Iterator[Document | Passthrough]:
    """The records of a JSONL stream, one at a time (memory bounded by MAX_DOCUMENT_BYTES)."""
    number = 0
    while line := stream.readline(MAX_DOCUMENT_BYTES + 1):
        number += 1
        if len(line) > MAX_DOCUMENT_BYTES:
            yield from _oversized(stream, line, number)
            continue
        body = line.rstrip(b"\r\n")
        ending = line[len(body) :]
        raw = body
        if number == 1 and body.startswith(b"\xef\xbb\xbf"):
            body = body[3:]  # parsed without the byte-order mark, written back with it
        if not body.strip():
            yield Passthrough(raw, ending, number, "", False)
            continue
        try:
            record = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError as error:
            yield Passthrough(raw, ending, number, f"invalid UTF-8 at byte {error.start}", True)
            continue
        except json.JSONDecodeError as error:
            yield Passthrough(raw, ending, number, f"malformed JSON: {error.msg} (column {error.colno})", True)
            continue
        except (ValueError, RecursionError) as error:
            # Valid JSON that Python's json refuses: an integer of more than 4,300 digits (ValueError, the
            # interpreter's limit on int conversion) or arrays and objects nested about 100,000 deep
            # (RecursionError). Either stopped the whole run with a traceback; now the line is one error.
            yield Passthrough(raw, ending, number, _unparsable(error), True)
            continue
        if not isinstance(record, dict):
            yield Passthrough(raw, ending, number, "not a JSON object", True)
            continue
        text = record.get(options.text_field)
        if not isinstance(text, str):
            yield Passthrough(raw, ending, number, f"no string field {options.text_field!r}", False)
            continue
        lang = record.get(options.lang_field) if options.lang_field else None
        url = record.get(options.url_field) if options.url_field else None
        yield Document(
            text,
            lang=lang if isinstance(lang, str) and lang else None,
            url=url if isinstance(url, str) else None,
            line=number,
            record=record,
            raw=raw,
            ending=ending,
        )


_TAIL_CHUNK = 1 << 20


def _oversized(stream: IO[bytes], head: bytes, number: int) -> Iterator[Passthrough]:
    """A line too long to clean, copied through as it is read (its first MAX_DOCUMENT_BYTES, then 1 MB at a time).

    Refusing it used to drop the whole file's output (a shard of 100,000 records lost to one line); now only
    the line is left uncleaned, reported with its number, and memory stays bounded by the document limit.
    """
    problem = f"line longer than {MAX_DOCUMENT_BYTES >> 20} MB, not cleaned"
    yield Passthrough(head, b"", number, problem, True)
    while not head.endswith(b"\n") and (head := stream.readline(_TAIL_CHUNK)):
        yield Passthrough(head, b"", number, "", False)


def _unparsable(error: ValueError | RecursionError) -> str:
    if isinstance(error, RecursionError):
        return "JSON nested too deeply to be read"
    if "digits" in str(error):
        return f"an integer of more than {sys.get_int_max_str_digits():,} digits, too long to be read"
    return f"JSON that cannot be read ({str(error).split(';')[0]})"


def jsonl_line(document: Document, text: str, options: JsonlOptions) -> bytes:
    """A record's output line: the input bytes with only the text field's value replaced.

    Every other byte of the record stays as it was (key order, spacing, number spellings such as 1e400
    that a decode and re-encode would turn into invalid JSON).
    """
    if document.record is None or text == document.text:
        return document.raw + document.ending
    raw = document.raw
    start, end = _value_span(raw, options.text_field)
    value = json.dumps(text, ensure_ascii=False)
    if not value.isascii() and _SURROGATE.search(value):
        value = json.dumps(text)  # a lone surrogate cannot be UTF-8: written as a \ud800 escape, valid JSON
    return b"".join((raw[:start], value.encode("utf-8"), raw[end:], document.ending))


_SURROGATE = re.compile("[\ud800-\udfff]")
# The record's bytes are read in place, without decoding the line or its values again: every byte of JSON's
# syntax is ASCII, so UTF-8 text never looks like it. Finding the text's end this way, rather than decoding
# the value (json's raw_decode), took the writer from 11 % of a run without the model to 4 %.
_SPACE = re.compile(rb"[ \t\n\r]*")
_NESTED = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[][{}]', re.DOTALL)  # a string, or a bracket
_SCALAR = re.compile(rb"[^,}\] \t\n\r]*")  # a number, true, false, null (or NaN, Infinity, as json reads)


def _value_span(raw: bytes, key: str) -> tuple[int, int]:
    """Where the value of a top-level key sits in a JSON object's bytes (the last one, as json.loads keeps).

    The record was read by json.loads: it is an object, and valid.
    """
    span = None
    i = _SPACE.match(raw, 3 if raw.startswith(b"\xef\xbb\xbf") else 0).end() + 1  # type: ignore[union-attr]  # after "{"
    while True:
        i = _SPACE.match(raw, i).end()  # type: ignore[union-attr]
        if raw[i] == 0x7D:  # "}"
            break
        name_end = _string_end(raw, i)
        name = json.loads(raw[i:name_end])
        i = _SPACE.match(raw, name_end).end() + 1  # type: ignore[union-attr]  # after ":"
        i = _SPACE.match(raw, i).end()  # type: ignore[union-attr]
        end = _value_end(raw, i)
        if name == key:
            span = (i, end)
        i = _SPACE.match(raw, end).end()  # type: ignore[union-attr]
        if raw[i] == 0x7D:
            break
        i += 1  # after ","
    assert span is not None, key
    return span


def _string_end(raw: bytes, i: int) -> int:
    """Where the JSON string that starts at byte i (its opening quote) ends: after its closing quote.

    Quote to quote with bytes.find (memchr); a quote after an odd run of backslashes is escaped. A text's
    every line break is an escape, which an expression for a JSON string stepped through one by one: twice as
    slow on the dev pages' records.
    """
    j = i
    while True:
        j = raw.index(b'"', j + 1)
        k = j
        while raw[k - 1] == 0x5C:  # a backslash
            k -= 1
        if (j - k) % 2 == 0:
            return j + 1


def _value_end(raw: bytes, i: int) -> int:
    """Where the JSON value that starts at byte i ends."""
    first = raw[i]
    if first == 0x22:  # '"'
        return _string_end(raw, i)
    if first not in (0x7B, 0x5B):  # not "{" nor "["
        return _SCALAR.match(raw, i).end()  # type: ignore[union-attr]
    depth = 0
    for token in _NESTED.finditer(raw, i):
        mark = raw[token.start()]
        if mark in (0x7B, 0x5B):
            depth += 1
        elif mark in (0x7D, 0x5D):
            depth -= 1
            if depth == 0:
                return token.end()
    raise ValueError("unbalanced JSON value")  # json.loads read the record: not reached


def text_bytes(text: str, decoded: Decoded | None) -> bytes:
    """The bytes of a cleaned text file (UTF-8, the input's BOM kept); HTML output is plain UTF-8."""
    return encode(text, decoded) if decoded is not None else text.encode("utf-8", errors="replace")


class _WholeWrites:
    """A binary stream whose writes write every byte, or raise.

    A buffered stream may write only part of what it is given and say so in the count it returns: on a
    full disk, `cleaner clean - < page.txt > out.txt` wrote the first 1 MiB of 1.8 MB and exited 0. What is
    left is written again, and the second write raises the error (ENOSPC).
    """

    def __init__(self, target: IO[bytes]) -> None:
        self._target = target

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            count = self._target.write(view)
            if not count:  # None (a non-blocking stream would block) or 0: nothing more goes out
                raise OSError(errno.EIO, "the output accepted no more bytes")
            view = view[count:]
        return len(data)

    def flush(self) -> None:
        self._target.flush()


class Sink:
    """An output stream that compresses when asked, deterministically (no timestamp in the gzip header)."""

    def __init__(self, target: IO[bytes], gzipped: bool) -> None:
        self._target = _WholeWrites(target)
        self._gzip: gzip.GzipFile | None = None
        if gzipped:
            import gzip

            self._gzip = gzip.GzipFile(fileobj=self._target, mode="wb", mtime=0)

    def write(self, data: bytes) -> None:
        """Write bytes, compressed when the output is gzipped."""
        (self._gzip or self._target).write(data)

    def close(self) -> None:
        """Finish the gzip stream (the underlying file stays open for its owner)."""
        if self._gzip is not None:
            self._gzip.close()


def sniff_gzip(stream: io.BufferedReader) -> bool:
    """Whether a stream (stdin) starts with gzip's magic bytes, without consuming them."""
    return stream.peek(2)[:2] == GZIP_MAGIC


__all__ = ["Document", "Format", "InputError", "JsonlOptions", "Passthrough", "Sink", "detect", "output_name"]

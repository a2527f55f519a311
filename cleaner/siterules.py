"""Site rules: which site a document belongs to, and the reviewed TOML file of lines learned per site."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .formats import Document
from .io import InputError, read_small
from .patterns import risk
from .rules.learned import site_key

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

VERSION = 1  # the file layout's version; bumped when a key changes meaning
GROUP_BY = ("url-field", "folder", "regex")
_ARCHIVED = re.compile(r"^/web/[^/]+/(.+)$")  # web.archive.org/web/<timestamp>/<original URL>


class SiteRulesError(Exception):
    """A site rules file that cannot be used; the message names the file and the key."""


def url_host(url: str) -> str | None:
    """The site of a URL: its host, lower-cased, without "www." or the port; an archived page's own host.

    >>> url_host("https://www.Zeit.de/2019/43/klima"), url_host("http://web.archive.org/web/2019/http://blog.example.org/a")
    ('zeit.de', 'blog.example.org')
    >>> url_host("example.com/news/1"), url_host("not a url")
    ('example.com', None)
    """
    url = url.strip()
    if "//" not in url:
        url = "//" + url
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if not host or "." not in host or " " in host:
        return None
    archived = _ARCHIVED.match(parts.path) if host == "web.archive.org" else None
    if archived is not None:
        return url_host(archived.group(1) + (f"?{parts.query}" if parts.query else ""))
    return host[4:] if host.startswith("www.") else host


def folder_group(path: Path | None) -> str | None:
    """A file's folder, relative to the current folder when under it (the group of `--group-by folder`)."""
    if path is None or str(path) == "-":
        return None
    folder = os.path.dirname(os.path.abspath(path))
    here = os.getcwd()
    if folder == here:
        return "."
    if folder.startswith(here.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(folder, here)).as_posix()
    return Path(folder).as_posix()


@dataclass(frozen=True, slots=True)
class Grouping:
    """How documents are grouped into sites: by URL host (JSONL field), folder, or a regex on file names.

    A document the chosen key cannot place (no URL, a name the regex does not match) is grouped by its
    folder, so a folder of text files needs no option.
    """

    by: str = "url-field"
    regex: str | None = None  # with by="regex": searched in the file name; the first group, else the match
    url_field: str = "url"
    # The regex's group of each file name: searched once per file, not once per record and pass (`learn`
    # searched a slow pattern 82 s over three files of records).
    _names: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Reject a grouping that cannot be applied."""
        if self.by not in GROUP_BY:
            raise ValueError(f"group-by must be one of {', '.join(GROUP_BY)}, not {self.by!r}")
        if self.by == "regex":
            if not self.regex:
                raise ValueError("group-by 'regex' needs a regular expression (--group-regex)")
            try:
                re.compile(self.regex)
            except re.error as error:
                raise ValueError(f"group-regex {self.regex!r} is not a regular expression: {error}") from None
            danger = risk(self.regex)
            if danger is not None:
                raise ValueError(
                    f"group-regex {self.regex!r} holds {danger}, which can take exponential time on a long "
                    "file name; write it without one"
                )

    def group(self, path: Path | None, document: Document) -> str | None:
        """The site of one document of the file at `path` (None: no site, as for stdin text)."""
        if self.by == "url-field":
            url = document.record.get(self.url_field) if document.record is not None else document.url
            host = url_host(url) if isinstance(url, str) else None
            if host is not None:
                return host
        elif self.by == "regex" and path is not None and self.regex:
            name = path.name
            if name not in self._names:
                self._names[name] = _regex_group(self.regex, name)
            found = self._names[name]
            if found is not None:
                return found
        return folder_group(path)


def _regex_group(regex: str, name: str) -> str | None:
    match = re.search(regex, name)
    if match is None:
        return None
    found = match.group(1) if match.re.groups else match.group(0)
    return str(found) if found else None


@dataclass(frozen=True, slots=True)
class LearnedLine:
    """One line of a site's chrome, with the evidence a reviewer reads."""

    text: str
    documents: int | None = None  # in how many of the group's documents it was seen
    example: str | None = None  # one of them: "file:line url" for a record, the file otherwise
    evidence: str | None = None  # why it was listed


@dataclass(frozen=True, slots=True)
class SiteGroup:
    """One site: its name (host, folder or regex match), its documents, its learned lines."""

    name: str
    documents: int | None
    lines: tuple[LearnedLine, ...]


@dataclass(frozen=True)
class SiteRules:
    """The learned lines of every site, and how documents were grouped into sites."""

    grouping: Grouping
    groups: tuple[SiteGroup, ...]
    min_count: int | None = None  # the learning thresholds, recorded for the reader
    min_share: float | None = None
    _keys: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Index each group's lines in their matching form."""
        keys = {g.name: frozenset(k for line in g.lines if (k := site_key(line.text))) for g in self.groups}
        object.__setattr__(self, "_keys", {name: lines for name, lines in keys.items() if lines})

    @property
    def lines(self) -> int:
        """How many lines are listed over all groups."""
        return sum(len(g.lines) for g in self.groups)

    def lines_for(self, path: Path | None, document: Document) -> frozenset[str] | None:
        """The folded lines of the document's site, or None when its site has none."""
        if not self._keys:
            return None
        group = self.grouping.group(path, document)
        return self._keys.get(group) if group is not None else None

    def dumps(self) -> str:
        """The rules as a TOML file a person can review and edit."""
        out = [
            "# Site boilerplate learned by `cleaner learn`: lines each site repeats across its documents.",
            "# `cleaner clean --site-rules FILE` removes every line listed here from the documents of its group",
            "# (rule LR001). Review it: delete the [[group.line]] entries that are content, or whole groups.",
            "# Lines match ignoring case, accents and punctuation; `documents` counts the group's documents",
            "# the line was seen in, `example` names one of them.",
            f"version = {VERSION}",
            f"group-by = {_quote(self.grouping.by)}",
        ]
        if self.grouping.regex is not None:
            out.append(f"group-regex = {_quote(self.grouping.regex)}")
        out.append(f"url-field = {_quote(self.grouping.url_field)}")
        if self.min_count is not None:
            out.append(f"min-count = {self.min_count}")
        if self.min_share is not None:
            out.append(f"min-share = {self.min_share!r}")
        for group in self.groups:
            out += ["", "[[group]]", f"name = {_quote(group.name)}"]
            if group.documents is not None:
                out.append(f"documents = {group.documents}")
            for line in group.lines:
                out += ["", "[[group.line]]", f"text = {_quote(line.text)}"]
                if line.documents is not None:
                    out.append(f"documents = {line.documents}")
                if line.example is not None:
                    out.append(f"example = {_quote(line.example)}")
                if line.evidence is not None:
                    out.append(f"evidence = {_quote(line.evidence)}")
        return "\n".join(out) + "\n"


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_SPECIAL = re.compile(r'["\\\x00-\x1f\x7f]')


def _quote(text: str) -> str:
    """A TOML basic string."""
    return '"' + _SPECIAL.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text) + '"'


# ---------------------------------------------------------------- reading a file back

_TOP = ("version", "group-by", "group-regex", "url-field", "min-count", "min-share", "group")
_GROUP = ("name", "documents", "line")
_LINE = ("text", "documents", "example", "evidence")


def load(path: Path) -> SiteRules:
    """Read a site rules file; every error raises SiteRulesError naming the file and the key."""
    try:
        data = tomllib.loads(read_small(path).decode("utf-8"))
    except InputError as error:  # a FIFO, /dev/zero or a huge file: refused before it is read
        raise SiteRulesError(str(error)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SiteRulesError(f"{path}: not a valid TOML file: {error}") from None
    return from_mapping(data, str(path))


def loads(text: str, where: str = "<site rules>") -> SiteRules:
    """Read site rules from TOML text (see `load`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SiteRulesError(f"{where}: not a valid TOML file: {error}") from None
    return from_mapping(data, where)


def from_mapping(data: Mapping[str, Any], where: str) -> SiteRules:
    """Validate the parsed file: known keys, value types, version 1, group names unique."""
    _known(data, _TOP, where)
    if "version" not in data:
        raise SiteRulesError(f"{where}: version: missing (this file format is version {VERSION})")
    if data["version"] != VERSION:
        raise SiteRulesError(f"{where}: version: must be {VERSION}, not {data['version']!r}")
    try:
        grouping = Grouping(
            _string(data, "group-by", where) or "url-field",
            _string(data, "group-regex", where),
            _string(data, "url-field", where) or "url",
        )
    except ValueError as error:
        raise SiteRulesError(f"{where}: {error}") from None
    min_count = _count(data, "min-count", where)
    min_share = data.get("min-share")
    if min_share is not None and (isinstance(min_share, bool) or not isinstance(min_share, (int, float))):
        raise SiteRulesError(f"{where}: min-share: must be a number, not {min_share!r}")
    groups = []
    names: set[str] = set()
    for g, table in enumerate(_tables(data, "group", where), start=1):
        at = f"{where}: group[{g}]"
        _known(table, _GROUP, at)
        name = _string(table, "name", at)
        if not name:
            raise SiteRulesError(f"{at}: name: missing (a host, folder or regex match)")
        if name in names:
            raise SiteRulesError(f"{at}: name: {name!r} is already the name of an earlier group")
        names.add(name)
        lines = []
        for n, entry in enumerate(_tables(table, "line", at), start=1):
            here = f"{at}.line[{n}]"
            _known(entry, _LINE, here)
            text = _string(entry, "text", here)
            if text is None or not site_key(text):
                raise SiteRulesError(f"{here}: text: missing, or without a letter or digit to match")
            lines.append(
                LearnedLine(text, _count(entry, "documents", here), _string(entry, "example", here),
                            _string(entry, "evidence", here))
            )  # fmt: skip
        groups.append(SiteGroup(name, _count(table, "documents", at), tuple(lines)))
    return SiteRules(grouping, tuple(groups), min_count, None if min_share is None else float(min_share))


def _known(table: Mapping[str, Any], keys: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise SiteRulesError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(keys)})")


def _string(table: Mapping[str, Any], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise SiteRulesError(f"{where}: {key}: must be a string, not {value!r}")
    return value


def _count(table: Mapping[str, Any], key: str, where: str) -> int | None:
    value = table.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise SiteRulesError(f"{where}: {key}: must be a whole number of documents, not {value!r}")
    return value


def _tables(table: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        shown = "group" if key == "group" else f"group.{key}"
        raise SiteRulesError(f"{where}: {key}: must be an array of tables ([[{shown}]])")
    return value

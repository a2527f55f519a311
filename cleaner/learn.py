"""Learning each site's boilerplate from the corpus: lines a site repeats across its documents, in bounded memory.

Two passes over the inputs, read exactly as `clean` reads them (the runner's readers; HTML through
trafilatura; each line after the typography repairs, in the folded form LR001 matches):

1. counting: every distinct line of a document is hashed with its site (16 bytes: 8 for the counter,
   the rest for the filter) and counted per site. A line's first occurrence only sets bits in a Bloom
   filter; a counter entry is made at its second, so lines seen once (most article lines) never take
   one. Entries are pruned per site as in lossy counting (Manku and Motwani, 2002) with an error of half
   the minimum share: a line in that share of its site's documents is never lost, and a site of N
   documents holds O(lines per page / share · log N) entries, however large the corpus.
2. evidence: the surviving hashes are the candidates; a second read counts them exactly, keeps the
   first text and one example document of each, and notes where each occurrence sits in its page.

A line is learned when it is in at least `min_count` documents and `min_share` of its site's documents.
A long or sentence-like line needs more: in half of its documents it sits in a block of repeated lines
that reaches the page's start or end or holds a short repeated line (a newsletter pitch among the
site's widgets), or it is in PROSE_SHARE of the site's documents (and PROSE_COUNT at least). So a
quotation several articles share, or a legal sentence inside articles, stays. A line that sits below
the article text on most of its pages and opens it on a few is those articles' title, linked from a
"most read" box on the others: it stays too. Bylines are never learned.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from hashlib import blake2b
from pathlib import Path
from typing import NamedTuple

from . import html
from .engine import Config, repair_line, split_lines
from .formats import Document
from .io import Source
from .output import Mode, Options
from .report.counters import Report
from .rules.folding import count_words, is_byline, is_prose
from .rules.learned import site_key
from .runner import Runner
from .siterules import Grouping, LearnedLine, SiteGroup, SiteRules

# Chosen by measurement on synthetic sites built from the dev pages (docs/learning.md, tools/bench_learn.py).
DEFAULT_MIN_COUNT = 5
DEFAULT_MIN_SHARE = 0.1
PROSE_WORDS = 12  # a line of more words, or a sentence (see is_prose), needs more evidence:
EDGE_SHARE = 0.5  # ... in a block of chrome (see _evidence) in this share of its documents,
PROSE_SHARE = 0.8  # ... or in this share of the site's documents,
PROSE_COUNT = 20  # ... and in this many: 8 pages of 10 is chance for a sentence on half of them
OPENS_WITHIN = 3  # lines after a line in which article text "follows" it (title, byline, date, then text)
TITLE_SHARE = 0.5  # a line that opens article text on fewer of its pages than this is those articles' title
MAX_LINE_CHARS = 2000  # longer lines are text, not chrome: never counted
PROGRESS_EVERY = 256  # documents between two progress callbacks

_COUNT = (1 << 32) - 1


@dataclass(frozen=True, slots=True)
class LearnOptions:
    """What `cleaner learn` groups by and how much evidence a line needs."""

    grouping: Grouping = field(default_factory=Grouping)
    min_count: int = DEFAULT_MIN_COUNT
    min_share: float = DEFAULT_MIN_SHARE

    def __post_init__(self) -> None:
        """Reject thresholds that cannot work."""
        if self.min_count < 2:
            raise ValueError("min-count must be at least 2: a line seen once is not repeated")
        if not 0 < self.min_share <= 1:
            raise ValueError(f"min-share must be greater than 0 and at most 1, not {self.min_share!r}")

    def needed(self, documents: int) -> int:
        """How many of a site's documents a line must be in."""
        return max(self.min_count, math.ceil(self.min_share * documents - 1e-9))


@dataclass(slots=True)
class Stats:
    """Figures of a learning run, for the summary and the benchmarks."""

    documents: int = 0
    groups: int = 0
    lines: int = 0  # distinct lines of documents counted (per document)
    peak_entries: int = 0  # the most counter entries held at once in the first pass
    candidates: int = 0  # hashes the second pass looked for
    learned: int = 0
    filter_bytes: int = 0
    seconds: float = 0.0


class Line(NamedTuple):
    """A non-blank line as the rules read it."""

    text: str  # after the typography repairs
    key: str  # its folded form (see `site_key`); "" for a line never counted (a byline, an over-long line)
    long: bool  # more than PROSE_WORDS words, or a sentence: needs more evidence
    sentence: bool  # reads as running text (see `is_prose`)


def document_lines(text: str, config: Config, judge: bool = True) -> list[Line]:
    """The non-blank lines of a document as the rules read them, with their keys.

    Without `judge` (the counting pass) the lines are only keyed: not told long or short, bylines counted.
    """
    out: list[Line] = []
    for raw in split_lines(text)[0]:
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE_CHARS:
            out.append(Line(raw, "", True, True))
            continue
        line, key = _keyed(raw, config)
        if not key:
            continue  # separators ("|", "•", "***") are neither chrome nor content to count
        if not judge:
            out.append(Line(line, key, False, False))
            continue
        sentence = is_prose(line)
        out.append(Line(line, "" if is_byline(line) else key, sentence or count_words(line) > PROSE_WORDS, sentence))
    return out


@lru_cache(maxsize=4096)  # chrome lines come back on every page of their site: repaired and folded once
def _keyed(raw: str, config: Config) -> tuple[str, str]:
    line = repair_line(raw, config)
    return line, site_key(line)


def line_hash(group: str, key: str) -> int:
    """128 bits of a site's folded line: the counter's 64-bit key is the upper half."""
    return int.from_bytes(blake2b(f"{group}\0{key}".encode("utf-8", "surrogatepass"), digest_size=16).digest())


# ---------------------------------------------------------------- pass 1: counting in bounded memory


class LossyCounter:
    """Per site, documents and lossy counts of lines seen in two documents or more."""

    def __init__(self, options: LearnOptions, filter_bits: int) -> None:
        self.options = options
        self.width = math.ceil(2 / options.min_share)  # documents per bucket: error = min_share / 2
        self._mask = filter_bits - 1
        self._seen = bytearray(filter_bits // 8)
        self.documents: dict[str, int] = {}
        self.entries: dict[str, dict[int, int]] = {}  # site -> line hash -> count | missed << 32
        self.size = 0
        self.peak = 0

    @property
    def filter_bytes(self) -> int:
        """The Bloom filter's size."""
        return len(self._seen)

    def add(self, group: str, hashes: Iterable[int]) -> None:
        """Count one document's distinct line hashes."""
        n = self.documents[group] = self.documents.get(group, 0) + 1
        bucket = (n - 1) // self.width + 1
        table = self.entries.get(group)
        seen, mask = self._seen, self._mask
        for h in hashes:
            key = h >> 64
            if table is not None and key in table:
                table[key] += 1
                continue
            a, b, c = h & mask, (h >> 32) & mask, key & mask
            if seen[a >> 3] >> (a & 7) & seen[b >> 3] >> (b & 7) & seen[c >> 3] >> (c & 7) & 1:
                if table is None:
                    table = self.entries[group] = {}
                # Occurrences not counted (the first, in the filter; any pruned): at most `bucket`.
                table[key] = 1 | bucket << 32
                self.size += 1
            else:
                seen[a >> 3] |= 1 << (a & 7)
                seen[b >> 3] |= 1 << (b & 7)
                seen[c >> 3] |= 1 << (c & 7)
        self.peak = max(self.peak, self.size)
        if table is not None and n % self.width == 0:
            doomed = [k for k, v in table.items() if (v & _COUNT) + (v >> 32) <= bucket]
            for k in doomed:
                del table[k]
            self.size -= len(doomed)

    def candidates(self) -> dict[str, set[int]]:
        """Per site, the hashes that may reach the thresholds (a superset; the second pass counts exactly)."""
        found: dict[str, set[int]] = {}
        for group, table in self.entries.items():
            need = self.options.needed(self.documents[group])
            keys = {k for k, v in table.items() if (v & _COUNT) + (v >> 32) >= need}
            if keys:
                found[group] = keys
        return found


def filter_bits(input_bytes: int) -> int:
    """Bloom filter size: about 16 bits per line of input (3 hashes: under 0.5% false "seen"), capped."""
    lines = max(input_bytes, 1) // 40
    return 1 << max(23, min(31, (16 * lines).bit_length()))


# ---------------------------------------------------------------- pass 2: exact counts and evidence


@dataclass(slots=True)
class _Candidate:
    text: str
    example: str
    long: bool
    documents: int = 0
    context: int = 0  # documents where it sat in a block of chrome (see `_evidence`)
    above: int = 0  # documents where it sat above the article text (before its first sentence)
    opens: int = 0  # documents where the article's first sentence follows it within OPENS_WITHIN lines
    position: float = 0.0  # sum of relative positions in the page (for the file's order)

    def add(self, context: bool, above: bool, opens: bool, position: float) -> None:
        self.documents += 1
        self.context += context
        self.above += above
        self.opens += opens
        self.position += position


def _evidence(
    lines: list[Line], hashes: list[int | None], wanted: set[int]
) -> Iterator[tuple[int, int, bool, bool, bool, float]]:
    """Each candidate line of a document: index, key, then the flags and position `_Candidate.add` takes.

    A line is in chrome context when the block of consecutive repeated lines it belongs to reaches the
    page's start or end, or holds a short line: a newsletter pitch above the site's widget headings is,
    a quotation alone between two paragraphs is not.
    """
    keys = [h >> 64 if h is not None else -1 for h in hashes]
    repeated = [key in wanted for key in keys]
    total = len(lines)
    text = [not r and line.sentence for r, line in zip(repeated, lines, strict=True)]  # the article's sentences
    first = text.index(True) if True in text else total
    start = 0
    while start < total:
        if not repeated[start]:
            start += 1
            continue
        end = start
        while end < total and repeated[end]:
            end += 1
        context = start == 0 or end == total or any(not line.long for line in lines[start:end])
        for i in range(start, end):
            yield i, keys[i], context, i < first, i < first <= i + OPENS_WITHIN, i / max(total - 1, 1)
        start = end


def learn(
    paths: list[Path],
    options: Options,
    learning: LearnOptions | None = None,
    progress: Callable[[int, int, int | None], None] | None = None,
) -> tuple[SiteRules, Report, Stats]:
    """Learn the site rules of a corpus: two reads of `paths`, as `clean` would read them with `options`.

    Returns the rules, the first read's report (unreadable files, malformed records) and figures.
    `progress(pass, documents, total)` is called as documents are read (total is None in the first pass).
    """
    learning = learning or LearnOptions()
    started = time.perf_counter()
    reading = replace(options, mode=Mode.CHECK, out_dir=None, site_rules=None)
    stats = Stats()
    counter = LossyCounter(learning, filter_bits(_input_bytes(paths)))
    stats.filter_bytes = counter.filter_bytes
    report = Report()  # the first read's: the second reads the same files, and would say the same again
    first = _read(Runner(reading, report), report, paths, learning.grouping, judge=False)
    for n, (group, _, lines) in enumerate(first, start=1):
        distinct = dict.fromkeys(line.key for line in lines if line.key)
        stats.lines += len(distinct)
        counter.add(group, (line_hash(group, key) for key in distinct))
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(1, n, None)
    stats.documents = sum(counter.documents.values())
    stats.groups = len(counter.documents)
    stats.peak_entries = counter.peak
    wanted = counter.candidates()
    sizes = {group: counter.documents[group] for group in wanted}
    stats.candidates = sum(len(keys) for keys in wanted.values())
    del counter  # the filter and the counts: the second pass needs only the candidates

    found: dict[str, dict[int, _Candidate]] = {group: {} for group in wanted}
    again = Report()
    second = _read(Runner(reading, again), again, paths, learning.grouping, wanted)
    for n, (group, where, lines) in enumerate(second, start=1):
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(2, n, stats.documents)
        here = wanted.get(group)
        if here is None:
            continue
        hashes = [line_hash(group, line.key) if line.key else None for line in lines]
        table = found[group]
        done: set[int] = set()
        for i, key, context, above, opens, position in _evidence(lines, hashes, here):
            if key in done:
                continue  # a line twice in one page counts once
            done.add(key)
            candidate = table.get(key)
            if candidate is None:
                candidate = table[key] = _Candidate(lines[i].text, where, lines[i].long)
            candidate.add(context, above, opens, position)
    rules = _rules(found, sizes, learning)
    stats.learned = rules.lines
    stats.seconds = time.perf_counter() - started
    return rules, report, stats


def _rules(found: dict[str, dict[int, _Candidate]], sizes: dict[str, int], learning: LearnOptions) -> SiteRules:
    groups = []
    for group in sorted(found):
        documents = sizes[group]
        lines = []
        for candidate in found[group].values():
            evidence = _decide(candidate, documents, learning)
            if evidence is not None:
                lines.append((round(candidate.position / candidate.documents, 2), candidate.text, candidate, evidence))
        if lines:
            lines.sort(key=lambda item: (item[0], item[1]))
            entries = tuple(LearnedLine(c.text, c.documents, c.example, e) for *_, c, e in lines)
            groups.append(SiteGroup(group, documents, entries))
    return SiteRules(learning.grouping, tuple(groups), learning.min_count, learning.min_share)


def _decide(candidate: _Candidate, documents: int, learning: LearnOptions) -> str | None:
    """Why the line is chrome, or None when the evidence is not enough."""
    count = candidate.documents
    if count < learning.needed(documents):
        return None
    share = count / documents
    if 0 < candidate.opens < TITLE_SHARE * count and candidate.above < TITLE_SHARE * count:
        # It opens the text of a few pages, and sits below the text on most: those articles' title, and a
        # teaser linking to them on the others. (A header line that opens text, with no title between,
        # sits above the text on every page.)
        return None
    if not candidate.long:
        return f"short line, in {share:.0%} of the site's documents"
    if candidate.context >= EDGE_SHARE * count:
        return f"long line, among the site's chrome in {candidate.context} of its {count} documents"
    if share >= PROSE_SHARE and count >= PROSE_COUNT:
        return f"long line, in {share:.0%} of the site's documents"
    return None


def _read(
    runner: Runner,
    report: Report,
    paths: list[Path],
    grouping: Grouping,
    only: Container[str] | None = None,
    judge: bool = True,
) -> Iterator[tuple[str, str, list[Line]]]:
    """Each document with a site (of `only`, when given): the site, where it is (for the example), its lines.

    `report` is the runner's sink, where pages trafilatura fails on are warned of.
    A document of another site is yielded with no lines, unread, so the caller can count it.
    """
    for source, document, config in runner.documents(paths):
        group = grouping.group(source.path, document)
        if group is None:
            continue
        if only is not None and group not in only:
            yield group, "", []
            continue
        text = _text(document, report, source)
        if text is not None:
            yield group, _where(source, document), document_lines(text, config, judge)


def _text(document: Document, report: Report, source: Source) -> str | None:
    if document.html is None:
        return document.text
    try:
        return html.extract(document.html, document.url)
    except Exception as error:  # as in a clean run: a page trafilatura fails on costs that page only
        report.warnings.append(f"{source.path}: HTML extraction failed ({type(error).__name__}: {error})")
        return None


def _where(source: Source, document: Document) -> str:
    name = str(source.path)
    if document.record is None:
        return name
    return f"{name}:{document.line}" + (f" {document.url}" if document.url else "")


def _input_bytes(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        for file in files:
            try:
                size = file.stat().st_size
            except OSError:
                continue
            total += size * (4 if file.name.endswith(".gz") else 1)  # text compresses about four to one
    return total

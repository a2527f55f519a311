# cython: annotation_typing=False, wraparound=False, boundscheck=False, cdivision=False
"""The line-quality model's per-line statistics, measured once per page: characters, words, cues, repeats' ids.

`measure` reads every line the model will score once: character classes, words, digits, its folded words
looked up in the language's vocabulary, and the ids that tell repeated lines and words apart. The 35 own
features that depend on a line's text alone are written here (columns of FEATURES in
`cleaner.lq.features`); `cleaner.lq.rows` adds those that depend on the other kept lines.

The arithmetic follows the numpy formulation this replaced, operation for operation, with the C library's
log1p: numpy's own vectorised one, used on machines with AVX-512, gave other last bits on 3.5 % of values.

Written in Cython's pure-Python mode (`stats.pxd` gives the C types), as `cleaner.engine.lines`.
"""

from __future__ import annotations

from array import array
from math import log1p

from ..tables import chars as _chars
from ..tables.chars import (
    AT,
    BULLET,
    CLASS_SHIFT,
    COLON,
    COMMA,
    DIGIT,
    DOT,
    END,
    GUILLEMET,
    LOWER,
    QUOTE,
    SEP,
    SLASH,
    SPACE,
    SYMBOL,
    UPPER,
    WHITESPACE,
)
from ..tables.words import FNV_OFFSET, FNV_PRIME, MASK, Words
from .arrays import zeros

try:
    import cython
except ModuleNotFoundError:  # no Cython: the module runs as plain Python
    from ..tables import _purepython as cython

if cython.compiled:
    from cython.cimports.cpython.unicode import PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ
    from cython.cimports.libc.math import log1p  # type: ignore[no-redef]  # the C library's, in compiled code

CLASSES = 16  # character classes (cleaner.tables.chars)
PROSE_WORDS = 8  # a line of prose: eight words (of its key) and a sentence end
OWN = 41  # a line's own features; 35 of them depend on its text alone and are kept per line
# Own features (columns of FEATURES) that rows.py reads.
PROSE = 38
SHARED = (OWN, PROSE)  # cdef constants are no module attributes: the other kernels read them here

_INFO = _chars.INFO
_CUES = [0] * 6  # per cue family, for the line being measured
_COUNTS = [0] * 16  # per character class, for the line being measured (CLASSES)
_SMALL = 4096
_LOG1P = array("d", [log1p(float(k)) for k in range(_SMALL)])  # log1p of the counts most lines have


@cython.cclass
class LineData:
    """What the model reads of each non-blank line of a document that depends on the line alone.

    Arrays are indexed by the document's line numbers (rows of blank lines stay unused); `tokens` holds
    the word ids of all lines, line after line, `token_at[i]` where line i's begin.
    """

    def __init__(self, n: int, tokens: int) -> None:
        self.n = n
        self.own = zeros("d", n * OWN)
        self.words = zeros("i", n)
        self.chars = zeros("i", n)
        self.stops = zeros("i", n)
        self.key_id = zeros("i", n)  # equal folded keys, equal ids
        self.first_id = zeros("i", n)  # first word's id + 1 (0: no word)
        self.prefix_id = zeros("i", n)  # first two words' id (0: no word)
        self.last_id = zeros("i", n)  # last word's id + 1 (0: no word)
        self.token_at = zeros("i", n + 1)
        self.token_id = zeros("i", tokens)
        self.token_topic = zeros("B", tokens)
        self.counts = zeros("i", n + tokens + 2)  # scratch for counting ids (at most one per line or word)
        self.distinct = 0  # word ids run from 0 to distinct - 1
        self.keys = 0
        self.prefixes = 0


def measure(texts: list[str], keys: list[str], rows: list[int], vocabulary: Words) -> LineData:
    """The statistics of the lines `rows` of a document (texts repaired, keys folded), in the model's terms.

    `vocabulary` gives each folded word its bits: 1 for a stopword of the document's language, 2 << f for
    a cue word of rule family f (see `cleaner.lq.text.CUE_FAMILIES`).
    """
    n = len(texts)
    tokens = 0  # at most, the words of the keys (a word and its space: two characters)
    for i in rows:
        tokens += len(keys[i]) // 2 + 1
    data = LineData(n, tokens)
    ids = Ids(tokens, keys)
    keys_seen: dict[str, int] = {}
    pairs_seen: dict[int, int] = {}
    at = 0
    for i in rows:
        data.token_at[i] = at
        data.key_id[i] = keys_seen.setdefault(keys[i], len(keys_seen))
        at = _measure_key(data, i, keys[i], vocabulary, ids, at)
        if data.words[i]:  # the first two words (the second as -1 for a line of one word), numbered from 1
            pair = (data.first_id[i] - 1) * (tokens + 1) + data.prefix_id[i]
            data.prefix_id[i] = pairs_seen.setdefault(pair, len(pairs_seen) + 1)
        _measure_text(data, i, texts[i])
        data.token_at[i + 1] = at
    data.distinct, data.keys, data.prefixes = ids.count, len(keys_seen), len(pairs_seen) + 1
    return data


def _measure_key(data: LineData, i: int, key: str, vocabulary: Words, ids: Ids, at: int) -> int:
    """The folded words of line i: counts, stopwords and cues, topic words, ids; returns the next token slot.

    `prefix_id` is left holding the second word's id + 1 (0: none), for `measure` to number the pair.
    """
    own = data.own
    row = i * OWN
    count = stops = 0
    first = second = last = -1
    cues = _CUES  # per cue family (a C array when compiled)
    for family in range(6):
        cues[family] = 0
    length = len(key)
    begin = 0
    h = FNV_OFFSET
    for end in range(length + 1 if length else 0):  # words are separated by one space (a folded key)
        if end < length:
            char = key[end]
            if char != " ":
                h = ((h ^ ord(char)) * FNV_PRIME) & MASK
                continue
        h = h or 1
        ident = _word_id(ids, h, key, begin, end, i)
        if ids.bits[ident] < 0:  # a word's first use: its bits looked up once (a dev page uses a word 2.3 times)
            entry = _vocabulary(vocabulary, h, key, begin, end)
            ids.bits[ident] = vocabulary.bits[entry] if entry >= 0 else 0
        bits = ids.bits[ident]
        data.token_id[at] = ident
        data.token_topic[at] = 1 if end - begin >= 4 and not bits & 1 else 0
        at += 1
        stops += bits & 1
        for family in range(6):
            cues[family] += bits >> (family + 1) & 1
        if count == 0:
            first = ident
        elif count == 1:
            second = ident
        last = ident
        count += 1
        begin = end + 1
        h = FNV_OFFSET
    data.words[i] = count
    data.stops[i] = stops
    data.first_id[i] = first + 1
    data.last_id[i] = last + 1
    data.prefix_id[i] = second + 1
    cue_sum = 0
    for family in range(6):
        own[row + 32 + family] = min(float(cues[family]), 3.0)
        cue_sum += cues[family]
    own[row + 1] = _log1p(count)
    own[row + 2] = _log1p(stops)
    own[row + 17] = stops / max(float(count), 1.0)
    own[row + 24] = cue_sum / max(float(count), 1.0)
    return at


@cython.cclass
class Ids:
    """Numbers for the distinct words of a document, in order of first use: a hashed table of first uses."""

    def __init__(self, tokens: int, keys: list[str]) -> None:
        size = 16
        while size < 2 * tokens:
            size *= 2
        self.size, self.keys, self.count = size, keys, 0
        self.slots = array("i", [-1]) * size
        self.hashes = zeros("Q", size)
        self.line = zeros("i", max(tokens, 1))  # where each word is first used: line, start, end
        self.start = zeros("i", max(tokens, 1))
        self.end = zeros("i", max(tokens, 1))
        self.bits = zeros("i", max(tokens, 1))  # each word's vocabulary bits (-1: not looked up yet)


def _word_id(ids: Ids, h: int, key: str, begin: int, end: int, line: int) -> int:
    """The number of the word key[begin:end] (hash h), a new one the first time it is seen."""
    slot = h & (ids.size - 1)
    while ids.slots[slot] >= 0:
        word = ids.slots[slot]
        if ids.hashes[slot] == h and _same(ids.keys[ids.line[word]], ids.start[word], ids.end[word], key, begin, end):
            return word
        slot = (slot + 1) & (ids.size - 1)
    word = ids.count
    ids.count += 1
    ids.slots[slot], ids.hashes[slot] = word, h
    ids.line[word], ids.start[word], ids.end[word] = line, begin, end
    ids.bits[word] = -1
    return word


def _same(a: str, a_begin: int, a_end: int, b: str, b_begin: int, b_end: int) -> bool:
    if a_end - a_begin != b_end - b_begin:
        return False
    if cython.compiled:  # the characters read in place (indexing a str is a function call per character)
        kind_a, data_a = PyUnicode_KIND(a), PyUnicode_DATA(a)
        kind_b, data_b = PyUnicode_KIND(b), PyUnicode_DATA(b)
        for k in range(a_end - a_begin):
            if PyUnicode_READ(kind_a, data_a, a_begin + k) != PyUnicode_READ(kind_b, data_b, b_begin + k):
                return False
        return True
    return a[a_begin:a_end] == b[b_begin:b_end]


def _spells(words: Words, offset: int, key: str, begin: int, end: int) -> bool:
    """Whether key[begin:end] is the word at `offset` of a word table's text (of that length)."""
    if cython.compiled:
        kind, data = PyUnicode_KIND(key), PyUnicode_DATA(key)
        for k in range(end - begin):  # noqa: SIM110  # a loop Cython compiles to C
            if PyUnicode_READ(kind, data, begin + k) != words.text[offset + k]:
                return False
        return True
    return [ord(char) for char in key[begin:end]] == list(words.text[offset : offset + end - begin])


def _vocabulary(words: Words, h: int, key: str, begin: int, end: int) -> int:
    """The entry of the word key[begin:end] (hash h) in a word table, or -1."""
    slot = h & (words.size - 1)
    while words.slots[slot] >= 0:
        if words.hashes[slot] == h:
            entry = words.slots[slot]
            offset = words.offsets[entry]
            if words.offsets[entry + 1] - offset == end - begin and _spells(words, offset, key, begin, end):
                return entry
        slot = (slot + 1) & (words.size - 1)
    return -1


def _measure_text(data: LineData, i: int, text: str) -> None:
    """The character statistics of line i's text and the own features made of them."""
    counts = _COUNTS  # per class (a C array when compiled)
    for k in range(CLASSES):
        counts[k] = 0
    counts[SPACE] = 1  # the line's newline, which the statistics counted with the line
    capitals = starts = numbers = years = dates = web = 0
    n = len(text)
    previous = SPACE  # the class before: at the start, the previous line's newline
    before = SPACE  # and the one before that
    previous_cp = 0
    run = 0  # length of the digit run so far
    run_first = 0
    for char in text:
        cp = ord(char)
        info = _INFO[cp] if cp < 0x10000 else 0
        if info == 0 and cp < 0x10000:
            info = _chars.learn(cp)
        klass = (info >> CLASS_SHIFT) & 15
        counts[klass] += 1
        if LOWER <= klass <= DIGIT and not LOWER <= previous <= DIGIT:
            starts += 1
            capitals += klass == UPPER
        if klass == DIGIT:
            if run == 0:
                numbers += 1
                run_first = cp
            run += 1
            # a joint between two digits (a date or a time: "21.10.2016", "14:30"), seen from the second digit
            if before == DIGIT and (previous == END or previous == COLON or previous == SLASH or previous == BULLET):  # noqa: SIM109
                dates += 1
        else:
            if run == 4 and (run_first == 0x31 or run_first == 0x32):
                years += 1
            run = 0
            # a web address: a dot between a letter or digit and a small letter ("example.com")
            if klass == LOWER and previous_cp == 0x2E and LOWER <= before <= DIGIT:
                web += 1
        before, previous, previous_cp = previous, klass, cp
    if run == 4 and (run_first == 0x31 or run_first == 0x32):
        years += 1
    web += counts[AT]
    indent = 0  # str.lstrip's and str.rstrip's white space, without making the stripped strings
    while indent < n and _info(ord(text[indent])) & WHITESPACE:
        indent += 1
    last = n - 1
    while last > 0 and _info(ord(text[last])) & WHITESPACE:
        last -= 1
    end_class = _class(ord(text[last]))
    if (end_class == QUOTE or end_class == GUILLEMET) and last > 0:  # noqa: SIM109  # compiled: two comparisons
        end_class = _class(ord(text[last - 1]))
    first_class = _class(ord(text[indent])) if indent < n else SPACE
    chars = last + 1 - indent
    data.chars[i] = chars
    words = float(data.words[i])
    letters = counts[LOWER] + counts[UPPER]
    ends_sentence = end_class == END
    own = data.own
    row = i * OWN
    own[row + 0] = _log1p(chars)
    own[row + 3] = _log1p(counts[END])
    own[row + 4] = _log1p(counts[SEP] + counts[GUILLEMET] + counts[DOT])
    own[row + 5] = _log1p(counts[QUOTE])
    own[row + 6] = _log1p(indent)
    own[row + 7] = _log1p(counts[SYMBOL])
    own[row + 8] = _log1p(counts[SLASH])
    own[row + 9] = _log1p(numbers)
    own[row + 10] = _log1p(years)
    own[row + 11] = _log1p(dates)
    own[row + 12] = _log1p(web)
    own[row + 18] = capitals / max(float(starts), 1.0)
    own[row + 19] = counts[UPPER] / max(float(letters), 1.0)
    own[row + 20] = counts[DIGIT] / max(float(chars), 1.0)
    own[row + 21] = letters / max(float(chars), 1.0)
    own[row + 22] = letters / max(words, 1.0)
    own[row + 23] = counts[COMMA] / max(words, 1.0)
    own[row + 25] = counts[END] / max(words, 1.0)
    own[row + 26] = 1.0 if ends_sentence else 0.0
    own[row + 27] = 1.0 if end_class == COLON else 0.0
    own[row + 28] = 1.0 if LOWER <= end_class <= DIGIT else 0.0
    own[row + 29] = 1.0 if first_class == BULLET or first_class == DOT else 0.0  # noqa: SIM109
    own[row + 30] = 1.0 if first_class == DIGIT else 0.0
    own[row + 31] = 1.0 if first_class == UPPER else 0.0
    own[row + PROSE] = 1.0 if data.words[i] >= PROSE_WORDS and ends_sentence else 0.0


def _log1p(k: int) -> float:
    """log1p of a count (the C library's, looked up for the small ones: a fifth of the scoring time)."""
    return _LOG1P[k] if 0 <= k < _SMALL else log1p(float(k))


def _class(cp: int) -> int:
    """The statistics' class of a code point (`cleaner.lq.text.char_class`), from the engine's tables."""
    return (_info(cp) >> CLASS_SHIFT) & 15


def _info(cp: int) -> int:
    """The table's bits of a code point (learned on first sight; none for those past the table)."""
    if cp >= 0x10000:
        return 0
    info = _INFO[cp]
    return info if info else _chars.learn(cp)

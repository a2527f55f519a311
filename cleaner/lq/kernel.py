# cython: annotation_typing=False, wraparound=False, boundscheck=False, cdivision=False
"""The line-quality model's compiled pass: each line's statistics once, then features and trees per round.

`measure` reads every non-blank line of a document once: character classes, words, digits, its folded
words looked up in the language's vocabulary, and the ids that tell repeated lines and words apart. Each
time the engine asks for scores (it does after every round of removals, until the model removes nothing
more), `score` computes the 98 features of the kept lines (FEATURES in `cleaner.lq.features`, in that
order) and runs the trees over them line by line; `matrix` writes the same features out for training.

The arithmetic follows the numpy formulation this replaced, operation for operation (every sum in the
same order), with the C library's log1p and exp: numpy's own vectorised ones, used on machines with
AVX-512, gave other last bits on 3.5 % of values, so the old scores depended on the processor.

Written in Cython's pure-Python mode (`kernel.pxd` gives the C types), as `cleaner.engine.lines`.
"""

from __future__ import annotations

from array import array
from math import exp, log1p

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

try:
    import cython
except ModuleNotFoundError:  # no Cython: the module runs as plain Python
    from ..tables import _purepython as cython  # type: ignore[no-redef]

if cython.compiled:
    from cython.cimports.cpython.unicode import PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ
    from cython.cimports.libc.math import exp, log1p  # the C library's, in compiled code

CLASSES = 16  # character classes (cleaner.tables.chars)
PROSE_WORDS = 8  # a line of prose: eight words (of its key) and a sentence end
OWN = 41  # a line's own features; 35 of them depend on its text alone and are kept per line
WIDTH = 98  # all features
BLOCK = 256  # lines scored together (their features, column by column: 200 kB)
# Own features that change with the kept lines: the four repeat counts, the words against the page's
# median, the rank by length.
REPEATS, REL_WORDS, RANK_CHARS = 13, 39, 40
PROSE, LOG_WORDS, STOPS_PER_WORDS, CUES_PER_WORDS, ENDS_SENTENCE = 38, 1, 17, 24, 26
NEAR = (1, 17, 38, 26, 24, 20, 13, 18, 4)  # features of the lines just before and after
FAR = (1, 38)  # features of the lines two before and after
WINDOWED = (38, 1, 17, 24, 38, 17)  # means over the lines within RADII (then the four coherence values)
RADII = (3, 3, 3, 3, 10, 10, 2, 2, 2, 2)
RELATIVE = (1, 17, 18, 22, 24)  # minus the main region's mean
# C copies of the tuples above for the compiled loops (lines of kernel.pxd declare them as arrays).
_NEAR, _FAR, _WINDOWED, _RADII, _RELATIVE = NEAR, FAR, WINDOWED, RADII, RELATIVE
PAGE_AT, PLACE_AT, PREV_AT, NEXT_AT, PREV2_AT, NEXT2_AT, COHERENCE_AT, WINDOW_AT, RELATIVE_AT = (
    41, 46, 57, 66, 75, 77, 79, 83, 93,
)  # fmt: skip

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
        self.own = array("d", bytes(8 * n * OWN))
        self.words = array("i", bytes(4 * n))
        self.chars = array("i", bytes(4 * n))
        self.stops = array("i", bytes(4 * n))
        self.key_id = array("i", bytes(4 * n))  # equal folded keys, equal ids
        self.first_id = array("i", bytes(4 * n))  # first word's id + 1 (0: no word)
        self.prefix_id = array("i", bytes(4 * n))  # first two words' id (0: no word)
        self.last_id = array("i", bytes(4 * n))  # last word's id + 1 (0: no word)
        self.token_at = array("i", bytes(4 * (n + 1)))
        self.token_id = array("i", bytes(4 * tokens))
        self.token_topic = array("B", bytes(tokens))
        self.counts = array("i", bytes(4 * (n + tokens + 2)))  # scratch for counting ids (at most one per line or word)
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
        entry = _vocabulary(vocabulary, h, key, begin, end)
        bits = vocabulary.bits[entry] if entry >= 0 else 0
        ident = _word_id(ids, h, key, begin, end, i)
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
        self.hashes = array("Q", bytes(8 * size))
        self.line = array("i", bytes(4 * max(tokens, 1)))  # where each word is first used: line, start, end
        self.start = array("i", bytes(4 * max(tokens, 1)))
        self.end = array("i", bytes(4 * max(tokens, 1)))


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


# ---------------------------------------------------------------- a round: features of the kept lines


@cython.cclass
class Round:
    """Scratch arrays for scoring the kept lines of a page, kept from one round to the next and grown as needed.

    Allocating them afresh for every round (hundreds of kilobytes) cost a third of the scoring time in
    page faults.
    """

    def __init__(self) -> None:
        self.capacity = self.vocabulary = 0
        self.row = array("d", bytes(8 * WIDTH))
        self.block = array("d", bytes(8 * WIDTH * BLOCK))  # features of a block of lines, column by column
        self.leaf = array("i", bytes(4 * BLOCK))
        self.totals = array("d", bytes(8 * BLOCK))
        self.page = array("d", bytes(8 * 7))  # the five page features, the region's prose share, prose characters
        self.bounds = array("i", bytes(4 * 2))  # the main region's first and last kept line
        self.mean = array("d", bytes(8 * 5))
        self.region_count = self.page_count = array("i", bytes(4))
        self._grow(16)

    def _grow(self, n: int) -> None:
        self.capacity = n
        self.index = array("i", bytes(4 * n))  # the kept lines' numbers in the document
        self.own = array("d", bytes(8 * n * OWN))
        self.values = array("d", bytes(8 * n * 10))  # the windowed columns
        self.sums = array("d", bytes(8 * (n + 1) * 10))  # and their running sums
        self.prose = array("B", bytes(n))
        self.order = array("i", bytes(4 * n))
        self.scratch = array("i", bytes(4 * n))
        self.above = array("d", bytes(8 * n))  # prose characters of the lines before each
        self.gaps = array("i", bytes(4 * 2 * n))  # lines since the last prose line, and until the next

    def prepare(self, kept: list[int], distinct: int) -> None:
        """Room for these kept lines (their numbers copied in) and for counting `distinct` words."""
        n = len(kept)
        if n > self.capacity:
            self._grow(max(n, 2 * self.capacity))
        if distinct > self.vocabulary:  # counts are zero between rounds (each round resets its own)
            self.vocabulary = max(distinct, 2 * self.vocabulary)
            self.region_count = array("i", bytes(4 * self.vocabulary))
            self.page_count = array("i", bytes(4 * self.vocabulary))
        self.count = n
        for r in range(n):
            self.index[r] = kept[r]


_WORK = Round()  # one cleaning at a time per process


def matrix(data: LineData, kept: list[int]) -> array[float]:
    """The features of the kept lines, a row of WIDTH values per line (for training)."""
    n = len(kept)
    out = array("d", bytes(8 * n * WIDTH))
    if n:
        state = _round(data, kept)
        row = state.row
        for r in range(n):
            _row(data, kept, state, r, row)
            for c in range(WIDTH):
                out[r * WIDTH + c] = row[c]
    return out


def score(
    data: LineData,
    kept: list[int],
    tests: array[int],
    thresholds: array[float],
    leaves: array[float],
    bias: float,
    depth: int,
) -> array[float]:
    """The probability that each kept line is content: features for a block of lines, then the trees over them.

    The trees run test by test over a block (the features stored column by column), a loop without branches
    the compiler vectorises: per line and test, a branch taken at random cost three times as much.
    """
    n = len(kept)
    out = array("d", bytes(8 * n))
    if not n:
        return out
    state = _round(data, kept)
    row, block, leaf, sums = state.row, state.block, state.leaf, state.totals
    for first in range(0, n, BLOCK):
        size = min(BLOCK, n - first)
        for k in range(size):
            _row(data, kept, state, first + k, row)
            for c in range(WIDTH):
                block[c * BLOCK + k] = row[c]
        _forest(block, size, tests, thresholds, leaves, depth, leaf, sums)
        for k in range(size):
            out[first + k] = 1.0 / (1.0 + exp(-(bias + sums[k])))
    return out


def score_rows(
    rows: array[float], n: int, tests: array[int], thresholds: array[float], leaves: array[float], bias: float,
    depth: int,
) -> array[float]:  # fmt: skip
    """`score` for feature rows given as a matrix (n rows of WIDTH values, row after row)."""
    out = array("d", bytes(8 * n))
    block, leaf, sums = _WORK.block, _WORK.leaf, _WORK.totals
    for first in range(0, n, BLOCK):
        size = min(BLOCK, n - first)
        for k in range(size):
            for c in range(WIDTH):
                block[c * BLOCK + k] = rows[(first + k) * WIDTH + c]
        _forest(block, size, tests, thresholds, leaves, depth, leaf, sums)
        for k in range(size):
            out[first + k] = 1.0 / (1.0 + exp(-(bias + sums[k])))
    return out


def _forest(
    block: array[float], size: int, tests: array[int], thresholds: array[float], leaves: array[float], depth: int,
    leaf: array[int], sums: array[float],
) -> None:  # fmt: skip
    """Sum, per line of the block, the leaves its features reach: trees in order, as the trees were trained.

    A tree tests `depth` (feature, threshold) pairs (`tests`, `thresholds`: tree after tree); the answers,
    bit d for level d, number its leaf in `leaves` (2 ** depth per tree). Trees of depth 4 (the shipped
    model's) answer their four tests in one pass over the block: 2.3 times as fast as a pass per test.
    """
    trees = len(tests) // depth
    span = 1 << depth
    for k in range(size):
        sums[k] = 0.0
    for t in range(trees):
        base = t * depth
        if depth == 4:
            c0, c1, c2, c3 = (tests[base] * BLOCK, tests[base + 1] * BLOCK, tests[base + 2] * BLOCK,
                              tests[base + 3] * BLOCK)  # fmt: skip
            t0, t1, t2, t3 = thresholds[base], thresholds[base + 1], thresholds[base + 2], thresholds[base + 3]
            for k in range(size):
                sums[k] += leaves[
                    t * 16
                    + (block[c0 + k] > t0)
                    + 2 * (block[c1 + k] > t1)
                    + 4 * (block[c2 + k] > t2)
                    + 8 * (block[c3 + k] > t3)
                ]
            continue
        for k in range(size):
            leaf[k] = 0
        for d in range(depth):
            column = tests[base + d] * BLOCK
            threshold = thresholds[base + d]
            bit = 1 << d
            for k in range(size):
                leaf[k] |= (block[column + k] > threshold) * bit
        for k in range(size):
            sums[k] += leaves[t * span + leaf[k]]


def _round(data: LineData, kept: list[int]) -> Round:
    """Everything a round's rows need that depends on all the kept lines."""
    n = len(kept)
    state = _WORK
    state.prepare(kept, data.distinct)
    index = state.index
    own = state.own
    prose = state.prose
    for r in range(n):
        i = index[r]
        for c in range(OWN):
            own[r * OWN + c] = data.own[i * OWN + c]
        prose[r] = 1 if data.own[i * OWN + PROSE] > 0.0 else 0
    _repeats(data, kept, state)
    # the median of the words, and each line's rank by length (stable)
    order = state.order
    _sort(data.words, index, n, order, state.scratch)
    median = _log1p(data.words[index[order[n // 2]]])
    for r in range(n):
        own[r * OWN + REL_WORDS] = _log1p(data.words[index[r]]) - median
    _sort(data.chars, index, n, order, state.scratch)
    for k in range(n):
        own[order[k] * OWN + RANK_CHARS] = k / float(n)
    # the page: prose, the main region of prose (the densest run of prose characters)
    total = 0.0
    stops = words = 0
    for r in range(n):
        if prose[r]:
            total += data.chars[index[r]]
        stops += data.stops[index[r]]
        words += data.words[index[r]]
    start, end = _densest_run(data, index, prose, n)
    state.bounds[0], state.bounds[1] = start, end
    region = 0.0
    prose_lines = 0
    for r in range(n):
        prose_lines += prose[r]
        if start <= r <= end and prose[r]:
            region += data.chars[index[r]]
    page = state.page
    page[0] = _log1p(n)
    page[1] = stops / max(float(words), 1.0)
    page[2] = prose_lines / float(n)
    page[3] = log1p(total)
    page[4] = median
    page[5] = region / max(total, 1.0)
    page[6] = total
    above = 0.0
    last = -n - 1  # the last prose line so far (none: as numpy's gap counts it)
    for r in range(n):
        state.above[r] = above
        if prose[r]:
            above += data.chars[index[r]]
            last = r
        state.gaps[2 * r] = r - last
    last = -n - 1  # the same, from the end
    for r in range(n - 1, -1, -1):
        if prose[r]:
            last = n - 1 - r
        state.gaps[2 * r + 1] = (n - 1 - r) - last
    _coherence(data, kept, state)
    _windows(state, n)
    # the main region's mean of the relative columns (all lines when there is no region)
    low, high = start, end
    if end < start:
        low, high = 0, n - 1
    for c in range(5):
        sum_ = 0.0
        for r in range(low, high + 1):
            sum_ += own[r * OWN + _RELATIVE[c]]
        state.mean[c] = sum_ / (high - low + 1)
    return state


def _repeats(data: LineData, kept: list[int], state: Round) -> None:
    """How many other kept lines share each line's folded key, first word, first two words, last word."""
    counts = data.counts
    index = state.index
    ids = (data.key_id, data.first_id, data.prefix_id, data.last_id)
    n = state.count
    for kind in range(4):
        column = ids[kind]
        for r in range(n):
            counts[column[index[r]]] += 1
        for r in range(n):
            state.own[r * OWN + REPEATS + kind] = _log1p(counts[column[index[r]]] - 1)
        for r in range(n):
            counts[column[index[r]]] = 0


def _sort(values: array[int], index: array[int], n: int, order: array[int], scratch: array[int]) -> None:
    """`order` becomes the n kept positions sorted by their line's value, ties in position order (a merge sort)."""
    for r in range(n):
        order[r] = r
    width = 1
    while width < n:
        for low in range(0, n, 2 * width):
            middle = min(low + width, n)
            high = min(low + 2 * width, n)
            a, b, k = low, middle, low
            while a < middle and b < high:
                if values[index[order[b]]] < values[index[order[a]]]:
                    scratch[k] = order[b]
                    b += 1
                else:
                    scratch[k] = order[a]
                    a += 1
                k += 1
            while a < middle:
                scratch[k] = order[a]
                a += 1
                k += 1
            while b < high:
                scratch[k] = order[b]
                b += 1
                k += 1
        for r in range(n):
            order[r] = scratch[r]
        width *= 2


def _densest_run(data: LineData, index: array[int], prose: array[int], n: int) -> tuple[int, int]:
    """The kept lines with the largest total of prose characters less the others' (start, end; end < start: none).

    A prose line scores its characters, another line minus 20 and its characters up to 80 (Kadane's
    maximum subarray: the first best end, the last start reaching it).
    """
    total = 0.0  # prefix sum before line r
    low = 0.0  # the lowest prefix sum so far
    best = 0.0
    end = -1
    for r in range(n):
        chars = float(data.chars[index[r]])
        total += chars if prose[r] else -min(chars, 80.0) - 20.0
        if end < 0 or total - low > best:
            best = total - low
            end = r
        if total < low:
            low = total
    if end < 0 or best <= 0:
        return 0, -1
    # the start: the last prefix (at or before the end) equal to the lowest one before the end
    total = 0.0
    low = 0.0
    start = 0
    for r in range(end + 1):  # prefix sums 0..end: the minimum among them and where it last occurs
        if total < low:
            low = total
        chars = float(data.chars[index[r]])
        total += chars if prose[r] else -min(chars, 80.0) - 20.0
    total = 0.0
    for r in range(end + 1):
        if total == low:
            start = r
        chars = float(data.chars[index[r]])
        total += chars if prose[r] else -min(chars, 80.0) - 20.0
    return start, end


def _coherence(data: LineData, kept: list[int], state: Round) -> None:
    """Per kept line: the share of its topic words the main region and the page use elsewhere, and how often."""
    start, end = state.bounds[0], state.bounds[1]
    region_count, page_count = state.region_count, state.page_count
    index = state.index
    n = state.count
    for r in range(n):
        i = index[r]
        for t in range(data.token_at[i], data.token_at[i + 1]):
            page_count[data.token_id[t]] += 1
            if start <= r <= end:
                region_count[data.token_id[t]] += 1
    values = state.values
    columns = 10
    for r in range(n):
        i = index[r]
        inside = 1 if start <= r <= end else 0
        topic = shared_region = shared_page = depth = 0.0
        for t in range(data.token_at[i], data.token_at[i + 1]):
            if data.token_topic[t]:
                ident = data.token_id[t]
                other_region = region_count[ident] - inside
                topic += 1.0
                if other_region > 0:
                    shared_region += 1.0
                if page_count[ident] - 1 > 0:
                    shared_page += 1.0
                depth += _log1p(max(other_region, 0))
        denominator = max(topic, 1.0)
        values[r * columns + 6] = shared_region / denominator
        values[r * columns + 7] = shared_page / denominator
        values[r * columns + 8] = depth / denominator
        values[r * columns + 9] = log1p(topic)
    for r in range(n):
        i = index[r]
        for t in range(data.token_at[i], data.token_at[i + 1]):
            page_count[data.token_id[t]] = 0
            region_count[data.token_id[t]] = 0


def _windows(state: Round, n: int) -> None:
    """Each windowed column's sums up to each line (`sums`), for means over the lines within RADII."""
    columns = 10
    own, values, sums = state.own, state.values, state.sums
    for r in range(n):
        for c in range(6):
            values[r * columns + c] = own[r * OWN + _WINDOWED[c]]
    for c in range(columns):
        sums[c] = 0.0
        running = 0.0
        for r in range(n):
            running += values[r * columns + c]
            sums[(r + 1) * columns + c] = running


def _row(data: LineData, kept: list[int], state: Round, r: int, row: array[float]) -> None:
    """The WIDTH features of kept line r, in FEATURES order."""
    index = state.index
    n = state.count
    own = state.own
    base = r * OWN
    for c in range(OWN):
        row[c] = own[base + c]
    for c in range(5):
        row[PAGE_AT + c] = state.page[c]
    start, end = state.bounds[0], state.bounds[1]
    total = state.page[6]
    safe = max(total, 1.0)
    above = state.above[r]
    chars = float(data.chars[index[r]]) if state.prose[r] else 0.0
    row[PLACE_AT + 0] = r / float(max(n - 1, 1))
    row[PLACE_AT + 1] = _log1p(r)
    row[PLACE_AT + 2] = _log1p(n - 1 - r)
    row[PLACE_AT + 3] = above / safe
    row[PLACE_AT + 4] = (total - above - chars) / safe
    row[PLACE_AT + 5] = 1.0 if start <= r <= end else 0.0
    row[PLACE_AT + 6] = _log1p(max(start - r, 0))
    row[PLACE_AT + 7] = _log1p(max(r - end, 0))
    row[PLACE_AT + 8] = state.page[5]
    row[PLACE_AT + 9] = _log1p(state.gaps[2 * r])
    row[PLACE_AT + 10] = _log1p(state.gaps[2 * r + 1])
    for c in range(9):
        row[PREV_AT + c] = own[(r - 1) * OWN + _NEAR[c]] if r >= 1 else 0.0
        row[NEXT_AT + c] = own[(r + 1) * OWN + _NEAR[c]] if r + 1 < n else 0.0
    for c in range(2):
        row[PREV2_AT + c] = own[(r - 2) * OWN + _FAR[c]] if r >= 2 else 0.0
        row[NEXT2_AT + c] = own[(r + 2) * OWN + _FAR[c]] if r + 2 < n else 0.0
    columns = 10
    for c in range(4):
        row[COHERENCE_AT + c] = state.values[r * columns + 6 + c]
    for c in range(columns):
        low = max(r - _RADII[c], 0)
        high = min(r + _RADII[c] + 1, n)
        row[WINDOW_AT + c] = (state.sums[high * columns + c] - state.sums[low * columns + c]) / (high - low)
    for c in range(5):
        row[RELATIVE_AT + c] = own[base + _RELATIVE[c]] - state.mean[c]


def below(scores: array[float], threshold: float) -> list[int]:
    """The positions of the scores under the threshold."""
    return [r for r in range(len(scores)) if scores[r] < threshold]

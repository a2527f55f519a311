# cython: annotation_typing=False, wraparound=False, boundscheck=False, cdivision=False
"""The line-quality model's features of a round: each kept line's statistics among the other kept lines.

A round is the set of lines still kept when the model is asked. `matrix` writes the 98 features of every
kept line (FEATURES in `cleaner.lq.features`, in that order); `cleaner.lq.forest` computes the same rows
block by block and scores them. What depends on the kept lines (repeats, the page's median, the main
region of prose, places, neighbours, windows, shared vocabulary) is computed here, from the per-line
statistics `cleaner.lq.stats.measure` took once.

Every sum runs in the order of the numpy formulation this replaced, with the C library's log1p.
Written in Cython's pure-Python mode (`rows.pxd` gives the C types).
"""

from __future__ import annotations

from array import array
from math import log1p

from .arrays import zeros
from .stats import SHARED, LineData

try:
    import cython
except ModuleNotFoundError:  # no Cython: the module runs as plain Python
    from ..tables import _purepython as cython

if cython.compiled:
    from cython.cimports.libc.math import log1p  # type: ignore[no-redef]  # the C library's, in compiled code

WIDTH = 98  # all features
BLOCK = 256  # lines scored together (their features, column by column: 200 kB)
# Own features that change with the kept lines: the four repeat counts, the words against the page's
# median, the rank by length.
REPEATS, REL_WORDS, RANK_CHARS = 13, 39, 40
NEAR = (1, 17, 38, 26, 24, 20, 13, 18, 4)  # features of the lines just before and after
FAR = (1, 38)  # features of the lines two before and after
WINDOWED = (38, 1, 17, 24, 38, 17)  # means over the lines within RADII (then the four coherence values)
RADII = (3, 3, 3, 3, 10, 10, 2, 2, 2, 2)
RELATIVE = (1, 17, 18, 22, 24)  # minus the main region's mean
# C copies of the tuples above for the compiled loops (lines of rows.pxd declare them as arrays).
_NEAR, _FAR, _WINDOWED, _RADII, _RELATIVE = NEAR, FAR, WINDOWED, RADII, RELATIVE
PAGE_AT, PLACE_AT, PREV_AT, NEXT_AT, PREV2_AT, NEXT2_AT, COHERENCE_AT, WINDOW_AT, RELATIVE_AT = (
    41, 46, 57, 66, 75, 77, 79, 83, 93,
)  # fmt: skip
OWN, PROSE = SHARED
LAYOUT = (WIDTH, BLOCK, PLACE_AT)  # for forest.py (cdef constants are no module attributes)


@cython.cclass
class Round:
    """Scratch arrays for scoring the kept lines of a page, kept from one round to the next and grown as needed.

    Allocating them afresh for every round (hundreds of kilobytes) cost a third of the scoring time in
    page faults.
    """

    def __init__(self) -> None:
        self.capacity = self.vocabulary = 0
        self.row = zeros("d", WIDTH)
        self.block = zeros("d", WIDTH * BLOCK)  # features of a block of lines, column by column
        self.leaf = zeros("i", BLOCK)
        self.totals = zeros("d", BLOCK)
        self.page = zeros("d", 7)  # the five page features, the region's prose share, prose characters
        self.bounds = zeros("i", 2)  # the main region's first and last kept line
        self.mean = zeros("d", 5)
        self.region_count = self.page_count = zeros("i", 1)
        self._grow(16)

    def _grow(self, n: int) -> None:
        self.capacity = n
        self.index = zeros("i", n)  # the kept lines' numbers in the document
        self.own = zeros("d", n * OWN)
        self.values = zeros("d", n * 10)  # the windowed columns
        self.sums = zeros("d", (n + 1) * 10)  # and their running sums
        self.prose = zeros("B", n)
        self.order = zeros("i", n)
        self.scratch = zeros("i", n)
        self.above = zeros("d", n)  # prose characters of the lines before each
        self.gaps = zeros("i", 2 * n)  # lines since the last prose line, and until the next

    def prepare(self, kept: list[int], distinct: int) -> None:
        """Room for these kept lines (their numbers copied in) and for counting `distinct` words."""
        n = len(kept)
        if n > self.capacity:
            self._grow(max(n, 2 * self.capacity))
        if distinct > self.vocabulary:  # counts are zero between rounds (each round resets its own)
            self.vocabulary = max(distinct, 2 * self.vocabulary)
            self.region_count = zeros("i", self.vocabulary)
            self.page_count = zeros("i", self.vocabulary)
        self.count = n
        for r in range(n):
            self.index[r] = kept[r]

    def compute(self, data: LineData, kept: list[int]) -> None:
        """Everything the rows of these kept lines need that depends on all of them (then `fill` each row)."""
        _round(data, kept, self)

    def fill(self, data: LineData, kept: list[int], r: int, row: array[float]) -> None:
        """The WIDTH features of kept line r (after `compute`), in FEATURES order."""
        _row(data, kept, self, r, row)


_SMALL = 4096
_LOG1P = array("d", [log1p(float(k)) for k in range(_SMALL)])  # log1p of the counts most lines have


def _log1p(k: int) -> float:
    """log1p of a count, looked up for the small ones (as `stats._log1p`: a cdef function is not shared)."""
    return _LOG1P[k] if 0 <= k < _SMALL else log1p(float(k))


def matrix(data: LineData, kept: list[int]) -> array[float]:
    """The features of the kept lines, a row of WIDTH values per line (for training)."""
    n = len(kept)
    out = zeros("d", n * WIDTH)
    if n:
        state = Round()
        _round(data, kept, state)
        row = state.row
        for r in range(n):
            _row(data, kept, state, r, row)
            for c in range(WIDTH):
                out[r * WIDTH + c] = row[c]
    return out


def _round(data: LineData, kept: list[int], state: Round) -> None:
    """Everything a round's rows need that depends on all the kept lines."""
    n = len(kept)
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

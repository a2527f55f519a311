# cython: annotation_typing=False, wraparound=False, boundscheck=False, cdivision=False
"""The line-quality model's scorer: oblivious trees over a round's features, then a second stage over neighbours.

The first stage scores each kept line from its 98 features (`cleaner.lq.rows`). The second reads what
the first said about the line's neighbours (their probabilities, the runs of low ones, the main region's)
with a few of the line's own features, and gives the final probability: a teaser list whose items the
first stage half doubted goes together, a short heading between two confident paragraphs stays.

Written in Cython's pure-Python mode (`forest.pxd` gives the C types).
"""

from __future__ import annotations

from array import array
from math import exp, log1p
from typing import Any

from .arrays import zeros
from .rows import LAYOUT, Round
from .stats import SHARED, LineData

try:
    import cython
except ModuleNotFoundError:  # no Cython: the module runs as plain Python
    from ..tables import _purepython as cython

if cython.compiled:
    from cython.cimports.libc.math import exp, log1p  # type: ignore[no-redef]  # the C library's, in compiled code

WIDTH, BLOCK, PLACE_AT = LAYOUT
OWN, PROSE = SHARED
# Numbers handed in by the training tools: array("d") or float64 numpy arrays (the compiled code reads any
# buffer of doubles).
Floats = Any
# The second stage's features (SECOND_FEATURES in `cleaner.lq.features`): the first stage's probability
# of the line and of its neighbours, then first-stage columns it carries over (CARRIED).
SECOND = 19
CARRIED = (0, 1, PROSE, PLACE_AT + 5, PLACE_AT + 0)  # log_chars, log_words, prose, in_region, position
_CARRIED = CARRIED
SHELTER = 8  # non-prose lines between two trusted paragraphs that are sheltered (see `low`)
TRUSTED = 0.5  # the score of a paragraph that shelters the lines next to it
LOW = 0.5  # a first-stage probability under this counts as doubtful (the share and runs of such lines)
NONE = -1.0  # a neighbour past the page's edge


_WORK = Round()  # one cleaning at a time per process: its arrays are reused from page to page


@cython.cclass
class Forest:
    """Oblivious trees: each tests `depth` (feature, threshold) pairs; its leaf is the number the answers spell.

    A line goes right at a test when its feature value is above the threshold; bit d of the leaf number is
    the answer at level d. The content probability is the logistic of `bias` plus the trees' leaf values.
    The arrays are flat, tree after tree.
    """

    def __init__(self, tests: array[int], thresholds: array[float], leaves: array[float], bias: float, depth: int):
        self.tests, self.thresholds, self.leaves = tests, thresholds, leaves
        self.bias, self.depth = bias, depth
        self.trees = len(tests) // depth if depth else 0


def score(data: LineData, kept: list[int], first: Forest, second: Forest | None) -> array[float]:
    """The probability that each kept line is content: the first stage block by block, then the second stage."""
    n = len(kept)
    out = zeros("d", n)
    if not n:
        return out
    state = _WORK
    state.compute(data, kept)
    row, block, leaf, sums = state.row, state.block, state.leaf, state.totals
    carry = zeros("d", n * 5)
    for start in range(0, n, BLOCK):
        size = min(BLOCK, n - start)
        for k in range(size):
            state.fill(data, kept, start + k, row)
            for c in range(WIDTH):
                block[c * BLOCK + k] = row[c]
            for c in range(5):
                carry[(start + k) * 5 + c] = row[_CARRIED[c]]
        _forest(block, size, first, leaf, sums)
        for k in range(size):
            out[start + k] = 1.0 / (1.0 + exp(-(first.bias + sums[k])))
    if second is None:
        return out
    return _second_stage(out, carry, n, second, state)


def probabilities(rows: Floats, n: int, width: int, forest: Forest) -> array[float]:
    """The probabilities of feature rows given as a matrix (n rows of `width` values, row after row)."""
    out = zeros("d", n)
    state = Round()  # training's calls: scratch of their own
    block, leaf, sums = state.block, state.leaf, state.totals
    for start in range(0, n, BLOCK):
        size = min(BLOCK, n - start)
        for k in range(size):
            for c in range(width):
                block[c * BLOCK + k] = rows[(start + k) * width + c]
        _forest(block, size, forest, leaf, sums)
        for k in range(size):
            out[start + k] = 1.0 / (1.0 + exp(-(forest.bias + sums[k])))
    return out


def second_matrix(p: Floats, rows: Floats, n: int) -> array[float]:
    """The second stage's features of a page's kept lines, from the first stage's probabilities and rows."""
    carry = zeros("d", n * 5)
    for r in range(n):
        for c in range(5):
            carry[r * 5 + c] = rows[r * WIDTH + _CARRIED[c]]
    out = zeros("d", n * SECOND)
    if n:
        ctx = _context(p, carry, n)
        row = zeros("d", SECOND)
        for r in range(n):
            _second_row(p, carry, n, ctx, r, row)
            for c in range(SECOND):
                out[r * SECOND + c] = row[c]
    return out


def _second_stage(p: array[float], carry: array[float], n: int, second: Forest, state: Round) -> array[float]:
    out = zeros("d", n)
    ctx = _context(p, carry, n)
    row, block, leaf, sums = state.row, state.block, state.leaf, state.totals
    for start in range(0, n, BLOCK):
        size = min(BLOCK, n - start)
        for k in range(size):
            _second_row(p, carry, n, ctx, start + k, row)
            for c in range(SECOND):
                block[c * BLOCK + k] = row[c]
        _forest(block, size, second, leaf, sums)
        for k in range(size):
            out[start + k] = 1.0 / (1.0 + exp(-(second.bias + sums[k])))
    return out


def _context(p: array[float], carry: array[float], n: int) -> array[float]:
    """Per page: running sums of p (n + 1), each line's run of doubtful lines (n), the region's mean, the share."""
    ctx = zeros("d", 2 * n + 3)
    running = 0.0
    region = 0.0
    inside = 0
    low = 0
    for r in range(n):
        ctx[r] = running
        running += p[r]
        if carry[r * 5 + 3] > 0.0:
            region += p[r]
            inside += 1
        if p[r] < LOW:
            low += 1
    ctx[n] = running
    r = 0
    while r < n:  # the length of each run of doubtful lines, written on every line of it
        if p[r] >= LOW:
            ctx[n + 1 + r] = 0.0
            r += 1
            continue
        end = r
        while end < n and p[end] < LOW:
            end += 1
        for k in range(r, end):
            ctx[n + 1 + k] = end - r
        r = end
    ctx[2 * n + 1] = region / inside if inside else running / n
    ctx[2 * n + 2] = low / float(n)
    return ctx


def _second_row(p: array[float], carry: array[float], n: int, ctx: array[float], r: int, row: array[float]) -> None:
    """The SECOND features of kept line r."""
    row[0] = p[r]
    row[1] = p[r - 1] if r >= 1 else NONE
    row[2] = p[r + 1] if r + 1 < n else NONE
    row[3] = p[r - 2] if r >= 2 else NONE
    row[4] = p[r + 2] if r + 2 < n else NONE
    for c in range(2):
        radius = 3 if c == 0 else 10
        low = max(r - radius, 0)
        high = min(r + radius + 1, n)
        if high - low > 1:
            row[5 + c] = (ctx[high] - ctx[low] - p[r]) / (high - low - 1)
        else:
            row[5 + c] = p[r]
    above = NONE
    for k in range(max(r - 3, 0), r):
        above = max(above, p[k])
    below = NONE
    for k in range(r + 1, min(r + 4, n)):
        below = max(below, p[k])
    row[7] = above
    row[8] = below
    row[9] = ctx[2 * n + 1]
    row[10] = ctx[2 * n + 2]
    row[11] = ctx[r] / r if r else NONE
    row[12] = (ctx[n] - ctx[r + 1]) / (n - 1 - r) if r + 1 < n else NONE
    row[13] = log1p(ctx[n + 1 + r])
    for c in range(5):
        row[14 + c] = carry[r * 5 + c]


def _forest(block: array[float], size: int, forest: Forest, leaf: array[int], sums: array[float]) -> None:
    """Sum, per line of the block, the leaves its features reach: trees in order, as the trees were trained.

    A tree tests `depth` (feature, threshold) pairs; the answers, bit d for level d, number its leaf
    (2 ** depth per tree). Trees of depth 4, 5 and 6 answer their tests in one pass over the block (a loop
    without branches the compiler vectorises): 2.3 times as fast as a pass per test at depth 4.
    """
    tests, thresholds, leaves, depth = forest.tests, forest.thresholds, forest.leaves, forest.depth
    span = 1 << depth
    for k in range(size):
        sums[k] = 0.0
    for t in range(forest.trees):
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
        if depth == 5:
            c0, c1, c2, c3 = (tests[base] * BLOCK, tests[base + 1] * BLOCK, tests[base + 2] * BLOCK,
                              tests[base + 3] * BLOCK)  # fmt: skip
            c4 = tests[base + 4] * BLOCK
            t0, t1, t2, t3 = thresholds[base], thresholds[base + 1], thresholds[base + 2], thresholds[base + 3]
            t4 = thresholds[base + 4]
            for k in range(size):
                sums[k] += leaves[
                    t * 32
                    + (block[c0 + k] > t0)
                    + 2 * (block[c1 + k] > t1)
                    + 4 * (block[c2 + k] > t2)
                    + 8 * (block[c3 + k] > t3)
                    + 16 * (block[c4 + k] > t4)
                ]
            continue
        if depth == 6:
            c0, c1, c2, c3 = (tests[base] * BLOCK, tests[base + 1] * BLOCK, tests[base + 2] * BLOCK,
                              tests[base + 3] * BLOCK)  # fmt: skip
            c4, c5 = tests[base + 4] * BLOCK, tests[base + 5] * BLOCK
            t0, t1, t2, t3 = thresholds[base], thresholds[base + 1], thresholds[base + 2], thresholds[base + 3]
            t4, t5 = thresholds[base + 4], thresholds[base + 5]
            for k in range(size):
                sums[k] += leaves[
                    t * 64
                    + (block[c0 + k] > t0)
                    + 2 * (block[c1 + k] > t1)
                    + 4 * (block[c2 + k] > t2)
                    + 8 * (block[c3 + k] > t3)
                    + 16 * (block[c4 + k] > t4)
                    + 32 * (block[c5 + k] > t5)
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


def below(scores: array[float], threshold: float) -> list[int]:
    """The positions of the scores under the threshold."""
    return [r for r in range(len(scores)) if scores[r] < threshold]


def low(data: LineData, kept: list[int], scores: Floats, threshold: float, sheltered: float) -> list[int]:
    """The kept positions to remove: scores under the threshold, or under `sheltered` inside the article's prose.

    Content first: a short line between paragraphs the model trusts (a heading, the items of a list the
    prose introduces) goes only on strong evidence. Such a line belongs to a run of at most SHELTER
    non-prose lines with a prose line on each side, both scored at least TRUSTED.
    """
    n = len(kept)
    prose = zeros("B", n)
    for r in range(n):
        prose[r] = 1 if data.own[kept[r] * OWN + PROSE] > 0.0 else 0
    return _low(scores, prose, n, threshold, sheltered)


def low_rows(scores: Floats, rows: Floats, n: int, threshold: float, sheltered: float) -> list[int]:
    """`low` for a page given as its first-stage feature rows (training and experiments)."""
    prose = zeros("B", n)
    for r in range(n):
        prose[r] = 1 if rows[r * WIDTH + PROSE] > 0.0 else 0
    return _low(scores, prose, n, threshold, sheltered)


def _low(scores: array[float], prose: array[int], n: int, threshold: float, sheltered: float) -> list[int]:
    out = []
    r = 0
    while r < n:
        if prose[r]:
            if scores[r] < threshold:
                out.append(r)
            r += 1
            continue
        end = r  # a run of non-prose lines, r to end - 1
        while end < n and not prose[end]:
            end += 1
        guarded = (end - r <= SHELTER and r > 0 and end < n and scores[r - 1] >= TRUSTED
                   and scores[end] >= TRUSTED)  # fmt: skip
        limit = sheltered if guarded else threshold
        for k in range(r, end):
            if scores[k] < limit:
                out.append(k)
        r = end
    return out

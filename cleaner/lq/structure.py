"""Page structure for LQ: where one article's text ends and other texts (teasers, related stories) begin.

Segments start at heading-like lines (short, no sentence end, the next line prose), as a page's articles,
teasers and sections do. A line's segment tells what surrounds it: the main article's segment, a teaser
(a headline, a short line or two, a date), a second prose region after the main one (related stories,
comments). Everything is read from the kept lines only, as the other features (idempotence).

Evidence (docs/quality.md): page-grouped 5-fold cross-validation through the engine, threshold 0.2, F1
0.872 / 0.876 (blocks / markdownish) without these features and 0.879 / 0.879 with them (fold seed 0),
0.873 / 0.875 and 0.876 / 0.875 with fold seed 1; recall stayed at 0.95 or above.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Array = NDArray[np.float64]

HEADING_WORDS = 12  # the longest heading-like line, in words
STRUCTURE = ("heading", "segment_lines", "segment_share", "segment_prose", "segment_dates", "segment_shared",
             "segment_offset", "segment_position", "in_second", "second_share", "second_after")  # fmt: skip


def structure(
    words: Array,
    ends: Array,
    prose: NDArray[np.bool_],
    chars: Array,
    dated: NDArray[np.bool_],
    shared: Array,
    region: tuple[int, int],
) -> Array:
    """The structure features (columns as STRUCTURE) of a document's kept lines.

    `ends` flags a sentence end, `dated` a line with a date or year, `shared` is the share of the line's
    topic words the main region uses (`_coherence`), `region` the main prose region (first, last line).
    """
    import numpy as np

    n = len(words)
    index = np.arange(n)
    heading = np.zeros(n, bool)
    heading[:-1] = (words[:-1] >= 1) & (words[:-1] <= HEADING_WORDS) & (ends[:-1] == 0) & prose[1:]
    cut = heading.copy()
    cut[0] = True
    starts = np.flatnonzero(cut)
    segment = np.cumsum(cut) - 1
    prose_chars = prose * chars
    # Per segment, in one call (segments are runs of lines): prose characters, prose lines, dated lines,
    # shared vocabulary; then each line's segment's values.
    sums = np.add.reduceat(np.stack((prose_chars, prose, dated, shared), axis=1), starts, axis=0)
    lines = np.diff(np.append(starts, n))
    mine = sums[segment] / lines[segment, None]
    total = max(float(prose_chars.sum()), 1.0)
    # A second prose region: the densest run of prose outside the main one (related stories, comments).
    start, end = region
    score = np.where(prose, chars, -np.minimum(chars, 80.0) - 20.0)
    if end >= start:
        score[start : end + 1] = -1e9
    second_start, second_end = densest_run(score)
    second_share = float(prose_chars[second_start : second_end + 1].sum()) / total if second_end >= 0 else 0.0
    return np.stack((
        heading, np.log1p(lines[segment]), sums[segment, 0] / total, mine[:, 1], mine[:, 2], mine[:, 3],
        np.clip(segment - int(np.argmax(sums[:, 0])), -4, 4), np.log1p(index - starts[segment]),
        (index >= second_start) & (index <= second_end), np.full(n, second_share),
        np.full(n, float(second_end >= 0 and second_start > end)),
    ), axis=1)  # fmt: skip


def densest_run(score: Array) -> tuple[int, int]:
    """The contiguous lines with the largest total score (the main prose region), vectorised Kadane."""
    import numpy as np

    total = np.concatenate(([0.0], np.cumsum(score)))
    low = np.minimum.accumulate(total[:-1])
    gain = total[1:] - low
    end = int(np.argmax(gain))
    if gain[end] <= 0:
        return 0, -1
    start = int(np.flatnonzero(total[: end + 1] == low[end])[-1])
    return start, end

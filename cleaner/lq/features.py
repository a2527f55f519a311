"""Line-quality features (LQ): one numpy matrix per document, from its kept lines' statistics and its language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .text import CUE_FAMILIES, LineStats, S, line_stats, vocabulary

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Array = NDArray[np.float64]

PROSE_WORDS = 8  # a line of prose: as `is_prose` in the rules, 8 words and a sentence end

# Counts taken as log(1 + x); then ratios (the denominator at least 1); flags; cue words (at most 3).
_LOGS = ("chars", "words", "stops", "class_end", "separators", "class_quote", "indent", "class_symbol",
         "class_slash", "numbers", "years", "dates", "web", "repeats", "first_repeats", "prefix_repeats",
         "last_repeats")  # fmt: skip
_RATIOS = (("stops", "words"), ("capitals", "word_starts"), ("class_upper", "letters"), ("class_digit", "chars"),
           ("letters", "chars"), ("letters", "words"), ("class_comma", "words"), ("cues", "words"),
           ("class_end", "words"))  # fmt: skip
_FLAGS = ("ends_sentence", "ends_colon", "ends_alnum", "starts_bullet", "starts_digit", "starts_upper")
_CUES = tuple(f"cue_{f}" for f in CUE_FAMILIES)
# Derived per-line quantities, appended to the statistics: separators, cue words, letters, and how often
# the line, its first word, first two words and last word occur among the kept lines.
_EXTRA = ("separators", "cues", "letters", "repeats", "first_repeats", "prefix_repeats", "last_repeats")
_R = {**S, **{name: len(S) + j for j, name in enumerate(_EXTRA)}}
_OWN = (*(f"log_{c}" for c in _LOGS), *(f"{a}_per_{b}" for a, b in _RATIOS), *_FLAGS, *_CUES, "prose",
        "rel_words", "rank_chars")  # fmt: skip
_PAGE = ("page_lines", "page_stop_share", "page_prose_share", "page_prose_chars", "page_median_words")
_PLACE = ("position", "from_start", "from_end", "prose_above", "prose_below", "in_region", "before_region",
          "after_region", "region_share", "prose_gap_above", "prose_gap_below")  # fmt: skip
# Neighbours' values: the lines before and after, two before and after, and means over wider windows.
_NEAR = ("log_words", "stops_per_words", "prose", "ends_sentence", "cues_per_words", "class_digit_per_chars",
         "log_repeats", "capitals_per_word_starts", "log_separators")  # fmt: skip
_FAR = ("log_words", "prose")
_WINDOWS = ((3, ("prose", "log_words", "stops_per_words", "cues_per_words")), (10, ("prose", "stops_per_words")))
# Differences from the main region's mean: a page's own register (short paragraphs, a terse style).
_RELATIVE = ("log_words", "stops_per_words", "capitals_per_word_starts", "letters_per_words", "cues_per_words")
_COHERENCE = ("shared_region", "shared_page", "region_depth", "content_words")
FEATURES: tuple[str, ...] = (
    *_OWN, *_PAGE, *_PLACE, *(f"prev_{f}" for f in _NEAR), *(f"next_{f}" for f in _NEAR),
    *(f"prev2_{f}" for f in _FAR), *(f"next2_{f}" for f in _FAR), *_COHERENCE,
    *(f"window{r}_{f}" for r, names in _WINDOWS for f in names), *(f"window2_{f}" for f in _COHERENCE),
    *(f"relative_{f}" for f in _RELATIVE),
)  # fmt: skip
_O = {name: j for j, name in enumerate(_OWN)}
_LOG_COLUMNS = [_R[c] for c in _LOGS]
_NUMERATORS, _DENOMINATORS = [_R[a] for a, _ in _RATIOS], [_R[b] for _, b in _RATIOS]
_FLAG_COLUMNS, _CUE_COLUMNS = [_R[c] for c in _FLAGS], [_R[c] for c in _CUES]
_NEAR_COLUMNS, _FAR_COLUMNS = [_O[f] for f in _NEAR], [_O[f] for f in _FAR]
_WINDOW_COLUMNS = [_O[f] for _, names in _WINDOWS for f in names]
_RADII = [radius for radius, names in _WINDOWS for _ in names] + [2] * len(_COHERENCE)
_RELATIVE_COLUMNS = [_O[f] for f in _RELATIVE]


def features(
    texts: Sequence[str],
    keys: Sequence[str],
    lang: str | None,
    cues: Mapping[str, int],
    stats: LineStats | None = None,
) -> Array:
    """The feature matrix (a row per line, columns as FEATURES) of a document's kept non-blank lines.

    `keys` are the lines' folded texts (`rules.folding.fold`, as `LineView.key`); `cues` the rules' cue words
    (see `text.vocabulary`); `stats`, when given, are their `line_stats` (reused when lines are removed).
    Everything depends only on these lines, their order and the language, so the cleaned output, cleaned
    again, reads the same values.
    """
    import numpy as np

    n = len(texts)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    stats = stats or line_stats(texts, keys, vocabulary(lang, cues))
    raw = np.empty((n, len(_R)))
    raw[:, : len(S)] = stats.stats
    raw[:, _R["separators"]] = raw[:, [S["class_sep"], S["class_guillemet"], S["class_dot"]]].sum(axis=1)
    raw[:, _R["cues"]] = raw[:, S["cue_CK"] : S["cue_NV"] + 1].sum(axis=1)
    raw[:, _R["letters"]] = raw[:, S["class_lower"]] + raw[:, S["class_upper"]]
    raw[:, _R["repeats"] :] = _repeats(stats.line_hash).T
    words, chars = raw[:, S["words"]], raw[:, S["chars"]]
    median = np.log1p(np.sort(words)[n // 2])
    prose = (words >= PROSE_WORDS) & (raw[:, S["ends_sentence"]] > 0)
    own = np.concatenate((
        np.log1p(raw[:, _LOG_COLUMNS]), raw[:, _NUMERATORS] / np.maximum(raw[:, _DENOMINATORS], 1.0),
        raw[:, _FLAG_COLUMNS], np.minimum(raw[:, _CUE_COLUMNS], 3.0),
        np.stack((prose, np.log1p(words) - median, np.argsort(np.argsort(chars, kind="stable")) / n), axis=1),
    ), axis=1)  # fmt: skip
    prose_chars = prose * chars
    total = float(prose_chars.sum())
    safe_total = max(total, 1.0)
    index = np.arange(n, dtype=np.float64)
    above = np.cumsum(prose_chars) - prose_chars
    start, end = _densest_run(np.where(prose, chars, -np.minimum(chars, 80.0) - 20.0))
    page = (np.log1p(n), raw[:, S["stops"]].sum() / max(float(words.sum()), 1.0), prose.mean(), np.log1p(total), median)
    place = np.stack((
        index / max(n - 1, 1), np.log1p(index), np.log1p(n - 1 - index), above / safe_total,
        (total - above - prose_chars) / safe_total, (index >= start) & (index <= end),
        np.log1p(np.maximum(start - index, 0)), np.log1p(np.maximum(index - end, 0)),
        np.full(n, prose_chars[start : end + 1].sum() / safe_total), np.log1p(_gap(prose, n)),
        np.log1p(_gap(prose[::-1], n)[::-1]),
    ), axis=1)  # fmt: skip
    coherence = _coherence(stats, n, start, end)
    inside = own[start : end + 1] if end >= start else own
    columns = [own, np.broadcast_to(np.array(page), (n, len(_PAGE))), place, _neighbours(own), coherence,
               _windows(np.concatenate((own[:, _WINDOW_COLUMNS], coherence), axis=1)),
               own[:, _RELATIVE_COLUMNS] - inside[:, _RELATIVE_COLUMNS].mean(axis=0)]  # fmt: skip
    return np.concatenate(columns, axis=1)


def _repeats(hashes: NDArray[np.uint64]) -> Array:
    """For each row of hashes (whole line, first word, first two words, last word), the other lines sharing it."""
    import numpy as np

    rows, n = hashes.shape
    with np.errstate(over="ignore"):  # values of different rows never meet (but for 2**-62 of string hashes)
        tagged = hashes * np.uint64(4) + np.arange(rows, dtype=np.uint64)[:, None]
    _, inverse, counts = np.unique(tagged.ravel(), return_inverse=True, return_counts=True)
    return np.asarray(counts[inverse].reshape(rows, n) - 1, dtype=np.float64)


def _coherence(stats: LineStats, n: int, start: int, end: int) -> Array:
    """How much of a line's vocabulary the rest of the main region, and of the page, uses too.

    An article's lines share its topic words; teasers of other stories, menus and footers do not.
    """
    import numpy as np

    line = stats.word_line
    if not len(line):
        return np.zeros((n, len(_COHERENCE)))
    ids = stats.word_id
    in_region = (line >= start) & (line <= end)
    other_region = np.bincount(ids[in_region], minlength=ids.max() + 1)[ids] - in_region
    other_page = np.bincount(ids, minlength=ids.max() + 1)[ids] - 1
    weight = stats.topic.astype(np.float64)
    topic_words = np.bincount(line, weight, minlength=n)
    denominator = np.maximum(topic_words, 1.0)
    shared_region = np.bincount(line, weight * (other_region > 0), minlength=n) / denominator
    shared_page = np.bincount(line, weight * (other_page > 0), minlength=n) / denominator
    depth = np.bincount(line, weight * np.log1p(np.maximum(other_region, 0)), minlength=n) / denominator
    return np.stack((shared_region, shared_page, depth, np.log1p(topic_words)), axis=1)


def _densest_run(score: Array) -> tuple[int, int]:
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


def _gap(flags: NDArray[np.bool_], n: int) -> Array:
    """Lines since the last flagged line above (n + 1 when there is none; 0 on a flagged line)."""
    import numpy as np

    index = np.arange(n)
    last = np.maximum.accumulate(np.where(flags > 0, index, -n - 1))
    return (index - last).astype(np.float64)


def _neighbours(own: Array) -> Array:
    """The near features of the lines before and after, the far ones of the lines two before and after."""
    import numpy as np

    near, far = own[:, _NEAR_COLUMNS], own[:, _FAR_COLUMNS]
    k, f = near.shape[1], far.shape[1]
    out = np.zeros((len(own), 2 * (k + f)))
    out[1:, :k] = near[:-1]
    out[:-1, k : 2 * k] = near[1:]
    out[2:, 2 * k : 2 * k + f] = far[:-2]
    out[:-2, 2 * k + f :] = far[2:]
    return out


def _windows(values: Array) -> Array:
    """Column j's mean over the lines within _RADII[j] of each line (fewer at the ends)."""
    import numpy as np

    n = len(values)
    total = np.zeros((n + 1, values.shape[1]))
    np.cumsum(values, axis=0, out=total[1:])
    radius = np.array(_RADII)
    index = np.arange(n)[:, None]
    low, high = np.maximum(index - radius, 0), np.minimum(index + radius + 1, n)
    columns = np.arange(values.shape[1])
    return np.asarray((total[high, columns] - total[low, columns]) / (high - low), dtype=np.float64)

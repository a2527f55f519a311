"""The line-quality features (LQ): their names, and the matrices of a document's lines for training.

The features are computed by the compiled kernels (`cleaner.lq.stats`, `rows`, `forest`), which score
them as they go; `features` and `second_features` write them out as numpy matrices for the training tools
(numpy is not needed to clean).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .text import CUE_FAMILIES

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

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
# The second stage: the first stage's probability of the line and of its neighbours (-1 past the page's
# edge), means over windows of 3 and 10 lines around it (itself left out), the best of the 3 lines above
# and below, the main region's mean, the page's share of doubtful lines (p < 0.5), the means above and
# below, the run of doubtful lines it is in; then five of its first-stage features.
SECOND_FEATURES: tuple[str, ...] = (
    "p", "prev_p", "next_p", "prev2_p", "next2_p", "window3_p", "window10_p", "best_above3_p", "best_below3_p",
    "region_p", "page_doubtful_share", "mean_above_p", "mean_below_p", "log_doubtful_run",
    "log_chars", "log_words", "prose", "in_region", "position",
)  # fmt: skip


def features(
    texts: Sequence[str], keys: Sequence[str], lang: str | None, cues: Mapping[str, int]
) -> NDArray[np.float64]:
    """The feature matrix (a row per line, columns as FEATURES) of a document's kept non-blank lines.

    `keys` are the lines' folded texts (`rules.folding.fold`); `cues` the rules' cue words (see
    `text.vocabulary`). Everything depends only on these lines, their order and the language, so the
    cleaned output, cleaned again, reads the same values.
    """
    import numpy as np

    from . import rows, stats
    from .text import table, vocabulary

    kept = list(range(len(texts)))
    data = stats.measure(list(texts), list(keys), kept, table(vocabulary(lang, cues)))
    return np.frombuffer(rows.matrix(data, kept), np.float64).reshape(len(texts), len(FEATURES)).copy()


def second_features(p: NDArray[np.float64], x: NDArray[np.float64]) -> NDArray[np.float64]:
    """The second stage's matrix of a document's kept lines: first-stage probabilities `p`, features `x`."""
    import numpy as np

    from . import forest

    n = len(p)
    first = np.ascontiguousarray(x, np.float64).ravel()
    out = forest.second_matrix(np.ascontiguousarray(p, np.float64), first, n)
    return np.frombuffer(out, np.float64).reshape(n, len(SECOND_FEATURES)).copy()

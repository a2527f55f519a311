"""Experiment (issue 8): line-quality features, one numpy matrix per document; not yet part of the package."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cleaner.lang import STOPWORDS

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

_ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())
_STOP = {
    lang: re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?!\w)")
    for lang, words in {**STOPWORDS, None: _ALL_STOPWORDS}.items()
}
_WORD = re.compile(r"\w+")
_CAPITAL = re.compile(r"(?<!\w)[A-ZÀ-ÞА-Я]")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"'»”)\]]*\s*$")
_SEPARATOR = re.compile(r"[|›»«·•/>]")
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|de|fr|html?)\b|@\w+\.\w+")
_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d{2}\b|\b\d{1,2}:\d{2}\b")
# Words that name page furniture rather than tell a story; a hit is a hint, weighed by the model.
_CUES = re.compile(
    r"(?i)\b(?:login|log in|sign in|register|menu|search|newsletter|subscribe|abonn\w*|cookie\w*|copyright|"
    r"impressum|datenschutz|kontakt|contact|privacy|comments?|kommentar\w*|commentaires?|share|teilen|partager|"
    r"read more|weiterlesen|lire la suite|more|mehr|related|tags?|categor\w*|kategorie\w*|home|startseite|"
    r"accueil|advertis\w*|anzeige|werbung|publicit\w*|sponsored|follow|folgen|suivez|download|app|photo|foto|"
    r"bild|video|podcast|archive|archiv|previous|next|zurück|weiter|page|seite|rss|login|©)\b"
)
FEATURES = (
    "log_chars", "log_words", "stop_share", "capital_share", "digit_share", "punct_share", "sentence_end",
    "separators", "url", "dates", "cues", "repeats", "position", "from_end", "prose", "prose_above",
    "region_distance", "in_region", "prev_words", "next_words", "prev_prose", "next_prose", "window_prose",
    "page_stop_share", "page_lines", "trigger",
)  # fmt: skip
_MIN_PROSE_WORDS = 8


def features(texts: Sequence[str], lang: str | None, triggered: Sequence[bool]) -> NDArray[np.float64]:
    """The feature matrix (one row per line, columns as FEATURES) of a document's kept non-blank lines.

    `triggered` says, per line, whether a phrase of some rule occurs in it (a rule may still have kept it).
    Everything depends only on the lines given and their order, so a second run over the output computes
    the same features for the same lines.
    """
    import numpy as np

    n = len(texts)
    stop = _STOP[lang if lang in _STOP else None]
    chars = np.fromiter((len(t) for t in texts), float, n)
    words = np.fromiter((len(_WORD.findall(t)) for t in texts), float, n)
    safe_words = np.maximum(words, 1.0)
    safe_chars = np.maximum(chars, 1.0)
    stops = np.fromiter((len(stop.findall(t.lower())) for t in texts), float, n)
    capitals = np.fromiter((len(_CAPITAL.findall(t)) for t in texts), float, n)
    digits = np.fromiter((len(_DIGIT.findall(t)) for t in texts), float, n)
    punct = np.fromiter((sum(t.count(c) for c in ".,;:!?") for t in texts), float, n)
    ends = np.fromiter((_SENTENCE_END.search(t) is not None for t in texts), float, n)
    seps = np.fromiter((len(_SEPARATOR.findall(t)) for t in texts), float, n)
    urls = np.fromiter((_URL.search(t) is not None for t in texts), float, n)
    dates = np.fromiter((len(_DATE.findall(t)) for t in texts), float, n)
    cues = np.fromiter((len(_CUES.findall(t)) for t in texts), float, n)
    counts = Counter(" ".join(t.lower().split()) for t in texts)
    repeats = np.fromiter((counts[" ".join(t.lower().split())] - 1 for t in texts), float, n)
    prose = (ends > 0) & (words >= _MIN_PROSE_WORDS)
    prose_chars = np.where(prose, chars, 0.0)
    total_prose = max(prose_chars.sum(), 1.0)
    prose_above = (np.cumsum(prose_chars) - prose_chars) / total_prose
    index = np.arange(n, dtype=float)
    start, end = _main_region(np.where(prose, chars, -np.minimum(chars, 80.0) - 20.0))
    distance = np.where(index < start, start - index, np.where(index > end, index - end, 0.0))
    prev_words = np.concatenate(([0.0], words[:-1])) if n else words
    next_words = np.concatenate((words[1:], [0.0])) if n else words
    prose_f = prose.astype(float)
    prev_prose = np.concatenate(([0.0], prose_f[:-1])) if n else prose_f
    next_prose = np.concatenate((prose_f[1:], [0.0])) if n else prose_f
    window = np.convolve(prose_f, np.ones(7), mode="full")[3 : 3 + n] / 7.0  # prose share of the ±3 lines
    page_stop = stops.sum() / max(words.sum(), 1.0)
    columns = [
        np.log1p(chars), np.log1p(words), stops / safe_words, capitals / safe_words, digits / safe_chars,
        punct / safe_chars, ends, seps, urls, dates, cues, np.log1p(repeats), index / max(n - 1, 1),
        (n - 1 - index) / max(n - 1, 1), prose_f, prose_above, np.log1p(distance), (distance == 0).astype(float),
        np.log1p(prev_words), np.log1p(next_words), prev_prose, next_prose, window, np.full(n, page_stop),
        np.full(n, np.log1p(n)), np.fromiter(triggered, float, n),
    ]  # fmt: skip
    return np.stack(columns, axis=1) if n else np.zeros((0, len(FEATURES)))


def _main_region(score: NDArray[np.float64]) -> tuple[int, int]:
    """The densest run of prose: the contiguous lines with the largest total score (Kadane's algorithm)."""
    best, best_start, best_end = 0.0, 0, -1
    running, start = 0.0, 0
    for i, value in enumerate(score.tolist()):
        if running <= 0:
            running, start = value, i
        else:
            running += value
        if running > best:
            best, best_start, best_end = running, start, i
    return best_start, best_end

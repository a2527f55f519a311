"""Per-line statistics for LQ, computed once per document with numpy: character classes and folded words."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import count, repeat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Array = NDArray[np.float64]

# jusText's stoplists (BSD-2-Clause), folded as the rules fold text: the stopword share of a line is the
# best single sign of prose in jusText's evaluation and here.
STOPWORDS_FILE = Path(__file__).with_name("stopwords.json")

# Exclusive character classes, one per code point (a code point over U+FFFF counts as OTHER). Apostrophes
# are OTHER and count as nothing: the engine unifies ' and ’ after the rules, and a second run must read
# the same statistics (idempotence).
(OTHER, LOWER, UPPER, DIGIT, SPACE, END, COMMA, COLON, SEP, SLASH, AT, QUOTE, BULLET, SYMBOL, GUILLEMET, DOT) = range(
    16
)
CLASS_NAMES = ("other", "lower", "upper", "digit", "space", "end", "comma", "colon", "sep", "slash", "at", "quote",
               "bullet", "symbol", "guillemet", "dot")  # fmt: skip
_CHARS = (
    (".!?…。！？", END), (",;、，；", COMMA), (":：", COLON), ("|›‹>\\–—~¦", SEP), ("/", SLASH), ("@", AT),
    ("\"“”„‟()[]{}「」『』", QUOTE), ("*•‣◦▪►▸-+", BULLET), ("©®™#%&$€£¥=_^§°", SYMBOL), ("«»", GUILLEMET),
    ("·", DOT), ("'’‘ʼ`´", OTHER),
)  # fmt: skip
_JOINTS = (END, COLON, SLASH, BULLET)  # between two digits: a date or a time ("21.10.2016", "14:30")

# The rules' cue words by family: the longest word of each phrase (the word the engine's trigger looks up).
CUE_FAMILIES = ("CK", "SO", "SH", "RL", "NF", "NV")
CONTENT_WORD = 4  # letters of the shortest word counted as a topic word (not a stopword)

# Intrinsic statistics of a line: they depend on its own text only, so a line keeps them when others go.
STATS = (
    *(f"class_{name}" for name in CLASS_NAMES), "capitals", "word_starts", "words", "stops",
    *(f"cue_{f}" for f in CUE_FAMILIES), "chars", "indent", "ends_sentence", "ends_colon", "ends_alnum",
    "starts_bullet", "starts_digit", "starts_upper", "numbers", "years", "dates", "web",
)  # fmt: skip
S = {name: j for j, name in enumerate(STATS)}


@dataclass(frozen=True)
class LineStats:
    """The statistics of a document's lines, and of its folded words (hashed), for a subset of lines to reuse."""

    stats: Array  # (lines, len(STATS))
    word_id: NDArray[np.int64]  # one per folded word, in order: equal words, equal ids
    word_line: NDArray[np.int64]  # the line of each word
    topic: NDArray[np.bool_]  # whether each word is a topic word (long enough, not a stopword)
    line_hash: NDArray[np.uint64]  # per line: its whole folded text, its first word, first two words, last word

    def subset(self, rows: NDArray[np.int64]) -> LineStats:
        """The statistics of the lines `rows` (increasing), as if computed on those lines alone."""
        import numpy as np

        renumber = np.full(len(self.stats), -1)
        renumber[rows] = np.arange(len(rows))
        keep = renumber[self.word_line] >= 0
        return LineStats(self.stats[rows], self.word_id[keep], renumber[self.word_line[keep]], self.topic[keep],
                         self.line_hash[:, rows])  # fmt: skip


@cache
def _class_table() -> NDArray[np.uint8]:
    import numpy as np

    table = np.zeros(0x10000, np.uint8)
    for cp in range(0x3000):
        char = chr(cp)
        if char.isalpha():
            table[cp] = UPPER if char.isupper() else LOWER
        elif char.isdigit():
            table[cp] = DIGIT
        elif char.isspace():
            table[cp] = SPACE
    table[0x3000:0xD800] = LOWER  # CJK ideographs, kana and hangul: letters without case
    table[0xF900:0xFB00] = LOWER
    for chars, cls in _CHARS:
        table[[ord(c) for c in chars]] = cls
    return table


def _codes(text: str) -> NDArray[np.uint32]:
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)


@cache
def _stoplists() -> dict[str, str]:
    lists: dict[str, str] = json.loads(STOPWORDS_FILE.read_text(encoding="utf-8"))
    return lists


def vocabulary(lang: str | None, cues: Mapping[str, int]) -> dict[str, int]:
    """Folded word -> bits: bit 0 a stopword of the language, then `cues`' bits (one per cue family).

    `cues` maps the rules' cue words to `2 << CUE_FAMILIES.index(family)` (or-ed): the rules hand them over
    (`cleaner.rules.quality.cue_words`). A language without a stoplist (or an unknown one) reads every list.
    """
    lists = _stoplists()
    stop = lists[lang].split() if lang in lists else [w for words in lists.values() for w in words.split()]
    bits = dict.fromkeys(stop, 1)
    for word, bit in cues.items():
        bits[word] = bits.get(word, 0) | bit
    return bits


def line_stats(texts: Sequence[str], keys: Sequence[str], vocab: Mapping[str, int]) -> LineStats:
    """The statistics of a document's non-blank lines; `keys` are their folded texts (`LineView.key`).

    `vocab` is the `vocabulary` of the document's language, made once per language by the caller.
    """
    import numpy as np

    n = len(texts)
    lines = np.arange(n)
    stats = np.zeros((n, len(STATS)))
    lengths = np.fromiter(map(len, texts), np.int64, n)
    starts = np.zeros(n, np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    codes = _codes("\n".join(texts) + "\n")
    cls = _class_table().take(codes, mode="clip")
    line_of = np.repeat(lines.astype(np.int32), lengths + 1)
    counts = np.bincount(line_of * len(CLASS_NAMES) + cls, minlength=n * len(CLASS_NAMES))
    stats[:, : len(CLASS_NAMES)] = counts.reshape(n, len(CLASS_NAMES))
    # Words as runs of letters and digits: capitalised ones; numbers, years, and dates and times.
    alnum = (cls >= LOWER) & (cls <= DIGIT)
    digit = cls == DIGIT
    word_start = np.flatnonzero(np.diff(alnum.view(np.int8), prepend=0) == 1)
    stats[:, S["word_starts"]] = np.bincount(line_of[word_start], minlength=n)
    stats[:, S["capitals"]] = np.bincount(line_of[word_start], cls[word_start] == UPPER, minlength=n)
    edge = np.diff(digit.view(np.int8), prepend=0, append=0)
    number_start, number_end = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
    stats[:, S["numbers"]] = np.bincount(line_of[number_start], minlength=n)
    year = (number_end - number_start == 4) & ((codes[number_start] == 49) | (codes[number_start] == 50))
    stats[:, S["years"]] = np.bincount(line_of[number_start[year]], minlength=n)
    joints = np.zeros(len(CLASS_NAMES), bool)
    joints[list(_JOINTS)] = True
    joint = np.flatnonzero(digit[:-2] & digit[2:] & joints[cls[1:-1]]) + 1
    stats[:, S["dates"]] = np.bincount(line_of[joint], minlength=n)
    # Web addresses: a dot between a letter or digit and a small letter ("example.com"), or an @.
    dot = np.flatnonzero(alnum[:-2] & (codes[1:-1] == 46) & (cls[2:] == LOWER)) + 1
    stats[:, S["web"]] = np.bincount(line_of[dot], minlength=n) + stats[:, S["class_at"]]
    indent = lengths - np.fromiter(map(len, map(str.lstrip, texts)), np.int64, n)
    last = starts + np.fromiter(map(len, map(str.rstrip, texts)), np.int64, n) - 1
    end_class = cls[last]
    closing = ((end_class == QUOTE) | (end_class == GUILLEMET)) & (last > starts)
    end_class = np.where(closing, cls[np.maximum(last - 1, 0)], end_class)
    first_class = cls[starts + indent]
    stats[:, S["indent"]] = indent
    stats[:, S["chars"]] = last + 1 - starts - indent
    stats[:, S["ends_sentence"] : S["starts_upper"] + 1] = np.stack((
        end_class == END, end_class == COLON, (end_class >= LOWER) & (end_class <= DIGIT),
        (first_class == BULLET) | (first_class == DOT), first_class == DIGIT, first_class == UPPER,
    ), axis=1)  # fmt: skip

    # Folded words: each numbered by its first occurrence (one dictionary pass), each distinct word looked up
    # once in the vocabulary (a page repeats half its words).
    words = np.fromiter(map(str.count, keys, repeat(" ")), np.int64, n) + np.fromiter(map(bool, keys), np.int64, n)
    tokens = " ".join(keys).split()
    first_seen: dict[str, int] = {}
    word_id = np.fromiter(map(first_seen.setdefault, tokens, count()), np.int64, len(tokens))
    seen_bits = np.zeros(len(tokens), np.int64)
    seen_length = np.zeros(len(tokens), np.int64)
    seen_at = np.fromiter(first_seen.values(), np.int64, len(first_seen))
    seen_bits[seen_at] = np.fromiter(map(vocab.get, first_seen, repeat(0)), np.int64, len(first_seen))
    seen_length[seen_at] = np.fromiter(map(len, first_seen), np.int64, len(first_seen))
    bits, length = seen_bits[word_id], seen_length[word_id]
    word_line = np.repeat(lines, words)
    stats[:, S["stops"]] = np.bincount(word_line, bits & 1, minlength=n)
    cue = np.flatnonzero(bits > 1)  # cue words are rare: only their bits are unpacked
    families = len(CUE_FAMILIES)
    rows, cols = np.nonzero((bits[cue, None] >> np.arange(1, families + 1)) & 1)
    cues = np.bincount(word_line[cue[rows]] * families + cols, minlength=n * families).reshape(n, families)
    stats[:, S["cue_CK"] : S["cue_CK"] + families] = cues
    stats[:, S["words"]] = words
    topic = (length >= CONTENT_WORD) & ((bits & 1) == 0)
    # Repeats: the whole folded line (Python's string hash, cached on the string), its first word, first two
    # words and last word (their word numbers).
    first = np.minimum(np.cumsum(words) - words, max(len(tokens) - 1, 0))
    line_hash = np.zeros((4, n), np.uint64)
    line_hash[0] = np.fromiter(map(hash, keys), np.int64, n).view(np.uint64)
    if len(tokens):
        has = words > 0
        ids = word_id.astype(np.uint64) + np.uint64(1)
        second = np.where(words > 1, ids[np.minimum(first + 1, len(tokens) - 1)], 0)
        line_hash[1] = np.where(has, ids[first], 0)
        line_hash[2] = np.where(has, ids[first] * np.uint64(len(tokens) + 1) + second, 0)
        line_hash[3] = np.where(has, ids[np.maximum(first + words - 1, 0)], 0)
    return LineStats(stats, word_id, word_line, topic, line_hash)

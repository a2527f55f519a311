"""What the line-quality model reads words and characters as: character classes, stopwords and cue words."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from ..tables.words import Words

# jusText's stoplists (BSD-2-Clause), folded as the rules fold text: the stopword share of a line is the
# best single sign of prose in jusText's evaluation and here.
STOPWORDS_FILE = Path(__file__).with_name("stopwords.json")

# The rules' cue words by family: the longest word of each phrase (the word the engine's trigger looks up).
CUE_FAMILIES = ("CK", "SO", "SH", "RL", "NF", "NV")
CONTENT_WORD = 4  # letters of the shortest word counted as a topic word (not a stopword)


@cache
def _stoplists() -> dict[str, str]:
    lists: dict[str, str] = json.loads(STOPWORDS_FILE.read_text(encoding="utf-8"))
    return lists


def vocabulary(lang: str | None, cues: Mapping[str, int]) -> dict[str, int]:
    """Folded word -> bits: bit 0 a stopword of the language, then `cues`' bits (one per cue family).

    `cues` maps the rules' cue words to `2 << CUE_FAMILIES.index(family)` (or-ed): the rules hand them over
    (`cleaner.rules.quality`). A language without a stoplist (or an unknown one) reads every list.
    """
    lists = _stoplists()
    stop = lists[lang].split() if lang in lists else [w for words in lists.values() for w in words.split()]
    bits = dict.fromkeys(stop, 1)
    for word, bit in cues.items():
        bits[word] = bits.get(word, 0) | bit
    return bits


def table(vocabulary: Mapping[str, int]) -> Words:
    """A vocabulary as the kernel looks words up in it."""
    return Words((word, 0, 0, 0, bits) for word, bits in vocabulary.items())

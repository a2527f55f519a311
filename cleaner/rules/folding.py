"""Folding and counting: the keys phrases are matched on (`fold`), word counts, bylines and prose lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ..tables.chars import fold_letters

# Inline elements glued without a space ("surTelegram", "NewsletterRecevez", "AccepterTout refuser") are
# split at a lower-to-upper transition for matching only; the output text is never changed by this.
GLUE = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")
_NON_WORD = re.compile(r"[^\w']+")
_SENTENCE_END = re.compile(r"[.!?…:;。！？；][\"'»”“)\]」』]*\s*$|[.!?][\"'»”)]*\s|[。！？]")
# Chinese, Japanese and Korean run words together; two characters count as about one word. The class is
# compiled on first need: its wide ranges took 6.6 ms to compile, a tenth of a one-file check's start.
_CJK_FIRST = "\u3040"  # no character of the class comes before this one


@cache
def _cjk() -> re.Pattern[str]:
    return re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def count_words(text: str) -> int:
    """Words in a text, with unspaced CJK characters counted two to a word.

    >>> count_words("Le chef de la diplomatie russe"), count_words("武汉本来就是一个英雄的城市")
    (6, 7)
    """
    words = len(text.split())
    if text.isascii() or max(text) < _CJK_FIRST:
        return words
    return words + len(_cjk().findall(text)) // 2


def fold(text: str, unglue: bool = True) -> str:
    """Lowercase, strip accents and punctuation: the key phrases are matched on.

    >>> fold("Suivez RT en français surTelegram")
    'suivez rt en francais sur telegram'
    >>> fold("Tout AccepterTout refuser")
    'tout accepter tout refuser'
    >>> fold("Notre chaîne YouTube", unglue=False)
    'notre chaine youtube'
    """
    if unglue:
        text = GLUE.sub(" ", text)
    return " ".join(_NON_WORD.sub(" ", fold_letters(text)).replace("' ", " ").split())


_PUNCTUATION_LINES = re.compile(r"[^\w'\n\x00 ]+")
# The capital first: a class of capitals is skipped to quickly, where lowercase letters are everywhere.
_GLUE_MARK = re.compile(r"(?<=[a-zà-ÿ])[A-ZÀ-Þ]")


def fold_lines(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """`fold` of every line, with and without unglueing, computed over the whole document at once.

    Per line, folding took a seventh of the engine's time; here each step is one pass in C over the
    document. Glue points are marked with a NUL first, so one pass gives both forms: the mark becomes a
    space (unglued) or nothing. No step creates or removes a newline, and no lookaround sees past a
    line's end differently from a string's end, so each result equals `fold(line)` and `fold(line,
    False)` (tests/test_scan.py checks it on every dev page and on generated text).

    >>> fold_lines(["Suivez RT surTelegram", "", "Notre chaîne YouTube"])
    (['suivez rt sur telegram', '', 'notre chaine you tube'], ['suivez rt surtelegram', '', 'notre chaine youtube'])
    """
    if not lines:
        return [], []
    text = "\n".join(lines)
    if "\x00" in text:  # the mark is taken: fold line by line
        return [fold(line) for line in lines], [fold(line, False) for line in lines]
    text = _GLUE_MARK.sub("\x00\\g<0>", text)
    text = fold_letters(text)
    # Punctuation runs become spaces and spaces stay (the split below collapses them): the same words as
    # replacing every non-word run, with a tenth of the replacements (spaces are a sixth of the text).
    parts = _PUNCTUATION_LINES.sub(" ", text).replace("' ", " ").split("\n")
    unglued = [
        " ".join(part.replace("\x00", " ").split()) if "\x00" in part else " ".join(part.split()) for part in parts
    ]
    glued = list(unglued)
    for i, part in enumerate(parts):
        if "\x00" in part:
            glued[i] = " ".join(part.replace("\x00", "").split())
    return unglued, glued


# A byline is the article's own ("Von Katharina Brandl", "By Megan"), wherever chrome around it went.
_BYLINE = re.compile(r"^\W*(?:by|von|par|por|di|de|da|door|av|af)\s+[^\W\d_]", re.IGNORECASE)


def is_byline(text: str) -> bool:
    """Whether a short line reads as a byline ("Par Muriel Pomponne", "By Megan").

    >>> is_byline("Von Katharina Brandl"), is_byline("Vorschau")
    (True, False)
    """
    return count_words(text) <= 8 and _BYLINE.match(text) is not None


def is_prose(text: str, min_words: int = 8) -> bool:
    """A line that reads as running text: enough words and a sentence end."""
    return count_words(text) >= min_words and _SENTENCE_END.search(text) is not None

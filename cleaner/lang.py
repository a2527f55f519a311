"""Cheap language guess from stopword profiles, for documents whose language the caller did not give."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

# The most frequent function words of each language. Words found in two profiles ("que" in fr/es/pt,
# "die"/"des" in de/fr) are removed below, so only distinctive words vote.
_PROFILES: dict[str, frozenset[str]] = {
    "fr": frozenset(
        "le la les des du une est dans pour qui que sur pas au aux avec ce cette ces sont ont mais "
        "ou leur nous vous ils elle été être plus par il ne se son sa ses".split()
    ),
    "en": frozenset(
        "the and of to is that for it with as was on are be this by at from have has had not but "
        "which they you their been were will would an or".split()
    ),
    "de": frozenset(
        "der die das und ist nicht mit sich auf für dem den des ein eine einer auch es wird von zu "
        "im sie bei aus wie nach noch oder sind wurde werden hat haben".split()
    ),
    "es": frozenset(
        "el los las del que en por con una para es lo se al como más pero sus le ya muy fue está "
        "han sido también sobre entre cuando".split()
    ),
    "it": frozenset(
        "il di che è per una sono della non con si gli le dei delle nel alla anche come più ma "
        "questo ha stato essere dal degli sul".split()
    ),
    "pt": frozenset(
        "o os que não uma com para por mais dos das ao como foi mas também seu sua pelo pela são "
        "está ele ela isso há nos já tem".split()
    ),
}
_SHARED = {w for a in _PROFILES for b in _PROFILES if a < b for w in _PROFILES[a] & _PROFILES[b]}
STOPWORDS: dict[str, frozenset[str]] = {lang: words - _SHARED for lang, words in _PROFILES.items()}
LANGUAGES = tuple(STOPWORDS)

_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 20_000  # characters read from each end: enough for a stable vote, bounded cost on huge files


def guess(text: str, minimum: int = 2, candidates: tuple[str, ...] = ()) -> str | None:
    """The language whose stopwords are most frequent in the text, or None when too few are found.

    >>> guess("Le ministère a fait savoir que la coalition frappe les soldats du régime.")
    'fr'
    >>> guess("Der Minister sagte, dass die Koalition nicht mit der Regierung sprechen wird.")
    'de'
    >>> guess("12345 !!!") is None
    True
    >>> text = "Le ministre a parlé de la réforme avec les syndicats: the talks are over."
    >>> guess(text), guess(text, candidates=("en", "de"))
    ('fr', 'en')

    With `candidates` (a corpus known to be in those languages), only they can be chosen; a single
    candidate is always the answer.
    """
    return choose(count(text), minimum, candidates)


def count(text: str) -> Counter[str]:
    """The words a guess reads, lowercased and counted (a long text: its two ends, see `_SAMPLE`).

    A text's counts are the sum of its lines' counts (no word spans a line), as long as it is not sampled.
    """
    return Counter(map(str.lower, _WORD.findall(sample(text))))


def sampled(text: str) -> bool:
    """Whether `count` reads only the two ends of this text."""
    return len(text) > 2 * _SAMPLE


def sample(text: str) -> str:
    """What `count` reads of a text: the whole, or its two ends joined by a space."""
    return text[:_SAMPLE] + " " + text[-_SAMPLE:] if sampled(text) else text


def choose(words: Counter[str], minimum: int = 2, candidates: tuple[str, ...] = ()) -> str | None:
    """The language whose stopwords are the most frequent among counted words (see `guess`)."""
    present = words.keys()
    votes = [sum(map(words.__getitem__, present & STOPWORDS[lang])) for lang in LANGUAGES]
    return choose_votes(votes, minimum, candidates)


def choose_votes(votes: Sequence[int], minimum: int = 2, candidates: tuple[str, ...] = ()) -> str | None:
    """`choose` from each language's stopword count (`votes[k]` for `LANGUAGES[k]`), as the engine counts them."""
    if len(candidates) == 1:
        return candidates[0]
    allowed = tuple(lang for lang in LANGUAGES if not candidates or lang in candidates) or LANGUAGES
    best = max(allowed, key=lambda lang: (votes[LANGUAGES.index(lang)], -LANGUAGES.index(lang)))
    return best if votes[LANGUAGES.index(best)] >= minimum else None

"""LQ rules: lines a trained line-quality model scores as boilerplate, whatever their words (cleaner.lq)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from ..lq.text import CUE_FAMILIES
from .base import Example, Rule, triggers_of
from .folding import is_byline
from .views import DocView

if TYPE_CHECKING:
    from array import array

    from ..tables.words import Words

# A document this short is a snippet, a record field or a hand-made sample, not a page: the model learned
# its features (place in the page, the main prose region, repeats) on whole pages, and on short ones it
# took titles, bylines and list items (the samples/ golden files). Dev pages have a median of 64 kept
# lines; judging only pages of 15 or more cost 0.001-0.002 F1 in cross-validation.
MIN_LINES = 15
# A document this long is not a page either: the longest dev page has 2,297 lines, the longest news page
# 1,600. A text file of many pages joined (30 MB, 550,000 lines) would hand the model features of a
# "page" it never saw (its main region of prose, places in it), and its statistics cost about 1 kB a line
# (0.5 GB there): such documents get the rules only, and the model's limit is in the README.
MAX_LINES = 20_000
# Lines the article owns, kept whatever their score, as the rules keep them: a byline, a dateline ("Posted
# on 3 October 2023 by Megan"), and the headline right above either. Cost in cross-validation: see
# docs/quality.md (the dev gold often counts bylines and dates as boilerplate).
_DATELINE = re.compile(
    r"(?i)^\W*(?:posted|published|updated|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|"
    r"pubblicato|aggiornato)\b"
)
_DATELINE_MAX_WORDS = 12
# Content first: a short line between two paragraphs the model trusts (a heading, the items of a list the
# prose introduces: `cleaner.lq.forest.low`) goes only below this share of the threshold. Measured in one
# pass over the rules' output: within 0.001 F1 and line recall of no shelter on dev and news (the second
# stage already keeps most such lines); it stays as the guarantee content first asks for.
SHELTERED = 0.5
# Content first, said in the report: a kept line the model scored below its threshold plus this margin
# (near the line between content and boilerplate, or sheltered, or a byline) is shown with its score. On
# 100 dev pages 9 % of the kept lines score so; under 0.5 (leaning boilerplate) it would be a third.
UNSURE_MARGIN = 0.1


@cache
def cue_words(lang: str | None) -> dict[str, int]:
    """The rules' cue words for the model: the longest word of each phrase (the engine's trigger word), by family."""
    from . import ALL_RULES  # the registry imports this module

    bits: dict[str, int] = {}
    for rule in ALL_RULES:
        if rule.line is not None and rule.family in CUE_FAMILIES:
            bit = 2 << CUE_FAMILIES.index(rule.family)
            for phrase in triggers_of(rule.line, lang) or ():
                if phrase:
                    word = max(phrase.split(), key=len)
                    bits[word] = bits.get(word, 0) | bit
    return bits


@cache
def _vocabulary(lang: str | None) -> Words:
    from ..lq.text import table, vocabulary

    return table(vocabulary(lang, cue_words(lang)))


def _low_quality(doc: DocView) -> Iterator[int]:
    # Features read only the kept non-blank lines' texts and the language, so the output, cleaned again,
    # gets the same scores and loses nothing more (idempotence). Content first: a line is removed only
    # below the threshold chosen by cross-validation, and never every line of a document.
    #
    # The model's own rounds run here, to their fixed point: its removals change the features of the lines
    # left, so the rest is scored again (the kernel's work only) until nothing more goes, and the engine gets
    # every removal at once. The engine then lets the other rules run once on the result and asks again;
    # unless they removed something, it asks about the lines last scored and gets the answer kept here,
    # without scoring. Handing the engine one round at a time made it rerun the context rules after every
    # round; measured on the dev texts, this saved little (LQ 48.5 to 48.0 ms per MB: the rules' reruns are
    # cheap, most of them idle), but the rules now see the model's settled page once.
    kept = doc.kept()
    if not MIN_LINES <= len(kept) <= MAX_LINES:
        return
    from ..lq.forest import below
    from ..lq.forest import low as removable
    from ..lq.model import active
    from ..lq.stats import measure

    model = active()
    last = doc.memo.get("LQ settled")
    if last is not None and last[0] is model and last[1] == kept:
        return  # the lines the model settled on last time: nothing more to remove
    data = doc.memo.get("LQ")
    if data is None:  # once per page: later calls ask about fewer of these lines, never others
        data = doc.memo["LQ"] = measure(list(doc.texts), list(doc.keys), kept, _vocabulary(doc.lang))
    gone: list[int] = []
    scored: tuple[list[int], array[float]] | None = None  # the lines of the last round and their scores
    while len(kept) >= MIN_LINES:
        probabilities = model.scores(data, kept)
        scored = (kept, probabilities)
        low = removable(data, kept, probabilities, model.threshold, model.threshold * SHELTERED)
        if len(low) == len(kept):
            break
        taken = set()
        for j in low:
            if _owned(doc, kept[j]) or (j + 1 < len(kept) and _owned(doc, kept[j + 1])):
                continue  # a byline or dateline, or the headline right above one
            doc.scores[kept[j]] = round(probabilities[j], 3)
            taken.add(j)
        if not taken:
            break
        gone.extend(kept[j] for j in taken)
        kept = [i for j, i in enumerate(kept) if j not in taken]
    doc.memo["LQ settled"] = (model, kept)
    # The lines of the last round that stay and scored near the threshold or under it (sheltered, owned):
    # the ones it removed are in `gone` (and the engine leaves removed lines out of the result's list).
    doc.unsure = {}
    if scored is not None:  # the few lines under the margin, found in compiled code
        lines, scores = scored
        doc.unsure = {lines[j]: round(scores[j], 3) for j in below(scores, model.threshold + UNSURE_MARGIN)}
    yield from sorted(gone)


# The first word of a byline or a dateline, folded: a line that starts otherwise is neither (the expressions
# below run only on the others, a tenth of the lines the model scores low).
_OWNED_FIRST = frozenset(
    "by von par por di de da door av af posted published updated veroffentlicht aktualisiert publie mis publicado "
    "actualizado pubblicato aggiornato".split()
)


def _owned(doc: DocView, i: int) -> bool:
    """A byline or a dateline: the article's own, kept whatever the model says."""
    if doc.words[i] > _DATELINE_MAX_WORDS:  # both are short
        return False
    first = doc.keys[i].split(" ", 1)[0].lstrip("'")  # \W* in the expressions: a leading apostrophe too
    if first not in _OWNED_FIRST:
        return False
    text = doc.texts[i]
    return is_byline(text) or _DATELINE.match(text) is not None


_ARTICLE = (
    "The council voted on Tuesday to close the old bridge to cars from next spring.\n"
    "Engineers found cracks in two of its piers last year, the mayor said.\n"
    "A new crossing will be built downstream, and buses will use a temporary ferry until then.\n"
    "Residents of the east bank said the ferry would add twenty minutes to their journeys.\n"
    "The work is expected to cost about 40 million euros and to take three years.\n"
    "Shopkeepers near the bridge fear that fewer people will pass their doors.\n"
    "The council promised free parking in the old town for the first six months.\n"
    "Cyclists and walkers will still be allowed to cross while the work goes on.\n"
    "A public meeting on the plans will be held in the town hall next Thursday.\n"
    "The mayor said the decision had been difficult but that safety came first."
)
_TEASERS = "Tram depot sold, city says\n12.03.2021\nFerry timetable changes from May\n11.03.2021"
_PAGE = f"Lokales\nSport\nKultur\n{_ARTICLE}\n{_TEASERS}"
_SIGNED = f"Bridge to close to cars next spring\nBy Anna Berg\nPublished 14 March 2021\n{_ARTICLE}\n{_TEASERS}"
_SENTENCES = _ARTICLE.split("\n")
_HEADED = "\n".join(["Lokales", "Sport", "Kultur", *_SENTENCES[:5], "What happens next", *_SENTENCES[5:], _TEASERS])

LOW_QUALITY_LINE = Rule(
    "LQ001",
    "low-quality-line",
    "A line the line-quality model scores as boilerplate (its score, the probability of content, is reported).",
    "Phrase rules catch only the widgets they name; related-article lists, teaser headlines, author boxes, "
    "counters and footers are named by no list. A small model scores every kept line: oblivious boosted "
    "trees over 98 features of each line and its neighbours (length, stopwords, capitals, punctuation, "
    "digits, separators, the rules' cue words, repeats, shared vocabulary, place relative to the main prose "
    "region), then a second stage over what the first made of the neighbouring lines. Lines the model is at "
    "least 80 % sure are not content go (the cross-validated threshold); a line near it stays, and a short "
    "line between two trusted paragraphs needs twice the certainty. Bylines, datelines and the headline "
    "above them stay whatever their score, and documents under 15 lines or over 20,000 are not judged.",
    (
        Example(_PAGE, True, None, target="Sport"),
        Example(_PAGE, False, None, target=_ARTICLE.split("\n")[1]),
        Example(_SIGNED, False, None, target="By Anna Berg"),
        Example(_SIGNED, False, None, target="Published 14 March 2021"),
        Example(_HEADED, False, None, target="What happens next"),  # a heading between paragraphs stays
        Example(f"Lokales\nSport\n{_ARTICLE}", False, None, target="Sport"),  # under 15 lines: not judged
    ),
    context=_low_quality,
)

RULES = (LOW_QUALITY_LINE,)

"""DU rules: the second copy of the title, and lines repeated inside a document."""

from __future__ import annotations

from .base import Example, Rule
from .credits import credit
from .views import DocView

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off

_TITLE_MAX_WORDS = 30


def _title_copies(doc: DocView) -> list[int]:
    # The title is the first kept line; a later copy of it, alone or with a credit glued after it (the
    # lead image's caption repeats the headline), is page furniture.
    kept = doc.kept()
    if not kept or doc.words[kept[0]] > _TITLE_MAX_WORDS:
        return []
    keys, texts = doc.keys, doc.texts
    key = keys[kept[0]]
    prefix, length = key + " ", len(texts[kept[0]].strip())
    found: list[int] = []
    for i in kept[1:]:
        line = keys[i]
        if line == key or (line.startswith(prefix) and credit().search(texts[i][length:]) is not None):
            found.append(i)
    return found


_TITLE = "Syrie : la Russie rejette les accusations d'Amnesty International"
_BODY = "Moscou rejette les accusations d’Amnesty International sur ses frappes en Syrie."
_LONG = "La Défense russe conteste la mort de 150 civils dans ses raids aériens sur Idleb et dans la région de Hama"

DUPLICATE_TITLE = Rule(
    "DU001",
    "duplicate-title",
    "A second copy of the document's title (its first line), alone or glued to a credit.",
    "Pages print the headline in the header and again above the article; the first copy is kept.",
    (
        Example(f"{_TITLE}\n\nSyrie\n\n{_TITLE}\n\n{_BODY}", True, "fr", target=_TITLE),
        # Caption-sized lines with a credit are CR001's; a longer title with its credit is a copy.
        Example(f"{_LONG}\n\n{_LONG}© Ministère russe de la Défense\n\n{_BODY}", True, "fr",
                target=f"{_LONG}© Ministère russe de la Défense"),
        Example(f"{_TITLE}\n\n{_BODY}\n\n{_TITLE} et la suite du débat au Parlement", False, "fr",
                target=f"{_TITLE} et la suite du débat au Parlement"),
    ),
    context=_title_copies,
    own_text=True,
)

_REPEAT_MIN_WORDS = 6  # shorter repeats are list items, table cells and refrains, as often as chrome


def _repeated_lines(doc: DocView) -> list[int]:
    found: list[int] = []
    seen: set[str] = set()
    keys, words = doc.keys, doc.words
    for i in doc.kept():
        if words[i] >= _REPEAT_MIN_WORDS:
            key = keys[i]
            if key in seen:
                found.append(i)
            seen.add(key)
    return found


_TEASER = "Die Bahn erhöht zum Jahreswechsel die Preise im Fernverkehr deutlich"

REPEATED_LINE = Rule(
    "DU002",
    "repeated-line",
    "A later copy of a line of six words or more that already appeared in the document.",
    "Teasers, pull quotes and widget headlines are printed twice on many pages; the first copy is kept. "
    "Short repeats (list items, table cells, refrains) are left alone.",
    (
        Example(f"Einleitung des Artikels.\n{_TEASER}\nText.\n{_TEASER}", True, "de", target=_TEASER),
        Example("Zutaten\n2 Eier\nTeig\n2 Eier", False, "de", target="2 Eier"),
    ),
    context=_repeated_lines,
    own_text=True,
)

RULES = (DUPLICATE_TITLE, REPEATED_LINE)
# fmt: on

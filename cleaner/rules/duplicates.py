"""DU rules: the second copy of the title, and lines repeated inside a document."""

from __future__ import annotations

from collections.abc import Iterator

from .base import DocView, Example, Rule
from .credits import credit

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off

_TITLE_MAX_WORDS = 30


def _title_copies(doc: DocView) -> Iterator[int]:
    # The title is the first kept line; a later copy of it, alone or with a credit glued after it (the
    # lead image's caption repeats the headline), is page furniture.
    kept = doc.kept()
    if not kept or doc.lines[kept[0]].words > _TITLE_MAX_WORDS:
        return
    title = doc.lines[kept[0]]
    key, prefix, length = title.key, title.key + " ", len(title.text.strip())
    for i in kept[1:]:
        line = doc.lines[i]
        if line.key == key or (line.key.startswith(prefix) and credit().search(line.text[length:])):
            yield i


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


def _repeated_lines(doc: DocView) -> Iterator[int]:
    seen: set[str] = set()
    for i in doc.kept():
        line = doc.lines[i]
        if line.words < _REPEAT_MIN_WORDS:
            continue
        if line.key in seen:
            yield i
        seen.add(line.key)


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

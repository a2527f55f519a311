"""NV022, runs of link labels: the menus of naive page text, told apart from lists and records in articles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from .base import DocView, Example, Rule
from .folding import count_words

# A label ends without a sentence's or a clause's punctuation (as navigation's breadcrumb parts do).
LABEL_END = re.compile(r"[.!?;:,。！？；：，]\s*$|[。！？]")
_PARAGRAPH = "The committee said on Tuesday that the new rules would take effect in the spring."
_SECOND = "Local officials welcomed the decision, although several questions about its funding remain open."

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off
_MENU_MAX_WORDS = 4
MENU_MIN_RUN = 4


_DIGIT = re.compile(r"\d")
_LIST_MARKER = re.compile(r"^\s*(?:[*+o•·‣◦-]|\d{1,2}[.)])(?:\s+|$)")


@lru_cache(maxsize=1 << 16)
def _menu_item(text: str) -> bool | None:
    """True for a link-label line, None for a bare list marker (transparent in a run), else False."""
    label = _LIST_MARKER.sub("", text).strip()
    if not label:
        return None
    short = count_words(label) <= _MENU_MAX_WORDS
    return short and not LABEL_END.search(label) and not _DIGIT.search(label)


# A field of a record ("Optik: Teleobjektiv", "- Art der Aufnahme: Digitalfoto"): a name, a colon, a value.
_FIELD = re.compile(r"^\s*(?:[*+o•·‣◦-]\s+)?([^\W\d_][^:]*):\s+\S")


@lru_cache(maxsize=1 << 16)
def _field_name(text: str) -> str | None:
    """The name of a field line ("optik" for "Optik: Teleobjektiv"), None for any other line."""
    match = _FIELD.match(text)
    return match.group(1).strip().casefold() if match else None


def _add_name(names: set[str], text: str) -> None:
    name = _field_name(text)
    if name is not None:
        names.add(name)


def _menu_runs(doc: DocView) -> Iterator[int]:
    # Menus in naive page text are runs of link labels, one per line. A single short line is a heading,
    # a byline or a list item and stays; four or more in a row without a sentence or a number among them
    # are a menu. List markers ("*", "1.") are ignored, so rendered menus ("1. Home") count too. Lines
    # already removed never end a run (short ones count as labels: "Home" and "Contact" are menu items
    # too); so a second run, without them, finds the same runs and nothing more to remove.
    # A run whose labels are mostly fields with different names is a record's details (a
    # photo's camera and lens, a product's specifications), not links. Menus have fields too, but their
    # names repeat: "Übersicht: Arbeit", "Übersicht: Soziales" among a ministry's topics.
    run: list[int] = []
    labels = 0
    names: set[str] = set()
    before = -1  # the last kept line that is not a menu item (-1: none yet)
    lines, dropped = doc.lines, doc.dropped  # this loop sees every line on every pass: locals are faster
    for i in [*doc.content, -1]:
        item = _menu_item(lines[i].text) if i >= 0 else False
        if i in dropped:
            # Lines learned as the site's chrome (LR) are removed whole, names and slogans with menus: no
            # evidence that the short lines around them, such as the title under the header, are a menu.
            if item is True and not dropped[i].startswith("LR"):
                labels += 1
                _add_name(names, lines[i].text)
            continue
        if item is not False:
            run.append(i)
            if item is True:
                labels += 1
                _add_name(names, lines[i].text)
            continue
        if run:
            # Between two paragraphs of prose, the run is a list inside the article (a packing list).
            # Whether a line is prose is asked only here: asking it of every line cost half this rule's time.
            if (
                labels >= MENU_MIN_RUN
                and 2 * len(names) <= labels
                and not (before >= 0 and i >= 0 and lines[before].prose and lines[i].prose)
            ):
                yield from run
            run = []
        labels = 0
        names.clear()
        before = i


MENU_RUN = Rule(
    "NV022",
    "menu-run",
    "Four or more consecutive lines of at most four words, with no sentence and no number among them.",
    "In naive page text a menu is a column of link labels. One short line is a heading and stays; lines "
    "with numbers (ingredients, scores, specifications) stay too, and so does a column of fields with "
    "different names (\"Optik: Teleobjektiv\"), a record's details.",
    (
        Example("Home\nNews\nSport\nCulture\nContact\n" + _PARAGRAPH, True, None, target="Sport"),
        Example("Zutaten\n2 Eier\n200 g Mehl\n1 Prise Salz\n100 ml Milch\n" + _PARAGRAPH, False, None,
                target="200 g Mehl"),
        Example("Home\nNews\n" + _PARAGRAPH, False, None, target="News"),
        Example(f"{_PARAGRAPH}\nWhat we packed\nRain jacket\nWool socks\nHead torch\nPaper map\n{_SECOND}", False, None,
                target="Wool socks"),
        Example("  1. Home\n  2. Energie\n  *\n  3. Wasserstoff\n  4. Kontakt\n" + _PARAGRAPH, True, None,
                target="  3. Wasserstoff"),
        Example(f"{_PARAGRAPH}\nDetailangaben\n- Kategorie: Erste Versuche\n- Art der Aufnahme: Digitalfoto\n"
                "- Optik: Teleobjektiv\n- Öffnung in mm:\n", False, None, target="- Art der Aufnahme: Digitalfoto"),
        Example("Übersicht: Arbeit\nArbeitsförderung\nÜbersicht: Soziales\nSozialhilfe\nÜbersicht: Europa\n"
                + _PARAGRAPH, True, None, target="Übersicht: Soziales"),
    ),
    context=_menu_runs,
)
# fmt: on

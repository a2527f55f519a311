"""NV022, runs of link labels: the menus of naive page text, told apart from lists and records in articles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .base import Example, Rule
from .folding import count_words
from .views import COLON, MENU_EMPTY, MENU_ITEM, DocView

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


def _menu_runs(doc: DocView) -> list[int]:
    # Menus in naive page text are runs of link labels, one per line. A single short line is a heading,
    # a byline or a list item and stays; four or more in a row without a sentence or a number among them
    # are a menu. List markers ("*", "1.") are ignored, so rendered menus ("1. Home") count too. Lines
    # already removed never end a run (short ones count as labels: "Home" and "Contact" are menu items
    # too); so a second run, without them, finds the same runs and nothing more to remove.
    # Whether a line is a label is the line table's MENU_ITEM (`_menu_item`, tests/test_lines.py); this
    # loop sees every line on every pass of the engine, so it reads flags only.
    found: list[int] = []
    content, flags, gone = doc.content, doc.flags, doc.gone
    learned = bytearray([code.startswith("LR") for code in doc.removal_codes])  # by gone's value: 1 for LR
    run: list[int] = []  # the kept labels and bare markers of the run
    labels = 0  # labels since the last kept line that is not one, removed ones included (but for LR's)
    segment = 0  # where in `content` that stretch starts
    before = -1  # the last kept line that is not a label (-1: none yet)
    for position in range(len(content) + 1):
        i = content[position] if position < len(content) else -1
        shape = flags[i] & (MENU_ITEM | MENU_EMPTY) if i >= 0 else 0
        if i >= 0 and gone[i]:
            # Lines learned as the site's chrome (LR) are removed whole, names and slogans with menus: no
            # evidence that the short lines around them, such as the title under the header, are a menu.
            if shape == MENU_ITEM and not learned[gone[i]]:
                labels += 1
            continue
        if shape:
            run.append(i)
            if shape == MENU_ITEM:
                labels += 1
            continue
        if run:
            # Between two paragraphs of prose, the run is a list inside the article (a packing list).
            if (
                labels >= MENU_MIN_RUN
                and _menu_not_record(doc, content[segment:position], labels)
                and not (before >= 0 and i >= 0 and doc.prose(before) and doc.prose(i))
            ):
                found += run
            run = []
        labels = 0
        segment = position + 1
        before = i
    return found


def _menu_not_record(doc: DocView, stretch: Sequence[int], labels: int) -> bool:
    # A run whose labels are mostly fields with different names is a record's details (a photo's camera
    # and lens, a product's specifications), not links. Menus have fields too, but their names repeat:
    # "Übersicht: Arbeit", "Übersicht: Soziales" among a ministry's topics. A field holds a colon: with
    # few colons, few names (most menus have none), and the field expression need not run.
    fields = [i for i in stretch if doc.flags[i] & MENU_ITEM and doc.flags[i] & COLON]
    if 2 * len(fields) <= labels:
        return True
    names = {
        name
        for i in fields
        if not doc.removal_codes[doc.gone[i]].startswith("LR")
        and (name := _field_name(doc.texts[i])) is not None
    }
    return 2 * len(names) <= labels


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

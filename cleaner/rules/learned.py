"""LR rules: lines a site repeats across its pages, learned from the corpus by `cleaner learn`."""

from __future__ import annotations

from .base import Example, Rule
from .folding import fold
from .views import DocView

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off


def site_key(text: str) -> str:
    """The form a learned line is matched in: the folded text (case, accents and punctuation ignored).

    The learning pass counts lines in this form and the site rules file is read back into it, so a line
    the file lists matches the same line with other capitals, apostrophes or punctuation.

    >>> site_key("Accueil | Politique | Économie"), site_key("ACCUEIL – politique – economie")
    ('accueil politique economie', 'accueil politique economie')
    """
    return fold(text)


def _learned_lines(doc: DocView) -> list[int]:
    # The document's site lines are given by the caller (the runner, from --site-rules or --learn); a line
    # is matched on its own text only, so what remains after a run holds none of them and a second run
    # removes nothing more.
    if not doc.site:
        return []
    site, keys = doc.site, doc.keys
    return [i for i in doc.kept() if keys[i] in site]


_MENU = "Accueil Politique Économie Culture Sport"
_SLOGAN = "Le Courrier de la Presqu'île, l'info de Lyon depuis 1921"
_BODY = "Le maire a inauguré lundi la nouvelle ligne de tramway entre Perrache et la Part-Dieu."
_MORE = "Les travaux avaient duré trois ans et coûté 120 millions d'euros, selon la métropole."

LEARNED_LINE = Rule(
    "LR001",
    "learned-line",
    "A line the learned site rules list for the document's site (cleaner learn, then --site-rules or --learn).",
    "Menus, slogans, footers and widgets are each site's own, in its own words and language, and no phrase "
    "list knows them all; a line a site repeats across many of its pages is its chrome. `cleaner learn` "
    "lists such lines per site in a file a person reviews; long, sentence-like lines are only listed when "
    "they also sit at the page's edge or beside other chrome, so a quotation or a legal line that several "
    "articles share stays. Lines are matched ignoring case, accents and punctuation.",
    (
        Example(f"{_MENU}\n{_BODY}\n{_MORE}\n{_SLOGAN}", True, "fr", target=_SLOGAN, site=(_MENU, _SLOGAN)),
        Example(f"{_MENU}\n{_BODY}\n{_MORE}\nACCUEIL – politique – économie – culture – sport", True, "fr",
                target="ACCUEIL – politique – économie – culture – sport", site=(_MENU,)),
        Example(f"{_MENU}\n{_BODY}\n{_MORE}\n{_SLOGAN}", False, "fr", target=_SLOGAN, site=(_MENU,)),
        Example(f"{_BODY}\n{_MORE}\n{_SLOGAN}", False, "fr", target=_SLOGAN),
    ),
    context=_learned_lines,
    own_text=True,
)

RULES = (LEARNED_LINE,)
# fmt: on

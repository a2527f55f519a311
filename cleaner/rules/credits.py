"""CR rules: photo captions and credits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .base import Example, Rule, Where, drops, keeps, line_rule
from .views import DocView, LineView

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off

# A credit closes the line: the marker, then a short name with no sentence end after it. Agencies write
# "REUTERS/Name"; sites write "© Name", "Photo : Name", "(Foto: dpa)" or the stock agency's name.
_AGENCIES = (
    r"REUTERS|Reuters|AFP|AFP PHOTO|AP|AP Photo|EPA|EPA-EFE|ANP|KEYSTONE|XINHUA|Xinhua|SIPA|ABACA|IMAGO|ANSA|TASS"
    r"|Sputnik"
)
_STOCK = (
    r"getty images|istock(?:photo)?|shutterstock|picture[- ]alliance|imago images|dpa-bildfunk|fotolia|adobe ?stock"
    r"|stock\.adobe\.com|pixabay|unsplash|pexels|depositphotos|123rf|dreamstime|alamy"
)
# Each way a credit closes a line: after `©` or `(c)`; an agency, then the line's last slash; a credit
# word, then its last colon (nothing after either may end a sentence, nor be another); a stock agency in
# its last 76 characters; a licence. The agency's and the word's branches are split at the mark, so that
# each half is matched where it must be rather than searched along the line (below).
_COPYRIGHT = r"(?:©|\(c\)\s)\s*(?:[^.!?]|\.(?=\w)){0,80}\.?$"
_AGENCY, _AFTER_SLASH = rf"\b(?:{_AGENCIES})", r"\s*/\s*[^/.!?]{2,60}$"
_WORD = (
    r"(?i:\b(?:photo|photos|foto|fotos|bild|bilder|image|images|crédits?(?: photo)?|credits?|photograph|"
    r"picture|pic|illustration|grafik|fotografía|fotografia)"
)
_AFTER_COLON = r"\s*:\s*[^.!?:]{2,60}$)"
_STOCK_CLOSES = rf"(?i:\b(?:{_STOCK})\b(?:[^.!?]|\.(?=\w)){{0,60}}$)"
_LICENCE = r"\bCC[- ]BY(?:[- ](?:SA|NC|ND))*(?: \d\.\d)?\s*$"
CREDIT_SOURCE = "|".join((_COPYRIGHT, _AGENCY + _AFTER_SLASH, _WORD + _AFTER_COLON, _STOCK_CLOSES, _LICENCE))
# The longest agency and credit word (a case-insensitive character matches one character), and the longest
# match of the stock agency branch (agency name and 60 characters).
_AGENCY_LONGEST, _WORD_LONGEST, _STOCK_LONGEST = 9, 13, 76
# What a stock agency's name, lowercased, holds (the characters `re` matches case-insensitively with i, s
# and k beyond the ASCII ones: dotless ı, long ſ, İ lowering to i and a dot above, Kelvin's K to k).
_STOCK_PARTS = ("getty", "stock", "picture", "imago", "dpa-bildfunk", "fotolia", "pixabay", "unsplash", "pexels",
                "depositphotos", "123rf", "dreamstime", "alamy")  # fmt: skip


@cache
def credit() -> re.Pattern[str]:
    """A credit closing a line: ©, an agency and a slash, "Photo:", a stock agency or a licence."""
    # Compiled on first use: at 2 ms, the costliest expression of a one-file check's start.
    return re.compile(CREDIT_SOURCE)


@cache
def _parts() -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(source)
        for source in (_COPYRIGHT, _AGENCY + "$", _AFTER_SLASH, _WORD + ")$", _AFTER_COLON[:-1], _STOCK_CLOSES,
                       _LICENCE)
    )  # fmt: skip


def credit_closes(text: str) -> bool:
    r"""Whether a credit closes the line: `credit().search(text)`, each branch tried only where it can match.

    Searched whole, the expression tried every branch at every position (10 us a line over the dev pages'
    candidates, a seventh of the engine's rule time). Here the agency's and the credit word's branches
    match their tail at the line's last slash or colon and search their head only in the characters
    before it (with the text before as the context of ``); the stock agencies' branch runs only on
    lines whose end holds such a name, the others only on lines with their mark.
    """
    copyright_, agency, after_slash, word, after_colon, stock, licence = _parts()
    if ("©" in text or "(c)" in text) and copyright_.search(text):
        return True
    marks = (("/", agency, after_slash, _AGENCY_LONGEST), (":", word, after_colon, _WORD_LONGEST))
    for mark, head, tail, longest in marks:
        at = text.rfind(mark)  # the match holds the line's last mark: nothing after it may be another
        if at >= 0 and tail.match(text, at):
            end = at
            while end > 0 and text[end - 1].isspace():  # `\s*` between the head and the mark
                end -= 1
            if head.search(text, max(0, end - longest), end):
                return True
    window = text[-_STOCK_LONGEST:].lower().replace("ı", "i").replace("ſ", "s").replace("\u0307", "")
    for part in _STOCK_PARTS:  # a loop: any() over a generator took half again as long
        if part in window:
            return stock.search(text, max(0, len(text) - _STOCK_LONGEST)) is not None or (
                "CC" in text and licence.search(text) is not None
            )
    return "CC" in text and licence.search(text) is not None


class Credit:
    """Matches a caption-sized line closed by a credit (`credit_closes`)."""

    languages: tuple[str, ...] = ()

    def where(self, lang: str | None) -> Where:
        """Every branch of the credit holds ©, (c), a slash, a colon, "CC" or a stock agency's name."""
        return Where(literals=("©", "/", ":", "(c)", "CC"), folded=_STOCK_WORDS, max_words=20)

    def __call__(self, line: LineView, lang: str | None) -> bool:
        """Whether the line is short enough and a credit closes it."""
        return line.words <= 20 and credit_closes(line.text)


_STOCK_WORDS = (
    "getty", "istock", "shutterstock", "picture", "imago", "dpa", "fotolia", "adobe", "pixabay", "unsplash", "pexels",
    "depositphotos", "123rf", "dreamstime", "alamy",
)

PHOTO_CREDIT = line_rule(
    "CR001",
    "photo-credit",
    "A photo caption ending in its credit (\"… REUTERS/Sergei Karpukhin\", \"… © Source: Sputnik\").",
    "Captions describe a picture that is not in the text; the credit at the end of the line marks them. "
    "A sentence that merely names an agency stays: the credit must close the line, after no sentence end, "
    "and the line must be caption-sized.",
    # Captions run to about 15 words plus the credit (the seeds' RFI caption has 17 in all); longer lines
    # ending in a credit were article sentences on the dev pages, so they are kept (content first).
    Credit(),
    *drops(None,
           "Le chef de la diplomatie russe Sergueï Lavrov, à Moscou, le 21 octobre 2016. REUTERS/Sergei Karpukhin",
           "La Défense russe conteste la mort de 150 civils© Ministère russe de la Défense Source: Sputnik",
           "Die Kanzlerin in Berlin (Foto: dpa)", "Crédit photo : Jean Dupont",
           "Cyber-Attacken nehmen weiter zu. – © Sergey Nivens – stock.adobe.com",
           "Quelle: jorisvo / Fotolia.com", "Logo von Jonathas Mello, CC BY"),
    *keeps(None, "Il répondait aux accusations citées par l'agence Reuters, qui avait affirmé le contraire.",
           "The photo: a man on a bench, taken in 1952, became famous.",
           "Reuters/Ipsos poll shows the race is tied, analysts said.",
           "Northward prison is considered a Category C facility, yet more than half the inmates are "
           "classed as Category B. Photo: Alvaro Serey"),
)


def _caption_before_its_credit(doc: DocView) -> Iterator[int]:
    # A caption printed twice, the second time with its credit: the first copy goes with the second. The
    # document's first line is its title and stays even when the next line repeats it with a credit.
    # Looked for from each credit line back to its neighbour (rather than from every kept line forward).
    title = next((i for i in doc.content if i not in doc.dropped), None)
    for j in doc.removed_by("CR001"):
        i = doc.neighbour(j, -1)
        if i is None or i == title or i in doc.dropped or doc.blank_between(i, j):
            continue
        caption, credited = doc.lines[i].text.strip(), doc.lines[j].text.strip()
        if len(caption) >= 10 and credited.startswith(caption) and len(credited) > len(caption):
            yield i


_CAPTION = "Le chef de la diplomatie russe Sergueï Lavrov, à Moscou, le 21 octobre 2016."

REPEATED_CAPTION = Rule(
    "CR002",
    "caption-repeated-with-credit",
    "A caption directly followed by the same caption with its credit.",
    "Image widgets print the caption twice, once alone and once with the credit; both copies go. The "
    "document's first line is its title and stays.",
    (
        Example(f"Russie: Lavrov dresse un parallèle\n{_CAPTION}\n{_CAPTION} REUTERS/Sergei Karpukhin", True, "fr",
                target=_CAPTION),
        Example(f"{_CAPTION}\n{_CAPTION} REUTERS/Sergei Karpukhin", False, "fr", target=_CAPTION),
        Example(f"Russie: Lavrov dresse un parallèle\n{_CAPTION}\n\nREUTERS/Sergei Karpukhin", False, "fr",
                target=_CAPTION),
    ),
    context=_caption_before_its_credit,
    requires=("CR001",),
)

RULES = (PHOTO_CREDIT, REPEATED_CAPTION)
# fmt: on

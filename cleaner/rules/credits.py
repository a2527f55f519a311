"""CR rules: photo captions and credits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .base import Example, Pattern, Rule, drops, keeps, line_rule
from .views import DocView

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
# Compiled on first use (`credit()`): at 2 ms, the costliest expression of a one-file check's start.
CREDIT_SOURCE = (
    r"(?:©|\(c\)\s)\s*(?:[^.!?]|\.(?=\w)){0,80}\.?$"
    rf"|\b(?:{_AGENCIES})\s*/\s*[^/.!?]{{2,60}}$"
    r"|(?i:\b(?:photo|photos|foto|fotos|bild|bilder|image|images|crédits?(?: photo)?|credits?|photograph|"
    r"picture|pic|illustration|grafik|fotografía|fotografia)\s*:\s*[^.!?:]{2,60}$)"
    rf"|(?i:\b(?:{_STOCK})\b(?:[^.!?]|\.(?=\w)){{0,60}}$)"
    r"|\bCC[- ]BY(?:[- ](?:SA|NC|ND))*(?: \d\.\d)?\s*$"
)


@cache
def credit() -> re.Pattern[str]:
    """A credit closing a line: ©, an agency and a slash, "Photo:", a stock agency or a licence."""
    return re.compile(CREDIT_SOURCE)


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
    # Every branch of the credit holds ©, (c), a slash, a colon, "CC" or a picture agency's name (whose
    # folded form holds one of the words below); searching for those first cost 0.3 s on the dev pages,
    # searching the credit over them 1.7 s.
    Pattern(CREDIT_SOURCE, max_words=20, prefilter=("©", "/", ":", "(c)", "CC"), folded_prefilter=_STOCK_WORDS),
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
    for j in sorted(j for j, code in doc.dropped.items() if code == "CR001"):
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

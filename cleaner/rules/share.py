"""SH rules: share widgets, share labels and share links."""

from __future__ import annotations

import re

from .base import NEUTRAL, Phrases, Where, drops, keeps, line_rule
from .folding import count_words, fold
from .views import LineView

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off

SHARE_LABEL = line_rule(
    "SH001",
    "share-label",
    "A share label, alone or with a share link (\"Partager :\", \"Share this article https://...\").",
    "Share widgets leave their label and sometimes a short link in the text; at most three other words "
    "may stand beside the label, so sentences that start with the verb (\"Share prices fell...\") stay.",
    Phrases(
        {
            "fr": ("partager", "partagez", "partager cet article", "partager sur", "partager l'article",
                   "partagez cet article"),
            "en": ("share", "share this", "share this article", "share on", "share this story", "share to",
                   "email this", "blogthis",
                   "share article", "share this post"),
            "de": ("teilen", "artikel teilen", "diesen artikel teilen", "jetzt teilen", "beitrag teilen",
                   "teilen auf", "seite teilen"),
            "es": ("compartir", "comparte", "compartir en", "compartir este artículo", "compartir artículo"),
            "it": ("condividi", "condividi su", "condividi questo articolo", "condividi l'articolo"),
            "pt": ("compartilhar", "compartilhe", "partilhar", "compartilhar no", "partilhe"),
        },
        anchor="start",
        max_words=16,
        rest_max_words=3,
    ),
    *drops("fr", "Partager :", "Partager cet article? https://turquie2023.com/3fkPaC"),
    *keeps("fr", "Partager les richesses reste un défi pour le gouvernement."),
    *drops("en", "Share this article", "Share on Facebook"),
    *keeps("en", "Share prices fell 3% on Monday after the report."),
    *drops("de", "Artikel teilen:"),
    *keeps("de", "Teilen ist für viele Familien längst selbstverständlich geworden."),
    *drops("es", "Compartir en Facebook"),
    *keeps("es", "Compartir la información con la policía fue la decisión correcta."),
    *drops("it", "Condividi questo articolo"),
    *keeps("it", "Condividi le tue idee con il gruppo prima della riunione di lunedì."),
    *drops("pt", "Compartilhar no WhatsApp"),
    *keeps("pt", "Partilhar a casa com estranhos foi uma experiência difícil."),
)

_TARGETS = (
    "facebook", "twitter", "whatsapp", "telegram", "linkedin", "pinterest", "reddit", "xing", "email",
    "e mail", "mail", "print", "drucken", "imprimer", "imprimir", "stampa", "copy link", "link kopieren",
    "copier le lien", "messenger", "tumblr", "flipboard", "pocket", "threads", "bluesky", "mastodon", "vk",
    "rss", "feed", "tweet", "pin", "sms", "share", "teilen", "partager", "compartir", "condividi",
    "compartilhar", "kommentare", "comments", "rss feed", "likes", "stumbleupon",
)


class ShareRow:
    """Matches a line made only of share targets and their counters ("Facebook0 Twitter 12 E-Mail")."""

    languages: tuple[str, ...] = ()

    def __init__(self, targets: tuple[str, ...]) -> None:
        self._row = Phrases({NEUTRAL: targets}, anchor="row", max_words=16)
        self._cues: dict[str | None, frozenset[str]] = {}

    def triggers(self, lang: str | None) -> tuple[str, ...]:
        """The share targets: a row holds at least one."""
        return self._row.triggers(lang)

    def where(self, lang: str | None) -> Where:
        """A share target's longest word anywhere (counters glued to a name hide it: "Facebook0" alone is kept)."""
        return Where(anywhere=tuple(max(p.split(), key=len) for p in self._row.triggers(lang) if p))

    def __call__(self, line: LineView, lang: str | None) -> bool:
        """Whether the line is share targets, with counters glued or apart, and at least one target."""
        # A key without its counters, folded again, read as the row matcher reads a line (with no capitals
        # left, it has no glue point, so one key): what LineView(..., key without counters) gives it.
        cues = self._cues.get(lang)
        if cues is None:
            cues = self._cues[lang] = frozenset(self.where(lang).anywhere)
        for key in line.keys:
            if cues.isdisjoint(key.split()):
                continue  # no target's word stands alone, as the engine's trigger needs: "Partager0" stays
            stripped = _COUNTER.sub(" ", key)
            if stripped.isascii() and "'" not in stripped:  # what fold leaves of folded ASCII words: spacing
                words = stripped.split()
                bare, count = " ".join(words), len(words)
            else:
                bare = fold(stripped)
                count = count_words(bare)
            if self._row.matches(bare, count, lang):
                return True
        return False


_COUNTER = re.compile(r"\d+")

SHARE_BUTTONS = line_rule(
    "SH002",
    "share-buttons",
    "A row of share buttons (\"Facebook Twitter WhatsApp E-Mail\").",
    "Share buttons become a line of network names and counters; a line made only of them says nothing.",
    ShareRow(_TARGETS),
    *drops(None, "Facebook Twitter WhatsApp E-Mail", "Facebook0 Twitter Email RSS feed", "Twitter",
           "Facebook0 Twitter StumbleUpon Tumblr Pinterest0 0 Likes"),
    *keeps(None, "Facebook and Twitter shares fell on Monday.", "Print edition", "0", "x", "Partager0"),
)

SHARE_PROMPT = line_rule(
    "SH003",
    "share-prompt",
    "An invitation to share the article (\"Artikel gefallen? Jetzt teilen!\").",
    "The prompt asks the reader to spread the page; it is part of the share widget.",
    Phrases(
        {
            "fr": ("vous avez aimé cet article", "partagez le", "n'hésitez pas à partager", "partagez cet article"),
            "en": ("if you liked this article", "share it with", "did you like this article", "please share",
                   "don't forget to share", "liked this article"),
            "de": ("artikel gefallen", "jetzt teilen", "vergiss nicht zu teilen", "teile diesen artikel",
                   "teilen sie diesen artikel", "gerne teilen"),
            "es": ("te gustó este artículo", "comparte este artículo", "no olvides compartir"),
            "it": ("ti è piaciuto questo articolo", "condividi questo articolo", "non dimenticare di condividere"),
            "pt": ("gostou deste artigo", "compartilhe este artigo", "não se esqueça de compartilhar"),
        },
        max_words=15,
    ),
    *drops("fr", "Vous avez aimé cet article ? Partagez-le !"), *keeps("fr", "Il a aimé cet article de loi."),
    *drops("en", "If you liked this article, please share it."), *keeps("en", "She liked the article."),
    *drops("de", "Artikel gefallen? Vergiss nicht zu teilen!"), *keeps("de", "Der Artikel hat ihr gefallen."),
    *drops("es", "¿Te gustó este artículo? Compártelo."), *keeps("es", "Le gustó el artículo."),
    *drops("it", "Ti è piaciuto questo articolo? Condividilo."), *keeps("it", "Le è piaciuto l'articolo."),
    *drops("pt", "Gostou deste artigo? Compartilhe."), *keeps("pt", "Ela gostou do artigo."),
)

RULES = (SHARE_LABEL, SHARE_BUTTONS, SHARE_PROMPT)
# fmt: on

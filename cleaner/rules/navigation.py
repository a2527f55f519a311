"""NV rules at the top and around the article: skip links, breadcrumbs, labels, menus, signatures, islands."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .base import Example, Label, Phrases, Rule, Where, drops, keeps, line_rule
from .folding import count_words, is_byline
from .menus import LABEL_END, MENU_RUN
from .views import DocView, LineView

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off

SKIP_LINK = line_rule(
    "NV001",
    "skip-link",
    "An accessibility skip link (\"Skip to content\").",
    "Skip links are invisible navigation that naive text extraction keeps at the top of every page.",
    Label(
        {
            "fr": ("aller au contenu", "aller au contenu principal", "accéder au contenu principal",
                   "accéder au contenu", "passer au contenu", "aller à la navigation", "accéder au menu",
                   "aller au menu", "aller à la recherche"),
            "en": ("skip to content", "skip to main content", "skip to navigation", "skip navigation",
                   "jump to content", "skip to footer", "go to content", "skip to main navigation"),
            "de": ("zum inhalt springen", "direkt zum inhalt", "zum hauptinhalt", "zur navigation",
                   "zum hauptinhalt springen", "zur suche", "springe zum inhalt", "zum inhalt",
                   "direkt zur navigation", "zur hauptnavigation"),
            "es": ("saltar al contenido", "ir al contenido", "saltar al contenido principal"),
            "it": ("vai al contenuto", "salta al contenuto", "passa al contenuto principale"),
            "pt": ("ir para o conteúdo", "pular para o conteúdo", "saltar para o conteúdo"),
        },
    ),
    *drops("fr", "Accéder au contenu principal"), *keeps("fr", "Accéder au contenu des archives reste difficile."),
    *drops("en", "Skip to content"), *keeps("en", "Skip to content you like, the critic advised."),
    *drops("de", "Zum Inhalt springen"), *keeps("de", "Zum Inhalt des Vertrags wollte er nichts sagen."),
    *drops("es", "Saltar al contenido"), *keeps("es", "Ir al contenido del informe no fue fácil."),
    *drops("it", "Vai al contenuto"), *keeps("it", "Vai al contenuto della lettera, disse il giudice."),
    *drops("pt", "Ir para o conteúdo"), *keeps("pt", "Ir para o conteúdo do relatório levou horas."),
)

# Starts only where a run of spaces starts (the lookbehinds): retried inside the run, a line of 100,000
# no-break spaces took minutes (docs/regex-safety.md).
_CRUMB_SEPARATOR = re.compile(r"(?<!\s)\s+[/>|·•]\s+|(?<!\s)\s*[›»→]\s*")
# A row of a table as Markdown and trafilatura's text write it ("| file | 2.3 GB/s | 0.098 GB/s |"): its
# cells are short too, but they are the page's data, not a trail.
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_HOME = frozenset(("home", "accueil", "startseite", "inicio", "início", "home page", "homepage"))


class Breadcrumb:
    """Matches a trail of short segments between separators ("Home › News › World")."""

    languages: tuple[str, ...] = ()

    def where(self, lang: str | None) -> Where:
        """A trail has a separator, and each separator holds one of these characters."""
        return Where(literals=tuple("/>|·•›»→"), max_words=20)

    def __call__(self, line: LineView, lang: str | None) -> bool:
        """Whether the line is three or more short segments (two when it starts at a home link)."""
        if line.words > 20 or _TABLE_ROW.match(line.text):
            return False
        parts = [p.strip() for p in _CRUMB_SEPARATOR.split(line.text.strip())]
        if len(parts) < 2 or (len(parts) == 2 and parts[0].casefold() not in _HOME):
            return False
        return all(
            p and 1 <= count_words(p) <= 4 and any(c.isalpha() for c in p) and not LABEL_END.search(p)
            for p in parts
        )


BREADCRUMB = line_rule(
    "NV002",
    "breadcrumb",
    "A breadcrumb or tag trail (\"Russie / Etats-Unis / Syrie / Irak\").",
    "Trails of short links are navigation; segments must be short and wordy, so fractions, dates and "
    "sentences with a slash stay.",
    Breadcrumb(),
    *drops(None, "Russie / Etats-Unis / Syrie / Irak", "Home › News › World", "Startseite > Politik"),
    *keeps(None, "Le taux est passé de 3 / 4 / 5 %", "12 / 05 / 2019", "Paris / Berlin",
           "Input > output, as the manual says.", "| gsoc-2018 | 3.3 GB/s | 0.091 GB/s | ",
           "| Strecke | Aufgabe | Pause |"),
)

READING_INDICATOR = line_rule(
    "NV003",
    "reading-indicator",
    "A \"you are reading\" or \"you are here\" indicator.",
    "Page chrome that names the current page; the article's own title is elsewhere.",
    Label(
        {
            "fr": ("vous lisez", "vous êtes ici", "vous êtes en train de lire"),
            "en": ("you are reading", "now reading", "currently reading", "you are here"),
            "de": ("sie lesen", "sie lesen gerade", "sie sind hier", "aktuelle seite"),
            "es": ("estás leyendo", "está leyendo", "usted está aquí", "estás aquí"),
            "it": ("stai leggendo", "sei qui", "ti trovi in"),
            "pt": ("você está lendo", "está a ler", "você está aqui"),
        },
        headline=True,
        max_words=20,
    ),
    *drops("fr", "Vous lisez:"), *keeps("fr", "Vous lisez ce texte, dit-il, parce que vous êtes curieux."),
    *drops("en", "You are here: Home"), *keeps("en", "You are reading the last issue of the magazine."),
    *drops("de", "Sie sind hier:"), *keeps("de", "Sie lesen gerne Krimis, sagte die Buchhändlerin."),
    *drops("es", "Estás leyendo:"), *keeps("es", "Estás leyendo el último número de la revista."),
    *drops("it", "Sei qui:"), *keeps("it", "Stai leggendo l'ultimo numero della rivista."),
    *drops("pt", "Você está aqui:"), *keeps("pt", "Você está lendo a última edição da revista."),
)

TICKER_LABEL = line_rule(
    "NV004",
    "ticker-label",
    "A standalone ticker or live label (\"DERNIERE MINUTE\", \"Breaking news\").",
    "Tickers label the site's news feed, not the article.",
    Label(
        {
            "fr": ("dernière minute", "dernières minutes", "en direct", "direct", "flash info", "alerte info",
                   "info en continu"),
            "en": ("breaking news", "breaking", "live", "latest", "just in", "trending", "trending now",
                   "live updates"),
            "de": ("eilmeldung", "liveticker", "live ticker", "aktuell", "news ticker", "newsticker"),
            "es": ("última hora", "en directo", "en vivo", "urgente"),
            "it": ("ultim'ora", "ultima ora", "in diretta", "ultimora"),
            "pt": ("última hora", "ao vivo", "urgente", "últimas"),
        },
    ),
    *drops("fr", "DERNIERE MINUTE"), *keeps("fr", "Dernière minute : le train est annulé, a annoncé la SNCF."),
    *drops("en", "Breaking News"), *keeps("en", "Breaking news is hard to verify, she said."),
    *drops("de", "Eilmeldung"), *keeps("de", "Aktuell gibt es keine neuen Fälle."),
    *drops("es", "Última hora"), *keeps("es", "En directo desde Madrid, el presidente habló de la crisis."),
    *drops("it", "Ultim'ora"), *keeps("it", "In diretta dal Senato, il ministro ha parlato della crisi."),
    *drops("pt", "Ao vivo"), *keeps("pt", "Ao vivo, o cantor parece ainda mais jovem."),
)

AD_LABEL = line_rule(
    "NV005",
    "ad-label",
    "An advertisement or sponsored-content label (\"Publicité\", \"Anzeige\").",
    "Ad slots leave their label in the text when the ad itself is not text.",
    Label(
        {
            "fr": ("publicité", "annonce", "contenu sponsorisé", "contenu partenaire", "sponsorisé"),
            "en": ("advertisement", "advertising", "sponsored", "sponsored content", "promoted",
                   "paid content", "partner content", "paid post", "ad feedback"),
            "de": ("anzeige", "werbung", "gesponsert", "sponsored", "anzeigen"),
            "es": ("publicidad", "anuncio", "contenido patrocinado", "patrocinado"),
            "it": ("pubblicità", "contenuto sponsorizzato", "sponsorizzato"),
            "pt": ("publicidade", "conteúdo patrocinado", "patrocinado"),
        },
    ),
    *drops("fr", "Publicité"), *keeps("fr", "La publicité a rapporté deux milliards en 2019."),
    *drops("en", "Advertisement"), *keeps("en", "The advertisement was banned in 2019."),
    *drops("de", "Anzeige"), *keeps("de", "Die Anzeige wurde am Montag erstattet."),
    *drops("es", "Publicidad"), *keeps("es", "La publicidad generó dos mil millones en 2019."),
    *drops("it", "Pubblicità"), *keeps("it", "La pubblicità ha reso due miliardi nel 2019."),
    *drops("pt", "Publicidade"), *keeps("pt", "A publicidade rendeu dois bilhões em 2019."),
)

UI_LABEL = line_rule(
    "NV006",
    "ui-label",
    "Menu, search, login and pager labels, alone or in a row (\"Search Menu\").",
    "Interface words are the text of buttons and links; a line made only of them carries no content.",
    Phrases(
        {
            "fr": ("menu", "rechercher", "recherche", "fermer", "accueil", "se connecter", "connexion",
                   "s'inscrire", "mon compte", "s'abonner", "abonnez vous", "retour en haut", "haut de page",
                   "imprimer", "précédent", "suivant", "voir plus", "afficher plus", "commentaires", "réagir",
                   "répondre", "plan du site", "navigation", "ouvrir le menu", "retour", "retour à l'accueil",
                   "retourner à la page d'accueil", "retour à la page d'accueil", "aller à la recette",
                   "imprimer la recette"),
            "en": ("menu", "main menu", "search", "search for", "close", "open menu", "toggle navigation",
                   "navigation", "home", "log in", "login", "sign in", "sign up", "register", "my account",
                   "subscribe", "back to top", "scroll to top", "scroll back to top", "print", "previous",
                   "next", "more", "show more", "load more", "load comments", "view comments",
                   "leave a comment", "post navigation", "comments", "reply", "cancel reply", "toggle",
                   "skip", "log out", "logout", "go", "submit", "back", "view my complete profile",
                   "back to home", "back to homepage", "return to homepage", "go to homepage", "back to the homepage",
                   "jump to recipe", "print recipe", "pin recipe", "save recipe"),
            "de": ("menü", "hauptmenü", "suche", "suchen", "schließen", "startseite", "anmelden", "einloggen",
                   "registrieren", "mein konto", "abonnieren", "nach oben", "zurück nach oben", "drucken",
                   "zurück", "weiter", "mehr", "mehr anzeigen", "kommentare", "kommentieren", "antworten",
                   "navigation", "menü öffnen", "menü schließen", "abmelden", "login", "suche starten",
                   "zurück zur übersicht", "zur übersicht", "zur startseite", "zurück zur startseite",
                   "zum rezept", "rezept drucken"),
            "es": ("menú", "buscar", "cerrar", "inicio", "iniciar sesión", "ingresar", "registrarse", "mi cuenta",
                   "suscribirse", "volver arriba", "imprimir", "anterior", "siguiente", "ver más",
                   "comentarios", "responder", "volver al inicio", "volver a la página de inicio"),
            "it": ("cerca", "chiudi", "accedi", "registrati", "il mio account", "abbonati", "torna su",
                   "stampa", "precedente", "successivo", "mostra di più", "commenti", "rispondi", "torna alla home"),
            "pt": ("pesquisar", "buscar", "fechar", "início", "entrar", "cadastre se", "minha conta",
                   "assine", "voltar ao topo", "imprimir", "anterior", "próximo", "ver mais", "comentários",
                   "responder", "voltar ao início", "voltar para a página inicial"),
        },
        anchor="row",
        max_words=12,
    ),
    *drops("fr", "Menu", "Rechercher Fermer"), *keeps("fr", "Le menu du restaurant change chaque semaine."),
    *drops("en", "Search Menu", "Scroll back to top"), *keeps("en", "Search and rescue teams arrived."),
    *drops("de", "Suche", "Nach oben"), *keeps("de", "Die Suche nach den Vermissten geht weiter."),
    *drops("es", "Buscar"), *keeps("es", "Buscar trabajo es difícil para los jóvenes."),
    *drops("it", "Cerca"), *keeps("it", "Cerca di capire, disse la madre."),
    *drops("pt", "Pesquisar"), *keeps("pt", "Pesquisar a história da cidade levou anos."),
)

@cache
def _signature() -> re.Pattern[str]:
    # Compiled on first use: its capital ranges took 1.4 ms to compile, a one-file check's start pays for it.
    return re.compile(r"^\(?[A-ZÀ-Þ]{2,6}(?:[ /,-]+[A-ZÀ-Þ]{2,6}){0,2}\)?$")



def _signature_at_end(doc: DocView) -> Iterator[int]:
    # An agency or site signature ("TRT FR", "AFP", "DPA/AFP") after the last paragraph of prose. At the
    # top of a document the same shape is a title or an acronym heading, so prose must come before it.
    after: list[int] = []  # the kept lines after the last prose line, read from the end
    for i in reversed(doc.content):
        if doc.gone[i]:
            continue
        if doc.prose(i):
            yield from (j for j in reversed(after) if _signature().match(doc.texts[j].strip()))
            return
        after.append(i)


_PARAGRAPH = "La représentante des Etats-Unis a indiqué que les assertions étaient étudiées par l'armée."
_SECOND = "Le conseil de sécurité s’est réuni en urgence à la demande de la Russie, mardi soir à New York."

SITE_SIGNATURE = Rule(
    "NV009",
    "site-signature",
    "An agency or site signature in capitals after the article (\"TRT FR\", \"AFP\").",
    "Signatures name the source, not the story; they are only recognised after the last paragraph of "
    "prose, so an acronym heading at the top stays.",
    (
        Example(f"{_PARAGRAPH}\n\nTRT FR", True, None, target="TRT FR"),
        Example(f"OTAN\n\n{_PARAGRAPH}", False, None, target="OTAN"),
        Example(f"{_PARAGRAPH}\n\nOTAN\n\n{_SECOND}", False, None, target="OTAN"),
    ),
    context=_signature_at_end,
)

_ISLAND_MAX_WORDS = 8  # "Un avion russe Su-24 en Syrie", "Raconter l'actualité": captions and slogans


def _islands(doc: DocView) -> list[int]:
    # A short line whose neighbours on both sides were removed belongs to the same boilerplate block
    # (a slogan between two promotions, a caption between a credit and a follow line). The neighbours
    # must have been removed on their own text (see Rule.own_text): otherwise islands would chain, and
    # on the euronews seed the title, once its section label went, would follow. The document's first
    # and last lines have a missing neighbour, which does not count as removed.
    found: list[int] = []
    content, gone, direct, words = doc.content, doc.gone, doc.direct, doc.words
    title = -1  # the first kept line is the title
    for position in range(len(content)):
        i = content[position]
        if gone[i]:
            continue
        if title < 0:
            title = i
            continue
        if (
            0 < position < len(content) - 1
            and direct[content[position - 1]]
            and direct[content[position + 1]]
            and words[i] <= _ISLAND_MAX_WORDS
            and not doc.prose(i, 4)
            and not is_byline(doc.texts[i])
        ):
            found.append(i)
    return found


CHROME_ISLAND = Rule(
    "NV010",
    "chrome-island",
    "A short line enclosed by removed boilerplate on both sides.",
    "Slogans and captions inside a block of chrome are too short to judge alone; enclosed by removed lines "
    "they belong to the block. A sentence, or a line with a kept neighbour, stays.",
    (
        Example(f"{_PARAGRAPH}\nLire aussi : Des rebelles filmés à Alep\nRaconter l'actualité\n"
                "Suivez RT en français sur Telegram", True, "fr", target="Raconter l'actualité"),
        Example(f"Lire aussi : Des rebelles filmés à Alep\nRaconter l'actualité\n{_PARAGRAPH}", False, "fr",
                target="Raconter l'actualité"),
        Example("Lire aussi : Des rebelles filmés à Alep\nIl a dit non.\nSuivez RT en français sur Telegram",
                False, "fr", target="Il a dit non."),
        Example(f"{_PARAGRAPH}\nMehr zum Thema\nVon Katharina Brandl\nLesezeit: 5 Minuten\n{_SECOND}", False, "de",
                target="Von Katharina Brandl"),
        Example("Startseite › Rezepte › Backen\nSchwäbischer Zwetschgenkuchen vom Blech\nLesezeit: 4 Minuten\n"
                f"{_PARAGRAPH}", False, "de", target="Schwäbischer Zwetschgenkuchen vom Blech"),
    ),
    context=_islands,
    requires=("",),  # a line removed on its own text
)

_LABEL_MAX_WORDS = 3


def _labels_between_title_copies(doc: DocView) -> Iterator[int]:
    # The stretch between the title and its removed copy is the page header: short labels there
    # ("Syrie" between two copies of a Syria headline) are section and kicker labels. When prose stands
    # between the copies, the second one is a teaser further down, and the lines between are the article.
    dups = doc.removed_by("DU001")
    kept = doc.kept()
    if not dups or not kept:
        return
    between = [i for i in kept[1:] if i < dups[0]]
    if any(doc.prose(i) for i in between):
        return
    for i in between:
        if doc.words[i] <= _LABEL_MAX_WORDS and not doc.prose(i, 1):
            yield i


_TITLE = "Syrie : la Russie rejette les accusations d'Amnesty International"

SECTION_LABEL = Rule(
    "NV011",
    "header-label",
    "A short section or kicker label between the title and its repeated copy.",
    "Between the two copies of a headline lies the page header; a one-to-three-word line there is a "
    "section label. Without a repeated title, short lines are headings and stay.",
    (
        Example(f"{_TITLE}\n\nSyrie\n\n{_TITLE}\n\n{_PARAGRAPH}", True, "fr", target="Syrie"),
        Example(f"{_TITLE}\n\nSyrie\n\n{_PARAGRAPH}", False, "fr", target="Syrie"),
        Example(f"{_TITLE}\n\n{_PARAGRAPH}\n\nFazit\n\n{_TITLE}", False, "fr", target="Fazit"),
    ),
    context=_labels_between_title_copies,
    requires=("DU001",),
)

RULES = (SKIP_LINK, BREADCRUMB, READING_INDICATOR, TICKER_LABEL, AD_LABEL, UI_LABEL, SITE_SIGNATURE,
         CHROME_ISLAND, SECTION_LABEL, MENU_RUN)
# fmt: on

"""RL rules: read-also teasers, related-article lists and next-article tails."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from .base import Example, Label, Rule, drops, keeps, line_rule
from .folding import is_byline, is_prose
from .views import DocView

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off

_TEASER = Label(
    {
        "fr": ("lire aussi", "à lire aussi", "pour approfondir", "lire également", "à lire également", "voir aussi",
               "lisez aussi", "à voir aussi", "découvrez aussi", "à découvrir", "lire la suite", "à lire",
               "sur le même sujet", "voir également"),
        "en": ("read also", "also read", "read more", "see also", "related", "related article",
               "continue reading", "read the full story", "read the full article",
               "related story", "related content", "you may also like", "recommended", "more on this",
               "further reading", "read next", "don't miss", "also on", "more from"),
        "de": ("lesen sie auch", "lesen sie mehr", "auch interessant", "mehr zum thema",
               "das könnte sie auch interessieren", "weiterlesen", "siehe auch", "zum thema", "passend dazu",
               "mehr dazu", "lesen sie hier", "empfohlener redaktioneller inhalt", "mehr lesen",
               "hier weiterlesen", "auf einer seite lesen", "diskussion zu diesem artikel auf"),
        "es": ("lee también", "leer más", "ver también", "te puede interesar", "también te puede interesar",
               "lea también", "relacionado", "noticias relacionadas", "te recomendamos", "vea también"),
        "it": ("leggi anche", "vedi anche", "potrebbe interessarti", "leggi tutto", "approfondisci",
               "ti potrebbe interessare"),
        "pt": ("leia também", "veja também", "leia mais", "saiba mais", "relacionado",
               "você também pode gostar", "veja mais"),
    },
    headline=True,
    max_words=30,
)

READ_ALSO = line_rule(
    "RL001",
    "read-also",
    "A \"read also\" teaser: the label, and the headline it links to.",
    "Teasers interrupt the article with another article's headline. The label must open the line and "
    "the line must not end like a sentence, so prose that starts with the same words stays.",
    _TEASER,
    *drops("fr", "Lire aussi : Frappes russes à Idleb : Moscou dément les accusations de l'OSDH (VIDEO)",
           "Lire aussi :\u00a0Des rebelles syriens se seraient filmés à Alep"),
    *keeps("fr", "Lire aussi les rapports précédents permet de comprendre la décision du tribunal."),
    *drops("en", "Read more: Storm leaves thousands without power", "Related"),
    *keeps("en", "Related to this, the ministry said it would review the figures."),
    *drops("de", "Lesen Sie auchDie Bahn erhöht die Preise", "Mehr zum Thema"),
    *keeps("de", "Zum Thema äußerte sich der Minister am Montag nicht."),
    *drops("es", "Lee también: El Gobierno aprueba la reforma"),
    *keeps("es", "Ver también a los vecinos fue un alivio para todos."),
    *drops("it", "Leggi anche: Il governo approva la riforma"),
    *keeps("it", "Vedi anche tu che la situazione è cambiata, disse il sindaco."),
    *drops("pt", "Leia também: Governo aprova a reforma"),
    *keeps("pt", "Saiba mais sobre a história da cidade foi o tema da palestra de ontem."),
)

NEXT = Label(
    {
        "fr": ("prochain article", "article suivant", "article précédent", "à suivre"),
        "en": ("next article", "next story", "up next", "previous article", "next post", "previous post"),
        "de": ("nächster artikel", "nächster beitrag", "vorheriger artikel", "vorheriger beitrag",
               "vorschau auf den nächsten artikel", "der nächste beitrag", "der nächste artikel"),
        "es": ("siguiente artículo", "próximo artículo", "artículo anterior", "siguiente noticia"),
        "it": ("articolo successivo", "articolo precedente", "prossimo articolo"),
        "pt": ("próximo artigo", "artigo anterior", "próxima notícia"),
    },
    headline=True,
    max_words=25,
)

NEXT_ARTICLE = line_rule(
    "RL002",
    "next-article",
    "A next- or previous-article marker.",
    "The marker starts the teaser of another article: it ends the article body.",
    NEXT,
    *drops("fr", "Prochain article"), *keeps("fr", "Le prochain article de loi sera voté mardi."),
    *drops("en", "Next article"), *keeps("en", "The next article of the treaty covers fishing rights."),
    *drops("de", "Nächster Artikel", "Vorheriger ArtikelBoxen: Das sind die Sieger des Jahres"),
    *keeps("de", "Der nächste Artikel des Gesetzes regelt die Fristen."),
    *drops("es", "Siguiente artículo"), *keeps("es", "El siguiente artículo de la ley regula los plazos."),
    *drops("it", "Articolo successivo"), *keeps("it", "L'articolo successivo della legge regola i termini."),
    *drops("pt", "Próximo artigo"), *keeps("pt", "O próximo artigo da lei trata dos prazos."),
)

RELATED_HEADING = line_rule(
    "RL003",
    "related-heading",
    "The heading of a related, popular or recent articles list.",
    "These headings introduce lists of other articles' headlines, never the article itself.",
    Label(
        {
            "fr": ("articles similaires", "dans la même rubrique", "pour aller plus loin", "plus de vidéos",
                   "les plus lus", "les plus populaires",
                   "dernières actualités", "derniers articles", "articles récents", "vous aimerez aussi",
                   "à la une", "nos autres articles"),
            "en": ("related articles", "related stories", "related posts", "more stories", "most read",
                   "most popular", "recommended for you", "you might also like", "recent posts",
                   "latest news", "latest stories", "latest articles", "popular posts", "more news",
                   "trending stories", "editor's picks", "top stories", "headline news", "more articles",
                   "similar posts", "more like this", "popular articles", "related links", "most viewed",
                   "more on this story",
                   "most viewed content", "more videos", "discover our latest editorial picks", "in the headlines"),
            "de": ("ähnliche artikel", "weitere artikel", "meistgelesen", "meistgelesene artikel",
                   "neueste artikel", "aktuelle beiträge", "neueste beiträge", "beliebte beiträge",
                   "ähnliche beiträge", "weitere beiträge", "das könnte sie auch interessieren",
                   "mehr aus dem ressort", "top themen", "weitere nachrichten", "verwandte artikel",
                   "das könnte dich auch interessieren", "weitere artikel zum thema", "meistdiskutierte artikel",
                   "kommentierte artikel", "meist gesucht", "beliebte artikel", "weiterführende links",
                   "aktuelle artikel", "neueste nachrichten", "mehr artikel", "weitere meldungen",
                   "dieser artikel gefällt ihnen", "weitere beiträge zum thema", "mehr videos", "weitere themen",
                   "in den schlagzeilen", "letzte meldungen", "neueste meldungen", "meistgelesene beiträge",
                   "meist diskutiert", "meistkommentiert", "meistkommentierte artikel", "aktuelle meldungen",
                   "aktuelle news", "ähnliche nachrichten", "empfohlene beiträge", "themenrelevante nachrichten"),
            "es": ("artículos relacionados", "lo más leído", "temas relacionados", "más videos", "más leídas",
                   "últimas noticias",
                   "más noticias", "noticias destacadas"),
            "it": ("articoli correlati", "più letti", "ultime notizie", "altre notizie", "articoli recenti"),
            "pt": ("artigos relacionados", "mais lidas", "últimas notícias", "mais notícias",
                   "notícias relacionadas"),
        },
    ),
    *drops("fr", "Les plus lus"), *keeps("fr", "Les plus lus des journaux régionaux ont perdu des lecteurs."),
    *drops("en", "Related articles"), *keeps("en", "Related articles in the journal reached the same result."),
    *drops("de", "Meistgelesen"), *keeps("de", "Weitere Artikel des Gesetzes werden im Herbst geändert."),
    *drops("es", "Lo más leído"), *keeps("es", "Las últimas noticias del frente llegaron el martes."),
    *drops("it", "Articoli correlati"), *keeps("it", "Le ultime notizie dal fronte sono arrivate martedì."),
    *drops("pt", "Mais lidas"), *keeps("pt", "As últimas notícias da frente chegaram na terça-feira."),
)

_TAIL_MAX_WORDS = 15  # headline length: the seeds' next-article headlines have 1 to 9 words
_TAIL_MAX_LINES = 3  # section label, headline, date. On the dev pages an unbounded tail ran on through
# whole menus into the next article's title, since menus are short lines too.


def _after_next_marker(doc: DocView) -> Iterator[int]:
    # The lines right after a next-article marker or a related-list heading are other articles' section
    # labels and headlines, up to the first line of prose or a byline (the article resuming). A bare
    # "Read more" or "Saiba mais" has no tail: it is as often a consent button before the title.
    for i in doc.removed_by("RL002", "RL003"):
        # The window is counted on the input's lines, not on those still kept: otherwise each pass of the
        # engine would move it three lines further.
        start = bisect_right(doc.content, i)
        for j in doc.content[start : start + _TAIL_MAX_LINES]:
            if j in doc.dropped:
                continue
            line = doc.lines[j]
            if line.words > _TAIL_MAX_WORDS or is_prose(line.text) or is_byline(line.text):
                break
            yield j


_BODY = "Le ministre a annoncé lundi que les négociations reprendraient la semaine prochaine à Genève."

NEXT_ARTICLE_TAIL = Rule(
    "RL004",
    "next-article-tail",
    "Up to three short lines (section label, headline, date) after a next-article marker or a list heading.",
    "A marker such as \"Prochain article\" or a related-list heading is followed by other articles' sections "
    "and headlines; they are dropped up to the first line of prose or a byline, where the article may resume, "
    "and never more than three lines on (menus are short lines too).",
    (
        Example(f"{_BODY}\nProchain article\nmonde\nL'UE appelle Varsovie à respecter l'Etat de droit", True,
                "fr", target="L'UE appelle Varsovie à respecter l'Etat de droit"),
        Example(f"{_BODY}\nProchain article\n{_BODY.replace('lundi', 'mardi')}", False, "fr",
                target=_BODY.replace("lundi", "mardi")),
        Example(f"{_BODY}\nNext article\nStorm leaves thousands without power", True, "en",
                target="Storm leaves thousands without power"),
        Example(f"{_BODY}\nNext article\nWorld\nEurope\nPolitics\nStorm leaves thousands without power", False,
                "en", target="Storm leaves thousands without power"),
        Example(f"{_BODY}\nMore on this story\nHow to stop apps tracking your location", True, "en",
                target="How to stop apps tracking your location"),
        Example(f"{_BODY}\nLire aussi : Un autre titre\nLa suite de la journée", False, "fr",
                target="La suite de la journée"),
        Example("Saiba mais\nCegonhas regressam ao estuário do Tejo\nPor Inês Carvalho", False, "pt",
                target="Cegonhas regressam ao estuário do Tejo"),
        Example(f"{_BODY}\nMehr zum Thema\nVon Katharina Brandl", False, "de", target="Von Katharina Brandl"),
        Example("Storm leaves thousands without power\nThe storm hit the coast on Monday night, officials "
                "said.", False, "en", target="Storm leaves thousands without power"),
    ),
    context=_after_next_marker,
    requires=("RL002", "RL003"),
)

# Headings before teasers: "Related articles" is a list heading (RL003), though RL001 would read it as
# the label "Related" and a headline.
RULES = (RELATED_HEADING, READ_ALSO, NEXT_ARTICLE, NEXT_ARTICLE_TAIL)
# fmt: on

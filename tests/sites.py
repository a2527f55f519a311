"""Synthetic site corpora for the learning tests and benchmark: article bodies with each site's own chrome.

A site has a language, a name and its chrome (header, menus, widgets, newsletter and about blurbs,
footer), each line shown on a given share of its pages. Its pages wrap article bodies: articles
written here, dev pages (../shared/bench/dev/blocks, each used once per site, with their own chrome)
or paragraphs composed from the dev pages' sentences (unique, for corpora of any size). Some articles
share a quotation and a legal sentence inside their bodies, and other articles' titles rotate through
a "most read" widget: lines that repeat without being chrome. Every line carries its label.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.formats import Document

CHROME = "chrome"  # the site's fixed chrome: what learning must find
VARYING = "varying"  # chrome that changes from page to page (dates, breadcrumbs, rotating teasers)
ARTICLE = "article"  # an article line written here or composed: must stay
QUOTE = "quote"  # a quotation several articles share, inside their bodies: must stay
LEGAL = "legal"  # a legal sentence inside articles: must stay
CONTENT = "content"  # a dev page line holding a gold `with` snippet: must stay
PAGE = "page"  # any other dev page line (its own site's chrome or content): not judged
KEEP = frozenset({ARTICLE, QUOTE, LEGAL, CONTENT})

# Per language: site name parts, the chrome templates ({name}, {city}, {year}) and the repeated non-chrome.
VOCABULARY: dict[str, dict[str, list[str]]] = {
    "fr": {
        "name": ["Le Courrier de {city}", "Le Réveil de {city}", "L'Écho de {city}", "La Gazette de {city}"],
        "city": ["Lyon", "Brest", "Nancy", "Tours", "Rouen", "Annecy", "Millau", "Vannes", "Dole", "Sète"],
        "sections": ["Actualité", "Politique", "Économie", "Société", "Culture", "Sport", "Faits divers",
                     "Loisirs", "Région", "Monde", "Opinions", "Vidéos"],
        "header": ["{name}", "L'info qui vous ressemble depuis {year}", "Espace abonnés {name}",
                   "Le journal de {city} et de sa région"],
        "widget": ["Les plus lus sur {name}", "Nos dernières vidéos", "Dans la même rubrique"],
        "prose": ["Recevez chaque matin l'essentiel de l'actualité de {city} dans votre boîte mail, c'est gratuit.",
                  "{name} est un quotidien régional indépendant fondé en {year}, diffusé à {city} et dans "
                  "toute la région."],
        "footer": ["Nous contacter · Annonces légales · Plan du site {name}", "{name}, {n} rue du Port, {city}",
                   "Tous les titres du groupe {name}"],
        "home": ["Accueil"],
        "date": ["Publié le {d} mars {year} à {h}h{m}"],
        "quote": ["« Le courage, c'est de chercher la vérité et de la dire », disait Jean Jaurès devant les lycéens "
                  "d'Albi en 1903."],
        "legal": ["Cet article est fourni à titre d'information et ne constitue en aucun cas un conseil juridique "
                  "ou financier."],
    },
    "en": {
        "name": ["The {city} Herald", "The {city} Chronicle", "{city} Gazette", "The {city} Observer"],
        "city": ["Leeds", "Bristol", "Dayton", "Toledo", "Perth", "Cork", "Halifax", "Tulsa", "Reno", "Bath"],
        "sections": ["News", "Politics", "Business", "Sport", "Culture", "Opinion", "Science", "Travel", "Food",
                     "Weather", "Video", "Local"],
        "header": ["{name}", "Independent local news since {year}", "{name} subscriber area",
                   "Your {city} newspaper"],
        "widget": ["Most read on {name}", "Latest videos", "More from this section"],
        "prose": ["Get the best of {name} in your inbox every morning with our free daily briefing.",
                  "{name} is an independent newspaper founded in {year} and read across {city} and the county."],
        "footer": ["Contact us · Public notices · Sitemap of {name}", "{name}, {n} Harbour Road, {city}",
                   "All titles of the {name} group"],
        "home": ["Home"],
        "date": ["Published {d} March {year}, {h}:{m}"],
        "quote": ["“The only thing we have to fear is fear itself,” Franklin D. Roosevelt told the nation in 1933."],
        "legal": ["This article is for general information only and does not constitute financial, legal or "
                  "tax advice."],
    },
    "de": {
        "name": ["{city}er Anzeiger", "{city}er Rundschau", "{city}er Kurier", "{city}er Tagblatt"],
        "city": ["Kassel", "Ulm", "Trier", "Passau", "Lübeck", "Gießen", "Bamberg", "Görlitz", "Fulda", "Hof"],
        "sections": ["Nachrichten", "Politik", "Wirtschaft", "Kultur", "Sport", "Region", "Panorama", "Wissen",
                     "Reise", "Auto", "Meinung", "Video"],
        "header": ["{name}", "Unabhängig seit {year}", "{name} für Abonnenten", "Die Zeitung für {city} und "
                   "die Region"],
        "widget": ["Meistgelesen im {name}", "Neueste Videos", "Mehr aus dem Ressort"],
        "prose": ["Jeden Morgen das Wichtigste aus {city} kostenlos in Ihr Postfach: der Newsletter des {name}.",
                  "Der {name} ist eine unabhängige Tageszeitung, gegründet {year}, gelesen in {city} und der "
                  "ganzen Region."],
        "footer": ["Kontakt · Anzeigen aufgeben · Seitenübersicht {name}", "{name}, Hafenstraße {n}, {city}",
                   "Alle Titel der {name} Mediengruppe"],
        "home": ["Startseite"],
        "date": ["Veröffentlicht am {d}.03.{year}, {h}:{m} Uhr"],
        "quote": ["„Die Grenzen meiner Sprache bedeuten die Grenzen meiner Welt“, schrieb Ludwig Wittgenstein."],
        "legal": ["Dieser Beitrag dient ausschließlich der allgemeinen Information und ersetzt keine individuelle "
                  "Rechts- oder Steuerberatung."],
    },
    "es": {
        "name": ["El Heraldo de {city}", "El Correo de {city}", "Diario de {city}", "La Voz de {city}"],
        "city": ["Soria", "Lugo", "Cádiz", "Teruel", "Ávila", "Jaén", "Huesca", "Mérida", "Vigo", "Ronda"],
        "sections": ["Noticias", "Política", "Economía", "Sociedad", "Cultura", "Deportes", "Sucesos", "Ocio",
                     "Región", "Mundo", "Opinión", "Vídeos"],
        "header": ["{name}", "Información independiente desde {year}", "Zona de suscriptores de {name}",
                   "El periódico de {city} y su provincia"],
        "widget": ["Lo más leído en {name}", "Últimos vídeos", "Más de esta sección"],
        "prose": ["Recibe cada mañana lo más importante de {city} en tu correo con el boletín gratuito de {name}.",
                  "{name} es un diario independiente fundado en {year} que se lee en {city} y en toda la provincia."],
        "footer": ["Contacto · Anuncios oficiales · Mapa del sitio de {name}", "{name}, calle del Puerto {n}, {city}",
                   "Todos los títulos del grupo {name}"],
        "home": ["Portada"],
        "date": ["Publicado el {d} de marzo de {year}, {h}:{m}"],
        "quote": ["«Caminante, no hay camino, se hace camino al andar», escribió Antonio Machado."],
        "legal": ["Este artículo tiene carácter meramente informativo y no constituye asesoramiento jurídico ni "
                  "financiero."],
    },
}  # fmt: skip

# Articles written for the tests: a title and paragraphs, per language.
ARTICLES: dict[str, list[list[str]]] = {
    "fr": [
        ["Le tramway de la Presqu'île ouvrira en septembre",
         "La métropole a confirmé lundi l'ouverture de la nouvelle ligne de tramway pour la rentrée.",
         "Les travaux, commencés il y a trois ans, ont coûté 120 millions d'euros selon la collectivité.",
         "Les riverains de la rue Mercière attendent surtout la fin des nuisances sonores."],
        ["Un festival de jazz sous les platanes",
         "Pendant quatre soirs, une vingtaine de groupes joueront gratuitement sur la place du marché.",
         "Les organisateurs espèrent dix mille spectateurs, deux fois plus que l'an dernier.",
         "Une navette sera mise en place depuis la gare jusqu'à minuit."],
        ["La digue du port sera renforcée avant l'hiver",
         "Les tempêtes de février avaient arraché plusieurs blocs de béton de la jetée nord.",
         "Le chantier durera huit semaines et fermera l'accès aux pêcheurs à pied.",
         "La région finance la moitié des trois millions d'euros nécessaires."],
    ],
    "en": [
        ["Council approves new cycle lanes on the ring road",
         "Councillors voted by 31 to 12 on Tuesday to build protected cycle lanes along the inner ring road.",
         "The scheme will cost £4.2m and is expected to be finished by the end of next year.",
         "Shop owners on Market Street said they feared losing parking spaces during the works."],
        ["Library reopens after two-year restoration",
         "The Victorian reading room has been restored with its original oak shelves and skylight.",
         "More than 600 people queued outside when the doors opened on Saturday morning.",
         "The building will now stay open until eight in the evening on weekdays."],
        ["Harbour seals return to the estuary",
         "Volunteers counted 46 harbour seals on the mudflats this spring, the highest number in a decade.",
         "Biologists link the recovery to cleaner water since the sewage works were upgraded.",
         "Walkers are asked to keep dogs on a lead near the haul-out sites."],
    ],
    "de": [
        ["Neue Brücke über die Fulda freigegeben",
         "Nach zweijähriger Bauzeit ist die Fußgängerbrücke zwischen Altstadt und Auenpark eröffnet worden.",
         "Der Bau kostete rund 7,5 Millionen Euro, ein Drittel davon trägt das Land.",
         "Radfahrer müssen auf der Brücke absteigen, das sorgte bei der Eröffnung für Diskussionen."],
        ["Stadtbibliothek verlängert ihre Öffnungszeiten",
         "Ab dem ersten Oktober öffnet die Stadtbibliothek auch samstags von zehn bis sechzehn Uhr.",
         "Möglich wird das durch zwei zusätzliche Stellen, die der Stadtrat im Sommer bewilligt hat.",
         "Die Leiterin hofft vor allem auf mehr junge Familien unter den Besuchern."],
        ["Winzer rechnen mit einem guten Jahrgang",
         "Trotz des nassen Frühjahrs sind die Trauben an den Südhängen gesund und reif.",
         "Die Lese beginnt in diesem Jahr zwei Wochen früher als im langjährigen Mittel.",
         "Erntehelfer sind nach Angaben des Weinbauverbands dennoch knapp."],
    ],
    "es": [
        ["El ayuntamiento amplía el horario de las piscinas",
         "Las piscinas municipales abrirán hasta las diez de la noche durante julio y agosto.",
         "La medida cuesta unos 80.000 euros y responde a las quejas por el calor de los últimos veranos.",
         "Los abonos de temporada se podrán comprar en línea a partir del lunes."],
        ["Vuelve el mercado medieval al casco antiguo",
         "Más de cien puestos de artesanía ocuparán las calles del centro durante el fin de semana.",
         "Los organizadores esperan superar los cuarenta mil visitantes de la edición anterior.",
         "El tráfico quedará cortado en la plaza Mayor desde el viernes por la tarde."],
        ["Los embalses de la cuenca recuperan agua tras las lluvias",
         "Las reservas han subido siete puntos en dos semanas y rozan ya el sesenta por ciento.",
         "La confederación hidrográfica mantiene sin embargo las restricciones de riego hasta otoño.",
         "Los agricultores piden que se revise el calendario antes de la siembra."],
    ],
}  # fmt: skip

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÞÄÖÜ])")


@dataclass
class Page:
    """One document of a site: its URL, language and labelled lines."""

    url: str
    lang: str
    lines: list[tuple[str, str]]  # (text, label)

    @property
    def text(self) -> str:
        """The document as a scraper would save it."""
        return "\n".join(text for text, _ in self.lines) + "\n"

    def record(self) -> str:
        """The document as a JSONL record."""
        return json.dumps({"url": self.url, "lang": self.lang, "text": self.text}, ensure_ascii=False)

    def as_document(self) -> Document:
        """The document as the runner reads it from a JSONL record."""
        record = {"url": self.url, "lang": self.lang, "text": self.text}
        return Document(self.text, lang=self.lang, url=self.url or None, record=record)


@dataclass
class Site:
    """A site: host, language and chrome lines, each with its place and the share of pages showing it."""

    host: str
    lang: str
    name: str
    chrome: list[tuple[str, str, float]] = field(default_factory=list)  # (text, header|widget|footer, share)

    def chrome_lines(self) -> set[str]:
        """Every fixed chrome line of the site."""
        return {text for text, _, _ in self.chrome}


def make_site(rng: random.Random, lang: str, number: int) -> Site:
    """A site with its own chrome in its language (the shares vary from 1.0 down to 0.15)."""
    words = VOCABULARY[lang]
    city = rng.choice(words["city"])
    name = rng.choice(words["name"]).format(city=city)
    year = str(rng.randrange(1890, 2010))
    fill = {"name": name, "city": city, "year": year, "n": str(rng.randrange(2, 90))}
    host = re.sub(r"[^a-z0-9]+", "-", name.lower().encode("ascii", "ignore").decode()).strip("-")
    site = Site(f"{host}-{number}.example", lang, name)
    sections = rng.sample(words["sections"], 7)
    menu = [" ".join(sections), *([" | ".join(rng.sample(words["sections"], 5))] if rng.random() < 0.5 else [])]
    shares = [1.0, 1.0, 0.9, 0.7, 0.5, 0.35, 0.15]
    for place, templates in (("header", words["header"]), ("widget", words["widget"]), ("footer", words["footer"])):
        for template in templates:
            site.chrome.append((template.format(**fill), place, rng.choice(shares)))
    site.chrome += [(line, "header", rng.choice(shares[:3])) for line in menu]
    site.chrome += [(line.format(**fill), "prose", rng.choice(shares[:5])) for line in words["prose"]]
    return site


def dev_pages(dev: Path) -> dict[str, list[tuple[list[str], set[str]]]]:
    """The dev pages by language: lines, and the lines holding a gold `with` snippet."""
    gold = json.loads((dev / "gold.json").read_text(encoding="utf-8"))
    pages: dict[str, list[tuple[list[str], set[str]]]] = {}
    for key in sorted(gold):
        lang = gold[key]["lang"]
        if lang not in VOCABULARY:
            continue
        lines = [line for line in (dev / "blocks" / f"{key}.txt").read_text(encoding="utf-8").splitlines() if line]
        content = {line for line in lines if any(snippet in line for snippet in gold[key]["with"])}
        pages.setdefault(lang, []).append((lines, content))
    return pages


class Bodies:
    """Article bodies for one language: the written articles, then dev pages, then composed ones."""

    def __init__(self, rng: random.Random, lang: str, pages: list[tuple[list[str], set[str]]], dev: bool) -> None:
        self.rng = rng
        self.lang = lang
        self.queue: list[list[tuple[str, str]]] = [[(line, ARTICLE) for line in a] for a in ARTICLES[lang]]
        if dev:
            for lines, content in rng.sample(pages, len(pages)):
                self.queue.append([(line, CONTENT if line in content else PAGE) for line in lines])
        texts = [line for lines, _ in pages for line in lines] + [line for a in ARTICLES[lang] for line in a[1:]]
        self.sentences = sorted({s for line in texts if len(line.split()) >= 8 for s in _SENTENCE.split(line)})
        self.sentences = [s for s in self.sentences if s[-1:] in ".!?"] or self.sentences

    def __iter__(self) -> Iterator[list[tuple[str, str]]]:
        yield from self.queue
        while True:  # composed articles: a title and paragraphs of random sentences, unique in practice
            title = " ".join(self.rng.choice(self.sentences).split()[:8]).rstrip(".,;:")
            paragraphs = [" ".join(self.rng.sample(self.sentences, 3)) for _ in range(self.rng.randrange(3, 8))]
            yield [(title, ARTICLE), *((p, ARTICLE) for p in paragraphs)]


def site_pages(rng: random.Random, site: Site, bodies: Iterator[list[tuple[str, str]]], count: int) -> list[Page]:
    """`count` pages of a site: header chrome, the body (with shared quotation and legal line), widgets, footer."""
    words = VOCABULARY[site.lang]
    articles = [next(bodies) for _ in range(count)]
    # The "most read" box shows three of ten headlines: the site's own articles' titles (the line that opens
    # each of those pages) and other articles' titles.
    titles = [body[0][0] for body in articles if body[0][1] == ARTICLE][:5]
    while len(titles) < 10:
        titles.append(next(bodies)[0][0])
    pages = []
    for number, body in enumerate(articles):
        lines: list[tuple[str, str]] = []

        def chrome(place: str, lines: list[tuple[str, str]] = lines) -> None:
            lines.extend(
                (text, CHROME) for text, where, share in site.chrome if where == place and rng.random() < share
            )

        chrome("header")
        lines.append((f"{words['home'][0]} › {rng.choice(words['sections'])}", VARYING))
        date = {"d": rng.randrange(1, 29), "year": 2024, "h": rng.randrange(6, 23), "m": f"{rng.randrange(60):02}"}
        text = list(body)
        lines += [*text[:1], (words["date"][0].format(**date), VARYING)]
        middle = text[1:]
        for label, share in ((QUOTE, 0.25), (LEGAL, 0.45)):
            if rng.random() < share and len(middle) >= 2:
                middle.insert(rng.randrange(1, len(middle)), (words[label][0], label))
        lines += middle
        chrome("prose")
        chrome("widget")
        lines += [(title, VARYING) for title in rng.sample(titles, 3)]
        chrome("footer")
        pages.append(Page(f"https://{site.host}/{number}", site.lang, lines))
    return pages


def stream(
    sizes: list[tuple[str, int]], seed: int = 5, dev: Path | None = None, dev_bodies: bool = True
) -> Iterator[tuple[Site, list[Page]]]:
    """Sites of the given languages and sizes, one at a time, deterministic for a seed.

    With `dev`, bodies are the written articles, then the dev pages of the site's language (each once per
    site, unless `dev_bodies` is off), then articles composed from the dev pages' sentences.
    """
    rng = random.Random(seed)
    pages = dev_pages(dev) if dev is not None else {}
    for number, (lang, count) in enumerate(sizes):
        site = make_site(rng, lang, number)
        bodies = iter(Bodies(rng, lang, pages.get(lang, []), dev_bodies and dev is not None))
        yield site, site_pages(rng, site, bodies, count)


def corpus(sizes: list[tuple[str, int]], seed: int = 5, dev: Path | None = None) -> tuple[list[Site], list[list[Page]]]:
    """The sites of `stream`, all at once."""
    sites, documents = [], []
    for site, pages in stream(sizes, seed, dev):
        sites.append(site)
        documents.append(pages)
    return sites, documents


@dataclass
class Score:
    """Learned lines against the labels: chrome found, content learned, what else was learned."""

    chrome: int = 0  # distinct fixed chrome lines (per site) shown on at least two pages
    found: int = 0  # ... of which learned
    occurrences: int = 0  # fixed chrome lines on the pages
    removed: int = 0  # ... whose line was learned
    learned: int = 0  # learned lines
    true: int = 0  # ... that are the site's chrome (fixed or varying)
    kept_learned: list[str] = field(default_factory=list)  # learned lines an article holds (must stay)
    other: list[str] = field(default_factory=list)  # learned dev-page lines (their own site's chrome, mostly)

    @property
    def precision(self) -> float:
        """Learned lines that are the site's chrome, or the dev pages' own repeated lines, over all learned."""
        return (self.learned - len(self.kept_learned)) / self.learned if self.learned else 1.0

    @property
    def strict_precision(self) -> float:
        """Learned lines that are the injected chrome, over all learned."""
        return self.true / self.learned if self.learned else 1.0

    @property
    def recall(self) -> float:
        """Fixed chrome lines learned, over those shown on two pages or more."""
        return self.found / self.chrome if self.chrome else 1.0

    @property
    def removed_share(self) -> float:
        """Fixed chrome occurrences removed, over all."""
        return self.removed / self.occurrences if self.occurrences else 1.0


def score(sites: list[Site], documents: list[list[Page]], learned: dict[str, set[str]], key: object) -> Score:
    """Compare learned lines (folded, per host) with the labels; `key` folds a line as LR001 matches it."""
    fold = key if callable(key) else str
    result = Score()
    for site, pages in zip(sites, documents, strict=True):
        lines = learned.get(site.host, set())
        labels: dict[str, set[str]] = {}
        shown: dict[str, int] = {}
        for page in pages:
            for text, label in page.lines:
                folded = fold(text)
                labels.setdefault(folded, set()).add(label)
                if label == CHROME:
                    result.occurrences += 1
                    result.removed += folded in lines
                    shown[folded] = shown.get(folded, 0) + 1
        repeated = {k for k, n in shown.items() if n >= 2}
        result.chrome += len(repeated)
        result.found += len(repeated & lines)
        for line in sorted(lines):
            result.learned += 1
            found = labels.get(line, set())
            if found & KEEP:
                result.kept_learned.append(f"{site.host}: {line}")
            elif found & {CHROME, VARYING}:
                result.true += 1
            else:
                result.other.append(f"{site.host}: {line}")
    return result

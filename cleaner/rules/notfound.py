"""NF rules: 404, soft-404 and paywall stubs, appended to a page or making up the whole document."""

from __future__ import annotations

from collections.abc import Iterator

from .base import Example, Label, Phrases, Rule, drops, keeps, line_rule
from .views import DocView

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off

NOT_FOUND_TITLE = line_rule(
    "NF001",
    "not-found-title",
    "A 404 title (\"Page non trouvée\", \"Seite nicht gefunden\").",
    "Error pages are not articles; their title is a fixed formula.",
    Label(
        {
            "fr": ("page non trouvée", "page introuvable", "erreur 404", "404", "page inexistante",
                   "cette page n'existe pas", "oups page introuvable"),
            "en": ("page not found", "404 not found", "error 404", "404 error", "not found", "oops",
                   "page cannot be found", "this page could not be found", "sorry page not found",
                   "nothing found", "404 page not found", "oops that page can't be found"),
            "de": ("seite nicht gefunden", "fehler 404", "seite wurde nicht gefunden",
                   "die seite wurde nicht gefunden", "hoppla", "404 seite nicht gefunden"),
            "es": ("página no encontrada", "error 404", "no se encontró la página"),
            "it": ("pagina non trovata", "errore 404", "pagina non disponibile"),
            "pt": ("página não encontrada", "erro 404", "página não disponível"),
        },
        headline="separator",
    ),
    *drops("fr", "Page non trouvée"), *keeps("fr", "La page non trouvée du manuscrit a été retrouvée à Lyon."),
    *drops("en", "Page not found"), *keeps("en", "The missing page was not found until 1998."),
    *drops("de", "Seite nicht gefunden", "Fehler 404: Seite nicht gefunden"),
    *keeps("de", "Die fehlende Seite wurde nie gefunden."),
    *drops("es", "Página no encontrada"), *keeps("es", "La página perdida no fue encontrada hasta 1998."),
    *drops("it", "Pagina non trovata"), *keeps("it", "La pagina perduta non fu trovata fino al 1998."),
    *drops("pt", "Página não encontrada"), *keeps("pt", "A página perdida só foi encontrada em 1998."),
)

NOT_FOUND_BODY = line_rule(
    "NF002",
    "not-found-message",
    "The body of a 404 or soft-404 page (\"The page you are looking for does not exist\").",
    "Soft-404 pages answer with a formula instead of an error code. Generic phrases such as \"no longer "
    "available\" are left out: products and services in articles are no longer available too.",
    Phrases(
        {
            "fr": ("le contenu auquel vous tentez d'accéder n'existe pas", "n'existe pas ou n'est plus disponible",
                   "la page que vous recherchez n'existe pas", "la page demandée n'existe pas",
                   "la page que vous cherchez", "cette page n'existe pas", "cette page n'existe plus",
                   "la page à laquelle vous tentez d'accéder", "la page que vous recherchez",
                   "a peut être été déplacée ou supprimée", "a été déplacée ou supprimée"),
            "en": ("the page you are looking for", "the page you requested", "the requested page could not",
                   "page you were looking for", "doesn't exist or has been moved", "may have been moved or deleted",
                   "we couldn't find the page", "we can't find the page", "nothing was found at this location",
                   "the page you're looking for", "page may have been moved", "has been moved or deleted"),
            "de": ("die angeforderte seite", "die von ihnen gesuchte seite", "die seite die sie suchen",
                   "diese seite existiert nicht", "seite existiert nicht mehr", "die gesuchte seite",
                   "die aufgerufene seite"),
            "es": ("la página que buscas no existe", "la página solicitada no existe", "la página que está buscando",
                   "no hemos podido encontrar la página"),
            "it": ("la pagina che stai cercando", "la pagina richiesta non", "la pagina non esiste"),
            "pt": ("a página que você procura", "a página solicitada não", "a página que procura"),
        },
        max_words=45,
    ),
    *drops("fr", "Le contenu auquel vous tentez d'accéder n'existe pas ou n'est plus disponible."),
    *keeps("fr", "Le produit n'existe plus, et le magasin n'est plus disponible le dimanche."),
    *drops("en", "Sorry, the page you are looking for does not exist."),
    *keeps("en", "The drug is no longer available in Europe, the agency said."),
    *drops("de", "Die angeforderte Seite existiert leider nicht."),
    *keeps("de", "Der Täter konnte nicht gefunden werden."),
    *drops("es", "La página que buscas no existe."),
    *keeps("es", "El producto ya no está disponible en Europa."),
    *drops("it", "La pagina che stai cercando non esiste."),
    *keeps("it", "Il farmaco non è più disponibile in Europa."),
    *drops("pt", "A página que você procura não existe."),
    *keeps("pt", "O remédio não está mais disponível na Europa."),
)

PAYWALL = line_rule(
    "NF003",
    "paywall",
    "A paywall or subscribers-only notice.",
    "The notice replaces the article for readers without a subscription; it is never part of it.",
    Phrases(
        {
            "fr": ("réservé aux abonnés", "cet article est réservé", "abonnez vous pour lire",
                   "la suite est réservée", "déjà abonné", "pour lire la suite de cet article"),
            "en": ("subscribe to continue reading", "for subscribers only", "this article is for subscribers",
                   "already a subscriber", "you have reached your limit", "reached your free article limit",
                   "unlock this article", "sign in to continue reading", "subscribers only"),
            "de": ("nur für abonnenten", "jetzt abonnieren und weiterlesen", "dieser artikel ist nur",
                   "exklusiv für abonnenten", "bereits abonnent", "um den artikel weiterzulesen",
                   "möchten sie weiterlesen", "ich benötige ein abo", "jetzt abo abschließen", "abo abschließen",
                   "mit einem abo weiterlesen", "registrieren und weiterlesen", "ich bin abonnent",
                   "wählen sie ihren zugang"),
            "es": ("exclusivo para suscriptores", "solo para suscriptores", "para seguir leyendo",
                   "ya eres suscriptor"),
            "it": ("riservato agli abbonati", "per continuare a leggere", "sei già abbonato"),
            "pt": ("exclusivo para assinantes", "para continuar lendo", "já é assinante",
                   "conteúdo exclusivo para assinantes"),
        },
        max_words=40,
    ),
    *drops("fr", "Cet article est réservé aux abonnés."),
    *keeps("fr", "Le club est réservé aux membres depuis 1920."),
    *drops("en", "Subscribe to continue reading."), *keeps("en", "She continued reading until dawn."),
    *drops("de", "Dieser Artikel ist nur für Abonnenten verfügbar."),
    *keeps("de", "Das Schwimmbad ist nur im Sommer geöffnet."),
    *drops("es", "Contenido exclusivo para suscriptores"), *keeps("es", "El club es exclusivo desde 1920."),
    *drops("it", "Articolo riservato agli abbonati"), *keeps("it", "Il club è riservato ai soci dal 1920."),
    *drops("pt", "Conteúdo exclusivo para assinantes"), *keeps("pt", "O clube é exclusivo desde 1920."),
)


_STUB_MAX_WORDS = 50  # what a 404 page adds to its title: an apology, a hint, links home (a sentence or two)


def _whole_stub(doc: DocView) -> Iterator[int]:
    # A document with a stub line and no line of prose left is the stub itself: everything goes, and
    # the runner reports the document as a stub. A sentence or two of help text after the stub ("Try
    # searching our catalogue") does not make an article either. Prose before the stub (an article with
    # a 404 block appended), or much prose, is content: then only the stub lines go.
    stub_lines = doc.removed_by("NF")
    if not stub_lines:
        return
    kept = doc.kept()
    prose = [i for i in kept if doc.prose(i)]  # the arrays, not views: on a long page, views of every line
    if not prose or (prose[0] > min(stub_lines) and sum(doc.words[i] for i in kept) < _STUB_MAX_WORDS):
        yield from kept


STUB_DOCUMENT = Rule(
    "NF004",
    "stub-document",
    "Every line of a document that is only a 404, soft-404 or paywall stub.",
    "Menus and footers around an error message are not content either; the document is reported as a "
    "stub and its output is empty.",
    (
        Example("Le Journal du Matin\nPage non trouvée\nLe contenu n'existe pas.", True, "fr",
                target="Le Journal du Matin"),
        Example("Le Journal du Matin\nLe ministre a annoncé lundi que les négociations reprendraient à Genève. "
                "Les deux délégations se retrouveront avant la fin du mois, selon un communiqué publié mardi soir par "
                "le ministère, qui n'a pas donné de détails sur l'ordre du jour.\nPage non trouvée", False, "fr",
                target="Le Journal du Matin"),
        Example("404 - Page not found\nSorry, the page you are looking for doesn't exist or has been moved.\n"
                "Try searching our catalogue or go back to the homepage.", True, "en",
                target="Try searching our catalogue or go back to the homepage."),
    ),
    context=_whole_stub,
    requires=("NF",),
)

RULES = (NOT_FOUND_TITLE, NOT_FOUND_BODY, PAYWALL, STUB_DOCUMENT)
# fmt: on

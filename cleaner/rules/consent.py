"""CK rules: cookie and consent banners, the whole block with its buttons."""

from __future__ import annotations

from collections.abc import Iterator

from .base import DocView, Example, Phrases, Rule, drops, keeps, line_rule

# Phrases that only a consent banner says. A bare "cookie" is not among them: trafilatura records that
# such a pattern once deleted up to 97% of a page, and articles about cookies (or about the law on them)
# are content.
BANNER = Phrases(
    {
        "fr": (
            "utilise des cookies", "utilisons des cookies", "utilise des traceurs", "utilisent des cookies",
            "en poursuivant votre navigation", "en continuant à naviguer", "en continuant votre navigation",
            "acceptez l'utilisation de cookies", "accepter les cookies", "refuser les cookies",
            "tout accepter", "tout refuser", "paramétrer vos choix", "paramétrer les cookies",
            "gérer les cookies", "gérer mes choix", "vous consentez", "dépôt de cookies", "dépôt des cookies",
            "en matière de cookies", "politique de cookies", "cookies traceurs", "nous et nos partenaires",
            "continuer sans accepter", "préférences de cookies", "paramètres des cookies",
        ),
        "en": (
            "we use cookies", "this site uses cookies", "this website uses cookies", "site uses cookies",
            "use of cookies", "accept cookies", "accept all cookies", "accept all", "reject all",
            "cookie settings", "cookie preferences", "manage cookies", "manage preferences",
            "by continuing to use this website", "by continuing to use this site", "by continuing to browse",
            "by using this site you agree", "you agree to their use", "you consent to our use",
            "we and our partners", "privacy cookies this site", "strictly necessary cookies",
            "allow all cookies", "consent preferences", "uses cookies to",
        ),
        "de": (
            "wir verwenden cookies", "verwendet cookies", "nutzt cookies", "verwenden wir cookies",
            "einsatz von cookies", "verwendung von cookies", "alle akzeptieren", "alle ablehnen",
            "cookie einstellungen", "cookies zulassen", "cookies akzeptieren", "akzeptieren sie cookies",
            "durch die weitere nutzung", "stimmen sie der verwendung", "einwilligung in die verwendung",
            "datenschutzeinstellungen", "cookie richtlinie", "cookie hinweis", "wir und unsere partner",
            "technisch notwendige cookies", "nur notwendige cookies",
        ),
        "es": (
            "utilizamos cookies", "usamos cookies", "utiliza cookies", "aceptar todas", "aceptar cookies",
            "rechazar todas", "política de cookies", "configuración de cookies", "uso de cookies",
            "si continúa navegando", "acepta el uso de cookies",
        ),
        "it": (
            "utilizziamo i cookie", "utilizza cookie", "utilizza i cookie", "usa i cookie", "accetta tutti",
            "rifiuta tutti", "informativa sui cookie", "uso dei cookie", "proseguendo la navigazione",
            "impostazioni dei cookie", "acconsenti all'uso",
        ),
        "pt": (
            "utilizamos cookies", "usamos cookies", "este site usa cookies", "utiliza cookies",
            "aceitar todos", "aceitar cookies", "rejeitar todos", "política de cookies", "uso de cookies",
            "ao continuar navegando", "ao continuar a navegar", "configurações de cookies",
            "definições de cookies",
        ),
    },  # fmt: skip
    max_words=60,
    dense=3,
)

COOKIE_BANNER = line_rule(
    "CK001",
    "cookie-banner",
    "Cookie or consent banner text.",
    "Consent banners repeat on every page of a site and carry no content. Long lines are kept unless they "
    "hold three banner phrases, so an article about cookie law stays.",
    BANNER,
    *drops("fr", "RT en français utilise des cookies pour exploiter et améliorer ses services.",
           "Tout AccepterTout refuserParamétrer vos choix",
           "Pour en savoir plus sur vos droits et nos pratiques en matière de cookies, consultez notre page."),
    *keeps("fr", "La CNIL a infligé une amende à Google pour avoir déposé des cookies sans consentement.",
           "Il faut tout accepter ou tout refuser, a résumé la ministre devant les députés, en dénonçant des "
           "bandeaux trompeurs qui poussent les internautes à céder leurs données sans comprendre ce qu'ils "
           "acceptent, alors que la loi exige un choix libre et éclairé, et que les sanctions se multiplient "
           "depuis deux ans contre les éditeurs qui ne respectent pas ces règles élémentaires."),
    *drops("en", "We use cookies to improve your experience on our site.",
           "Privacy & Cookies: This site uses cookies. By continuing to use this website, you agree to their use."),
    *keeps("en", "The cookie jar was empty again.",
           "She baked cookies for the whole street and accepted all the compliments."),
    *drops("de", "Wir verwenden Cookies, um Ihnen ein optimales Webseiten-Erlebnis zu bieten.",
           "Alle akzeptieren"),
    *keeps("de", "Die Bäckerei verkauft Cookies und Kuchen.",
           "Das Gericht prüft, ob die Verwendung von Tracking-Cookies ohne Einwilligung rechtens war, und hat "
           "dafür ein Gutachten bestellt, das im Frühjahr vorliegen soll und die Praxis vieler Verlage "
           "bewerten wird, die Besucher beim ersten Aufruf zu einer Entscheidung drängen und dabei oft "
           "unklar lassen, welche Daten an wen gehen und wie lange sie gespeichert werden."),
    *drops("es", "Utilizamos cookies propias y de terceros para mejorar nuestros servicios."),
    *keeps("es", "Las galletas, también llamadas cookies, son un dulce típico de la merienda."),
    *drops("it", "Questo sito utilizza cookie tecnici e di profilazione. Accetta tutti"),
    *keeps("it", "La ricetta dei biscotti, detti anche cookie, è semplice."),
    *drops("pt", "Utilizamos cookies para melhorar a sua experiência no nosso site."),
    *keeps("pt", "A receita de cookies de chocolate é simples e rápida."),
)  # fmt: skip

_BUTTONS = Phrases(
    {
        "fr": ("ok", "accepter", "j'accepte", "refuser", "paramétrer", "personnaliser", "en savoir plus",
               "fermer", "d'accord", "continuer sans accepter", "accepter et fermer", "tout accepter"),
        "en": ("ok", "accept", "i accept", "agree", "i agree", "got it", "allow", "allow all", "deny",
               "reject", "decline", "settings", "more options", "learn more", "more information", "save",
               "customize", "customise", "manage options", "close", "accept and close"),
        "de": ("ok", "akzeptieren", "zustimmen", "ablehnen", "einstellungen", "einverstanden",
               "mehr erfahren", "speichern", "schließen", "verstanden", "alle akzeptieren", "mehr informationen"),
        "es": ("ok", "aceptar", "rechazar", "configurar", "más información", "de acuerdo", "cerrar"),
        "it": ("ok", "accetta", "accetto", "rifiuta", "impostazioni", "chiudi", "maggiori informazioni"),
        "pt": ("ok", "aceitar", "rejeitar", "concordo", "configurações", "saiba mais", "fechar"),
    },  # fmt: skip
    anchor="row",
    max_words=6,
)


def _buttons_beside_banner(doc: DocView) -> Iterator[int]:
    for i in doc.kept():
        if _BUTTONS(doc.lines[i], doc.lang) and any(doc.is_dropped(doc.neighbour(i, s), "CK") for s in (-1, 1)):
            yield i


def _button_example(lang: str, banner: str, button: str, drop: bool = True) -> Example:
    return Example(f"{banner}\n{button}", drop, lang, target=button)


_ARTICLE = "The minister said on Monday that the talks would resume next week in Geneva.\n{}\nBoth delegations "\
    "have agreed to meet again before the end of the month."


def _keep_button(lang: str, button: str) -> Example:
    return Example(_ARTICLE.format(button), False, lang, target=button)

CONSENT_BUTTONS = Rule(
    "CK002",
    "consent-buttons",
    "Button labels (\"OK\", \"Accept\", \"Settings\") next to a consent banner.",
    "Banner buttons are separate lines in scraped text; on their own they are too short to judge, but "
    "beside a removed banner line they are part of it.",
    (
        _button_example("fr", "RT en français utilise des cookies pour exploiter et améliorer ses services.", "OK"),
        _keep_button("fr", "OK"),
        _button_example("en", "We use cookies to improve your experience on our site.", "Accept"),
        _keep_button("en", "Settings"),
        _button_example("de", "Wir verwenden Cookies, um unsere Website zu verbessern.", "Einverstanden"),
        _keep_button("de", "Einstellungen"),
        _button_example("es", "Utilizamos cookies para mejorar nuestros servicios.", "Aceptar"),
        _keep_button("es", "Aceptar"),
        _button_example("it", "Questo sito utilizza cookie tecnici.", "Accetto"),
        _keep_button("it", "Accetto"),
        _button_example("pt", "Utilizamos cookies para melhorar a sua experiência.", "Aceitar"),
        _keep_button("pt", "Aceitar"),
    ),
    context=_buttons_beside_banner,
    languages=_BUTTONS.languages,
)

RULES = (COOKIE_BANNER, CONSENT_BUTTONS)

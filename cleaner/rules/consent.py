"""CK rules: cookie and consent banners, the whole block with its buttons."""

from __future__ import annotations

from collections.abc import Iterator

from .base import Example, Phrases, Rule, drops, keeps, line_rule
from .views import DocView

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off

# Statements only a consent banner makes, in the site's voice ("we use cookies"). A bare "cookie" is not
# among them: trafilatura records that such a pattern once deleted up to 97% of a page, and articles
# about cookies (or about the law on them) are content.
BANNER = Phrases(
    {
        "fr": ("utilise des cookies", "utilisons des cookies", "utilise des traceurs", "utilisent des cookies",
               "en poursuivant votre navigation", "en continuant à naviguer", "en continuant votre navigation",
               "acceptez l'utilisation de cookies", "vous consentez", "dépôt de cookies", "dépôt des cookies",
               "en matière de cookies", "politique de cookies", "cookies traceurs", "nous et nos partenaires"),
        "en": ("we use cookies", "this site uses cookies", "this website uses cookies", "site uses cookies",
               "use of cookies", "by continuing to use this website", "by continuing to use this site",
               "by continuing to browse", "by using this site you agree", "you agree to their use",
               "you consent to our use", "we and our partners", "privacy cookies this site",
               "strictly necessary cookies", "uses cookies to"),
        "de": ("wir verwenden cookies", "verwendet cookies", "nutzt cookies", "verwenden wir cookies",
               "einsatz von cookies", "verwendung von cookies", "durch die weitere nutzung",
               "stimmen sie der verwendung", "einwilligung in die verwendung", "cookie richtlinie", "cookie hinweis",
               "wir und unsere partner", "technisch notwendige cookies", "nur notwendige cookies"),
        "es": ("utilizamos cookies", "usamos cookies", "utiliza cookies", "política de cookies", "uso de cookies",
               "si continúa navegando", "acepta el uso de cookies"),
        "it": ("utilizziamo i cookie", "utilizza cookie", "utilizza i cookie", "usa i cookie",
               "informativa sui cookie", "uso dei cookie", "proseguendo la navigazione", "acconsenti all'uso"),
        "pt": ("utilizamos cookies", "usamos cookies", "este site usa cookies", "utiliza cookies",
               "política de cookies", "uso de cookies", "ao continuar navegando", "ao continuar a navegar"),
    },
    max_words=60,
    dense=3,
)

COOKIE_BANNER = line_rule(
    "CK001",
    "cookie-banner",
    "A consent banner's statement about cookies (\"We use cookies…\").",
    "Consent banners repeat on every page of a site and carry no content. Their statements are in the "
    "site's voice; lines over 60 words need three such phrases, so an article about cookie law stays.",
    BANNER,
    *drops("fr", "RT en français utilise des cookies pour exploiter et améliorer ses services.",
           "Nous utilisons des cookies pour mesurer l'audience de notre site et vous proposer des contenus adaptés "
           "à vos centres d'intérêt. Vous pouvez modifier vos choix à tout moment.",
           "Pour en savoir plus sur vos droits et nos pratiques en matière de cookies, consultez notre page."),
    *keeps("fr", "La CNIL a infligé une amende à Google pour avoir déposé des cookies sans consentement."),
    *drops("en", "We use cookies to improve your experience on our site.",
           "Privacy & Cookies: This site uses cookies. By continuing to use this website, you agree to their use."),
    *keeps("en", "The cookie jar was empty again.",
           "She baked cookies for the whole street and accepted all the compliments."),
    *drops("de", "Wir verwenden Cookies, um Ihnen ein optimales Webseiten-Erlebnis zu bieten."),
    *keeps("de", "Die Bäckerei verkauft Cookies und Kuchen.",
           "Das Gericht prüft, ob die Verwendung von Tracking-Cookies ohne Einwilligung rechtens war, und hat "
           "dafür ein Gutachten bestellt, das im Frühjahr vorliegen soll und die Praxis vieler Verlage "
           "bewerten wird, die Besucher beim ersten Aufruf zu einer Entscheidung drängen und dabei oft "
           "unklar lassen, welche Daten an wen gehen und wie lange sie gespeichert werden."),
    *drops("es", "Utilizamos cookies propias y de terceros para mejorar nuestros servicios."),
    *keeps("es", "Las galletas, también llamadas cookies, son un dulce típico de la merienda."),
    *drops("it", "Questo sito utilizza cookie tecnici e di profilazione."),
    *keeps("it", "La ricetta dei biscotti, detti anche cookie, è semplice."),
    *drops("pt", "Utilizamos cookies para melhorar a sua experiência no nosso site."),
    *keeps("pt", "A receita de cookies de chocolate é simples e rápida."),
)

# Consent controls ("Tout accepter", "Reject all", "Cookie settings") are also words an article about
# banners quotes: one of them is enough only on a short line. On the dev pages a 60-word limit removed
# reporting on dark-pattern banners; 25 words holds every banner sentence of the seeds and samples.
CONTROLS = Phrases(
    {
        "fr": ("accepter les cookies", "refuser les cookies", "tout accepter", "tout refuser", "paramétrer vos choix",
               "paramétrer les cookies", "gérer les cookies", "gérer mes choix", "continuer sans accepter",
               "préférences de cookies", "paramètres des cookies"),
        "en": ("accept cookies", "accept all cookies", "accept all", "reject all", "cookie settings",
               "cookie preferences", "manage cookies", "manage preferences", "allow all cookies",
               "consent preferences"),
        "de": ("alle akzeptieren", "alle ablehnen", "cookie einstellungen", "cookies zulassen", "cookies akzeptieren",
               "akzeptieren sie cookies", "datenschutzeinstellungen"),
        "es": ("aceptar todas", "aceptar cookies", "rechazar todas", "configuración de cookies"),
        "it": ("accetta tutti", "rifiuta tutti", "impostazioni dei cookie"),
        "pt": ("aceitar todos", "aceitar cookies", "rejeitar todos", "configurações de cookies",
               "definições de cookies"),
    },
    max_words=25,
    dense=3,
)

CONSENT_CONTROLS = line_rule(
    "CK003",
    "consent-controls",
    "A consent banner's controls and choices (\"Tout accepter\", \"Reject all\", \"Cookie settings\").",
    "Banner buttons and the sentence that explains them; on a line over 25 words three of them are needed, "
    "since an article about banners quotes the same words.",
    CONTROLS,
    *drops("fr", "Tout AccepterTout refuserParamétrer vos choix",
           "Vous pouvez exprimer vos choix en cliquant sur «Tout accepter», «Tout refuser» , et/ou les modifier à "
           "tout moment via la rubrique «Paramétrer vos choix»."),
    *keeps("fr", "Il faut tout accepter ou tout refuser, a résumé la ministre devant les députés, en dénonçant des "
                 "bandeaux trompeurs qui poussent les internautes à céder leurs données sans comprendre ce qu'ils "
                 "acceptent, alors que la loi exige un choix libre et éclairé."),
    *drops("en", "Accept all"),
    *keeps("en", "Investigators found that the site's banner offered a bright \"Accept all\" button on the first "
                 "screen, while visitors who wanted to refuse tracking had to open two further menus and untick "
                 "more than forty boxes one by one."),
    *drops("de", "Alle akzeptieren"),
    *keeps("de", "Wer auf der Seite alle akzeptieren wollte, musste nur einmal klicken, wer ablehnen wollte, musste "
                 "dagegen drei Menüs öffnen und jeden Anbieter einzeln abwählen, kritisierte die Behörde."),
    *drops("es", "Aceptar todas"),
    *keeps("es", "El sitio ofrecía un botón para aceptar todas las cookies en la primera pantalla, mientras que "
                 "rechazarlas exigía abrir dos menús más y desmarcar cuarenta casillas, según la investigación."),
    *drops("it", "Accetta tutti"),
    *keeps("it", "Il sito offriva un pulsante per accetta tutti nella prima schermata, mentre per rifiutare bisognava "
                 "aprire altri due menu e togliere quaranta spunte una per una, secondo l'indagine del garante."),
    *drops("pt", "Aceitar todos"),
    *keeps("pt", "O site oferecia um botão para aceitar todos os cookies na primeira tela, enquanto para recusar era "
                 "preciso abrir mais dois menus e desmarcar quarenta caixas uma a uma, segundo a investigação."),
)

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
    },
    anchor="row",
    max_words=6,
)


def _buttons_beside_banner(doc: DocView) -> Iterator[int]:
    # Only the neighbours of removed consent lines can be their buttons (looking there rather than at
    # every kept line saved a third of a second on the dev pages).
    banner = doc.removed_by("CK")
    beside = {doc.neighbour(i, step) for i in banner for step in (-1, 1)}
    for i in sorted(j for j in beside if j is not None and j not in doc.dropped):
        if _BUTTONS(doc.lines[i], doc.lang):
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
    requires=("CK",),
    languages=_BUTTONS.languages,
)

RULES = (COOKIE_BANNER, CONSENT_CONTROLS, CONSENT_BUTTONS)
# fmt: on

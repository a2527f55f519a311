"""SO rules: follow-us, app download and newsletter promotion."""

from __future__ import annotations

from .base import NEUTRAL, AllOf, Label, Phrases, drops, keeps, line_rule

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off

NETWORKS = (
    "telegram", "twitter", "facebook", "instagram", "youtube", "tiktok", "linkedin", "whatsapp", "threads",
    "mastodon", "bluesky", "vkontakte", "google news", "snapchat", "pinterest", "flipboard", "xing",
    "twitch", "discord", "reddit", "rss", "spotify", "apple podcasts", "deezer", "dailymotion", "odysee",
    "rumble", "gettr", "truth social", "les reseaux sociaux", "social media", "sozialen medien",
    "sozialen netzwerken", "redes sociales", "social network", "social networks", "nos réseaux",
)

# A follow line opens with the invitation and names a network; both must hold, so "He said on Twitter
# that he would follow the rules" stays.
FOLLOW = AllOf(
    Phrases(
        {
            "fr": ("suivez", "suivez nous", "retrouvez nous", "rejoignez nous", "abonnez vous", "likez",
                   "retrouvez", "rejoignez"),
            "en": ("follow", "follow us", "join us", "find us", "like us", "subscribe to", "connect with us",
                   "stay connected", "get the latest"),
            "de": ("folgen sie", "folge uns", "folgt uns", "folge mir", "folgen sie mir", "besuchen sie uns",
                   "abonnieren sie",
                   "finden sie uns", "werden sie fan"),
            "es": ("síguenos", "siguenos", "sigue a", "únete a", "suscríbete a"),
            "it": ("seguici", "segui", "unisciti a", "iscriviti al"),
            "pt": ("siga nos", "siga o", "siga a", "acompanhe", "inscreva se"),
        },
        anchor="start",
        max_words=20,
    ),
    Phrases({NEUTRAL: NETWORKS}, max_words=20),
)

FOLLOW_US = line_rule(
    "SO001",
    "follow-us",
    "Invitation to follow the site on a social network.",
    "Follow lines are site promotion repeated on every page, often glued to the network's name by an "
    "inline link (\"surTelegram\").",
    FOLLOW,
    *drops("fr", "Suivez RT en français surTelegram", "Retrouvez-nous sur Facebook et Instagram"),
    *keeps("fr", "Le ministre a déclaré sur Twitter qu'il suivez de près la situation."),
    *drops("en", "Follow us on Twitter", "Follow The Guardian on Instagram"),
    *keeps("en", "He said on Twitter that he would follow the rules."),
    *drops("de", "Folgen Sie uns auf Instagram und Facebook"),
    *keeps("de", "Der Minister kündigte auf Twitter an, dem Vorschlag zu folgen."),
    *drops("es", "Síguenos en Twitter y Facebook"),
    *keeps("es", "El ministro dijo en Twitter que seguirá la reunión."),
    *drops("it", "Seguici su Facebook"),
    *keeps("it", "Il ministro ha scritto su Twitter che seguirà la riunione."),
    *drops("pt", "Siga-nos no Instagram"),
    *keeps("pt", "O ministro escreveu no Twitter que vai seguir a reunião."),
)

APP_PROMO = line_rule(
    "SO002",
    "app-promotion",
    "Invitation to download the site's app.",
    "App promotion is publisher chrome, not article text.",
    Phrases(
        {
            "fr": ("téléchargez l'application", "en téléchargeant l'application", "télécharger l'application",
                   "téléchargez notre application", "notre application mobile", "téléchargez l'appli"),
            "en": ("download our app", "download the app", "get the app", "get it on google play",
                   "our mobile app", "download it on the app store", "apps for ios and android",
                   "app for ios and android", "app store and google play"),
            "de": ("laden sie unsere app", "laden sie die app", "jetzt die app", "app herunterladen",
                   "unsere app", "app jetzt kostenlos", "app für ios und android", "im app store und bei google play"),
            "es": ("descarga nuestra app", "descarga la aplicación", "descarga nuestra aplicación",
                   "descarga la app"),
            "it": ("scarica la nostra app", "scarica l'app", "scarica l'applicazione"),
            "pt": ("baixe nosso aplicativo", "baixe o aplicativo", "descarregue a aplicação", "baixe o app"),
        },
        max_words=25,
    ),
    *drops("fr", "Suivez toute l'actualité internationale en téléchargeant l'application RFI"),
    *keeps("fr", "Apple a retiré l'application de l'App Store après la plainte de l'éditeur."),
    *drops("en", "Download our app for the latest news on your phone."),
    *keeps("en", "The company said users could download the update from Monday."),
    *drops("de", "Laden Sie unsere App kostenlos herunter."),
    *keeps("de", "Die App wurde im vergangenen Jahr zwei Millionen Mal heruntergeladen."),
    *drops("es", "Descarga nuestra app y recibe las noticias al momento."),
    *keeps("es", "La aplicación fue descargada dos millones de veces el año pasado."),
    *drops("it", "Scarica la nostra app gratuita"),
    *keeps("it", "L'applicazione è stata scaricata due milioni di volte."),
    *drops("pt", "Baixe nosso aplicativo e receba as notícias."),
    *keeps("pt", "O aplicativo foi baixado dois milhões de vezes no ano passado."),
)

NEWSLETTER = line_rule(
    "SO003",
    "newsletter-promotion",
    "Newsletter or mailing-list sign-up.",
    "Sign-up boxes are publisher chrome; their wording is formulaic across sites.",
    Phrases(
        {
            "fr": ("inscrivez vous à notre newsletter", "inscrivez vous à la newsletter",
                   "abonnez vous à notre newsletter", "abonnez vous à la newsletter", "recevez toute l'actualité",
                   "dans votre boîte mail", "dans votre boite mail", "dans votre boîte de réception",
                   "se désinscrire à tout moment", "désabonner à tout moment",
                   "inscription à la newsletter", "notre lettre d'information", "recevez notre newsletter"),
            "en": ("sign up for our newsletter", "subscribe to our newsletter", "subscribe to our mailing list",
                   "sign up to our newsletter", "get our newsletter", "delivered to your inbox",
                   "straight to your inbox", "newsletter sign up", "join our mailing list",
                   "enter your email address", "subscribe to the newsletter", "sign up for the newsletter",
                   "to your inbox", "to their inboxes", "in your inbox", "enter your email", "unsubscribe at any time",
                   "sign up here", "get the newsletter", "weekly newsletter", "daily newsletter"),
            "de": ("newsletter abonnieren", "zum newsletter anmelden", "für unseren newsletter",
                   "unseren newsletter", "newsletter bestellen", "in ihr postfach", "ihre e mail adresse",
                   "newsletter anmeldung", "newsletter erhalten", "newsletter bekommen",
                   "abmeldung ist jederzeit möglich",
                   "jederzeit abbestellen", "e mail adresse willige ich", "zum newsletter", "in deinem posteingang",
                   "in ihrem posteingang", "via e mail abonnieren", "per e mail abonnieren",
                   "beiträge per e mail zu erhalten", "e mail adresse eingeben"),
            "es": ("suscríbete a nuestro boletín", "suscríbete a nuestra newsletter", "recibe nuestro boletín",
                   "en tu bandeja de entrada", "suscríbete al boletín", "suscríbete a la newsletter"),
            "it": ("iscriviti alla newsletter", "iscriviti alla nostra newsletter", "nella tua casella di posta",
                   "ricevi la newsletter"),
            "pt": ("assine a nossa newsletter", "inscreva se na nossa newsletter", "assine nossa newsletter",
                   "na sua caixa de entrada", "receba a nossa newsletter"),
        },
        max_words=30,
        dense=2,
    ),
    *drops("fr", "NewsletterRecevez toute l'actualité internationale directement dans votre boite mail"),
    *keeps("fr", "La newsletter de la banque centrale a été publiée mardi, selon le communiqué."),
    *drops("en", "Sign up for our newsletter and get the best stories every morning."),
    *keeps("en", "The newsletter was sent to every member of the club last week."),
    *drops("de", "Jetzt Newsletter abonnieren und nichts mehr verpassen"),
    *keeps("de", "Der Newsletter des Vereins erscheint einmal im Monat."),
    *drops("es", "Suscríbete a nuestro boletín y recibe las noticias del día."),
    *keeps("es", "El boletín oficial publicó la ley el martes."),
    *drops("it", "Iscriviti alla newsletter per ricevere le notizie."),
    *keeps("it", "La newsletter della banca è uscita martedì."),
    *drops("pt", "Assine a nossa newsletter e receba as notícias."),
    *keeps("pt", "A newsletter do banco foi publicada na terça-feira."),
)

EDITIONS = line_rule(
    "SO004",
    "edition-promotion",
    "Promotion of the publisher's other language editions or channels.",
    "Multilingual publishers close articles with the same invitation to read their other editions; it "
    "says nothing about the story.",
    Phrases(
        {
            "fr": ("dans nos autres équipes linguistiques", "chaque histoire peut être racontée",
                   "nos autres éditions", "cet article est également disponible en",
                   "disponible dans d'autres langues"),
            "en": ("every story can be told in many ways", "read this story in other languages",
                   "this article is also available in", "available in other languages",
                   "our other language editions"),
            "de": ("jede geschichte kann auf viele arten erzählt werden", "dieser artikel ist auch auf",
                   "in anderen sprachen verfügbar", "unsere anderen sprachausgaben"),
            "es": ("cada historia se puede contar", "este artículo también está disponible en",
                   "disponible en otros idiomas"),
            "it": ("ogni storia può essere raccontata", "questo articolo è disponibile anche in",
                   "disponibile in altre lingue"),
            "pt": ("cada história pode ser contada", "este artigo também está disponível em",
                   "disponível em outros idiomas"),
        },
        max_words=40,
    ),
    *drops("fr", "Chaque histoire peut être racontée de plusieurs manières differentes : retrouvrez les "
                 "perspectives des autres journalistes d'euronews dans nos autres équipes linguistiques."),
    *keeps("fr", "Chaque histoire de la famille a été racontée par la grand-mère."),
    *drops("en", "This article is also available in French and German."),
    *keeps("en", "The report is available in the library."),
    *drops("de", "Dieser Artikel ist auch auf Englisch verfügbar."),
    *keeps("de", "Der Bericht ist in der Bibliothek verfügbar."),
    *drops("es", "Este artículo también está disponible en inglés."),
    *keeps("es", "El informe está disponible en la biblioteca."),
    *drops("it", "Questo articolo è disponibile anche in inglese."),
    *keeps("it", "Il rapporto è disponibile in biblioteca."),
    *drops("pt", "Este artigo também está disponível em inglês."),
    *keeps("pt", "O relatório está disponível na biblioteca."),
)

FOLLOW_LABEL = line_rule(
    "SO005",
    "follow-label",
    "A follow or channel invitation without a sentence around it (\"Folgt uns!\", \"Our YouTube channel\").",
    "The label of a row of social icons, or a plug for the site's channel, is promotion.",
    Label(
        {
            "fr": ("suivez nous", "retrouvez nous", "rejoignez nous", "suivez nous sur", "notre chaîne youtube",
                   "abonnez vous à notre chaîne"),
            "en": ("follow us", "find us on", "connect with us", "stay connected", "follow us on",
                   "our youtube channel", "subscribe to our channel", "join us on", "be sociable share"),
            "de": ("folgt uns", "folge uns", "folgen sie uns", "folgen sie uns auf", "unser youtube kanal",
                   "abonniere unseren kanal", "besuchen sie uns auf"),
            "es": ("síguenos", "síguenos en", "nuestro canal de youtube", "mira lo que tiene nuestro canal de youtube"),
            "it": ("seguici", "seguici su", "il nostro canale youtube"),
            "pt": ("siga nos", "siga nos no", "nos siga no", "nos siga", "nosso canal no youtube"),
        },
        headline=True,
        max_words=10,
    ),
    *drops("fr", "Suivez-nous"), *keeps("fr", "Suivez-nous, dit le guide aux touristes égarés."),
    *drops("en", "Follow us"), *keeps("en", "Follow us, the guide told the lost tourists."),
    *drops("de", "Folgt uns!"), *keeps("de", "Folgt uns, sagte der Führer zu den Touristen."),
    *drops("es", "¡Mira lo que tiene nuestro canal de YouTube!"), *keeps("es",
                 "Síguenos, dijo el guía a los turistas."),
    *drops("it", "Seguici su"), *keeps("it", "Seguici, disse la guida ai turisti."),
    *drops("pt", "Nos siga no"), *keeps("pt", "Siga-nos, disse o guia aos turistas."),
)

DONATION = line_rule(
    "SO006",
    "donation-appeal",
    "A donation or support appeal (\"Unterstützen Sie uns\", \"Je fais un don\").",
    "Fund-raising buttons and their labels are the publisher's, not the article's.",
    Label(
        {
            "fr": ("je fais un don", "faire un don", "faites un don", "soutenez nous", "nous soutenir",
                   "soutenir la rédaction"),
            "en": ("donate", "donate now", "support us", "make a donation", "support our journalism",
                   "make a contribution",
                   "become a patron", "become a member"),
            "de": ("jetzt spenden", "spenden", "unterstützen sie uns", "unterstütze uns", "jetzt unterstützen",
                   "unterstützen sie unsere arbeit"),
            "es": ("dona ahora", "donar", "haz una donación", "apóyanos"),
            "it": ("dona ora", "fai una donazione", "sostienici"),
            "pt": ("doe agora", "faça uma doação", "apoie nos"),
        },
        headline=True,
        max_words=12,
    ),
    *drops("fr", "Je fais un don à Attac"), *keeps("fr",
                 "Faire un don à une association ouvre droit à une réduction d'impôt."),
    *drops("en", "Support us"), *keeps("en", "Support us, the mayor said, and we will rebuild the bridge."),
    *drops("de", "Unterstützen Sie uns"), *keeps("de", "Spenden sind steuerlich absetzbar, sagt das Finanzamt."),
    *drops("es", "Dona ahora"), *keeps("es", "Donar sangre salva vidas, recordó el médico."),
    *drops("it", "Sostienici"), *keeps("it", "Dona ora il tuo tempo, disse il sindaco ai volontari."),
    *drops("pt", "Doe agora"), *keeps("pt", "Doe agora o seu tempo, disse o prefeito aos voluntários."),
)

NEWSLETTER_LABEL = line_rule(
    "SO007",
    "newsletter-label",
    "A newsletter box's heading: the word with at most two others (\"PC Gamer Newsletter\").",
    "Sign-up boxes are headed by the site's name and the word newsletter; three words leave no room for a "
    "sentence about a newsletter.",
    Phrases({NEUTRAL: ("newsletter", "newsletters")}, max_words=3),
    *drops(None, "Newsletter", "Greator Newsletter", "PC Gamer Newsletter"),
    *keeps(None, "The newsletter reached 40,000 readers in its first year."),
)

RULES = (FOLLOW_US, APP_PROMO, NEWSLETTER, EDITIONS, FOLLOW_LABEL, DONATION, NEWSLETTER_LABEL)
# fmt: on

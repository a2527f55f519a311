"""NV rules below the article: footer links, copyright and licence notices, comment forms, tag trails."""

from __future__ import annotations

import re

from .base import NEUTRAL, AllOf, Label, Pattern, Phrases, drops, keeps, line_rule

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off

LEGAL_LINKS = line_rule(
    "NV007",
    "footer-links",
    "Legal and corporate footer links, alone or in a row (\"Impressum Datenschutz Kontakt\").",
    "Footer links repeat on every page of a site and carry no content.",
    Phrases(
        {
            "fr": ("mentions légales", "politique de confidentialité", "données personnelles",
                   "conditions générales d'utilisation", "conditions générales", "cgu", "cgv", "contact",
                   "contactez nous", "nous contacter", "qui sommes nous", "à propos", "gestion des cookies",
                   "paramètres des cookies", "accessibilité", "charte de confidentialité"),
            "en": ("privacy policy", "privacy", "privacy notice", "cookie policy", "terms of use",
                   "terms of service", "terms and conditions", "terms", "legal notice", "imprint", "contact",
                   "contact us", "about us", "about", "advertise", "advertise with us", "careers", "jobs",
                   "faq", "help", "accessibility", "cookie settings", "do not sell my personal information",
                   "sitemap", "site map", "disclaimer", "copyright", "newsletters", "rss", "donate"),
            "de": ("impressum", "datenschutz", "datenschutzerklärung", "datenschutzhinweise", "kontakt",
                   "agb", "nutzungsbedingungen", "über uns", "barrierefreiheit", "cookie einstellungen",
                   "mediadaten", "hilfe", "jobs", "karriere", "sitemap", "newsletter", "abo", "rss",
                   "kontaktformular", "haftungsausschluss"),
            "es": ("aviso legal", "política de privacidad", "contacto", "quiénes somos", "sobre nosotros",
                   "términos y condiciones", "condiciones de uso", "política de cookies", "mapa del sitio"),
            "it": ("note legali", "privacy policy", "informativa privacy", "contatti", "chi siamo",
                   "termini e condizioni", "condizioni d'uso", "mappa del sito", "cookie policy"),
            "pt": ("política de privacidade", "termos de uso", "contato", "contacto", "fale conosco",
                   "quem somos", "sobre nós", "aviso legal", "termos e condições", "mapa do site"),
        },
        anchor="row",
        max_words=20,
    ),
    *drops("fr", "Mentions légales"), *keeps("fr", "Les mentions légales du contrat étaient absentes."),
    *drops("en", "Privacy Policy", "Contact US"), *keeps("en", "Privacy matters more than ever, he wrote."),
    *drops("de", "Impressum Datenschutz Kontakt"), *keeps("de", "Datenschutz ist ein Grundrecht."),
    *drops("es", "Aviso legal"), *keeps("es", "El aviso legal llegó tarde al juzgado."),
    *drops("it", "Chi siamo"), *keeps("it", "Chi siamo noi per giudicare?"),
    *drops("pt", "Fale conosco"), *keeps("pt", "Quem somos nós para julgar?"),
)

COPYRIGHT = line_rule(
    "NV008",
    "copyright-notice",
    "A copyright or all-rights-reserved footer.",
    "Footer notices repeat on every page; long lines that mention rights are prose and stay.",
    Phrases(
        {
            "fr": ("tous droits réservés", "droits de reproduction réservés", "copyright"),
            "en": ("all rights reserved", "copyright", "some rights reserved", "copyleft"),
            "de": ("alle rechte vorbehalten", "copyright"),
            "es": ("todos los derechos reservados", "copyright"),
            "it": ("tutti i diritti riservati", "riproduzione riservata", "copyright"),
            "pt": ("todos os direitos reservados", "copyright"),
        },
        max_words=20,
    ),
    *drops("fr", "© 2019 Le Journal. Tous droits réservés."),
    *keeps("fr", "L'auteur a perdu son procès sur le copyright de la chanson, qui datait de 1975, devant la "
                 "cour d'appel de Paris, qui a estimé que la mélodie n'était pas originale."),
    *drops("en", "InvestmentWatchBlog.com © 2018. All Rights Reserved."),
    *keeps("en", "The band lost its copyright case over the 1975 song in a long trial at the High Court, "
                 "which found that the melody was not original enough to be protected."),
    *drops("de", "Alle Rechte vorbehalten"),
    *keeps("de", "Der Verlag verlor den Streit um das Copyright des Liedes aus dem Jahr 1975 vor dem "
                 "Landgericht, das die Melodie nicht für originell genug hielt, um sie zu schützen."),
    *drops("es", "Todos los derechos reservados"),
    *keeps("es", "La banda perdió el juicio sobre el copyright de la canción de 1975 ante el tribunal "
                 "supremo, que consideró que la melodía no era lo bastante original para protegerla."),
    *drops("it", "Riproduzione riservata"),
    *keeps("it", "La band ha perso la causa sul copyright della canzone del 1975 davanti alla corte "
                 "d'appello, che ha ritenuto la melodia non abbastanza originale da essere protetta."),
    *drops("pt", "Todos os direitos reservados"),
    *keeps("pt", "A banda perdeu o processo sobre o copyright da canção de 1975 no tribunal superior, que "
                 "considerou a melodia pouco original para ser protegida pela lei."),
)

COMMENT_FORM = line_rule(
    "NV012",
    "comment-form",
    "Comment-form text (\"Leave a Reply\", \"Cancel reply\", \"Your email address will not be published\").",
    "Blog and CMS comment forms print the same prompts under every article.",
    Phrases(
        {
            "fr": ("laisser un commentaire", "annuler la réponse",
                   "enregistrer mon nom mon e mail et mon site dans le navigateur",
                   "votre adresse e mail ne sera pas publiée",
                   "les champs obligatoires sont indiqués", "ajouter un commentaire", "laisser une réponse",
                   "écrire un commentaire", "aucun commentaire"),
            "en": ("leave a reply", "leave a comment", "cancel reply", "post a comment", "add a comment",
                   "write a comment", "your email address will not be published",
                   "required fields are marked", "no comments yet", "comments are closed",
                   "you must be logged in to post a comment", "join the discussion", "be the first to comment",
                   "must be logged in to", "save my name email and website in this browser"),
            "de": ("kommentar verfassen", "antwort abbrechen", "eine antwort schreiben", "kommentar schreiben",
                   "schreibe einen kommentar", "deine e mail adresse wird nicht veröffentlicht",
                   "ihre e mail adresse wird nicht veröffentlicht", "erforderliche felder sind markiert",
                   "keine kommentare", "kommentar abschicken", "antworten abbrechen", "einen kommentar schreiben",
                   "kommentare erscheinen erst nach", "wird benötigt und nicht veröffentlicht",
                   "hinterlasse einen kommentar", "kommentar abbrechen", "kommentar hinzufügen",
                   "gefällt mir wird geladen", "eingeloggt sein um", "du musst angemeldet sein",
                   "meinen namen e mail und website in diesem browser speichern"),
            "es": ("deja un comentario", "cancelar respuesta", "dejá tu comentario",
                   "tu dirección de correo electrónico no será publicada",
                   "comentar este artículo", "deja una respuesta", "los campos obligatorios están marcados"),
            "it": ("lascia un commento", "annulla risposta", "il tuo indirizzo email non sarà pubblicato",
                   "lascia una risposta", "i campi obbligatori sono contrassegnati"),
            "pt": ("deixe um comentário", "cancelar resposta", "o seu endereço de email não será publicado",
                   "deixe uma resposta", "os campos obrigatórios estão marcados"),
        },
        max_words=25,
    ),
    *drops("fr", "Laisser un commentaire Annuler la réponse"),
    *keeps("fr", "Il a refusé de laisser un commentaire sur l'enquête en cours, avant de quitter la salle "
                 "d'audience sous les huées d'une partie du public venu nombreux pour entendre le verdict."),
    *drops("en", "Leave a Reply Cancel reply"),
    *keeps("en", "The spokesman declined to leave a comment on the ongoing investigation, and then left the "
                 "room while reporters shouted questions about the missing files and the dismissed staff."),
    *drops("de", "Kommentar verfassen Antwort abbrechen"),
    *keeps("de", "Der Sprecher wollte keinen Kommentar abgeben."),
    *drops("es", "Deja un comentario Cancelar respuesta"),
    *keeps("es", "El portavoz no quiso hacer ningún comentario."),
    *drops("it", "Lascia un commento Annulla risposta"),
    *keeps("it", "Il portavoce non ha voluto commentare."),
    *drops("pt", "Deixe um comentário Cancelar resposta"),
    *keeps("pt", "O porta-voz não quis comentar."),
)

FORM_FIELD = line_rule(
    "NV013",
    "form-field",
    "A form field label marked as required (\"Name *\", \"E-Mail-Adresse *\").",
    "The asterisk marks a required input of a comment or sign-up form; such a line is never text.",
    Pattern(r"^[^\W\d][\w .'’/-]{0,30}(?:\s?\*|\s\((?:required|erforderlich|obligatoire|obligatorio|obbligatorio|"
            r"obrigatório|pflichtfeld)\))\s*:?\s*$", flags=re.IGNORECASE, max_words=4,
            prefilter=("*", "("), ends="*):"),  # a star or a bracket, the line's last but a colon
    *drops(None, "Name *", "Email Address *", "CAPTCHA Code*", "Name (erforderlich)"),
    *keeps(None, "Name", "Footnotes are marked with a star*, he said.", "*"),
)

TAG_TRAIL = line_rule(
    "NV014",
    "tag-trail",
    "A tag or category trail (\"Tags: Syrie, Russie\", \"Schlagwörter:\").",
    "Taxonomy links repeat the site's index, not the article. A separator after the label is required, so "
    "\"Category 5 storm hits the coast\" stays.",
    Label(
        {
            "fr": ("tags", "étiquettes", "mots clés", "catégories", "catégorie", "rubriques", "thèmes",
                   "classé dans", "publié dans"),
            "en": ("tags", "tagged", "tagged with", "filed under", "posted in", "categories", "category",
                   "topics", "related topics", "labels", "keywords"),
            "de": ("tags", "schlagwörter", "schlagworte", "kategorien", "kategorie", "themen", "stichworte",
                   "stichwörter", "abgelegt unter", "veröffentlicht in"),
            "es": ("etiquetas", "categorías", "categoría", "temas", "archivado en", "publicado en"),
            "it": ("tag", "categorie", "categoria", "argomenti", "archiviato in", "pubblicato in"),
            "pt": ("tags", "marcadores", "categorias", "categoria", "temas", "arquivado em", "publicado em"),
        },
        headline="separator",
        max_words=40,
    ),
    *drops("fr", "Tags : Syrie, Russie, Amnesty"), *keeps("fr", "Les thèmes de la campagne ont changé."),
    *drops("en", "Tagged:", "Filed under: Politics, Europe"), *keeps("en", "Category 5 storm hits the coast"),
    *drops("de", "Schlagwörter: Bahn, Verkehr"), *keeps("de", "Themen wie Verkehr bestimmen den Wahlkampf."),
    *drops("es", "Etiquetas: política, Europa"), *keeps("es", "Los temas de la campaña cambiaron."),
    *drops("it", "Argomenti: politica, Europa"), *keeps("it", "Gli argomenti della campagna sono cambiati."),
    *drops("pt", "Marcadores: política, Europa"), *keeps("pt", "Os temas da campanha mudaram."),
)

POST_META = line_rule(
    "NV015",
    "post-meta",
    "A blog post's filing line (\"This entry was posted in … and tagged …\").",
    "Blog engines print where a post is filed and how to bookmark it; the wording is the engine's.",
    Phrases(
        {
            "fr": ("ce billet a été publié dans", "cette entrée a été publiée dans", "ajouter aux favoris"),
            "en": ("this entry was posted in", "bookmark the permalink", "this entry was tagged",
                   "posted in uncategorized"),
            "de": ("dieser beitrag wurde veröffentlicht in", "und abgelegt unter", "lesezeichen für den permalink",
                   "und gekennzeichnet mit", "dieser eintrag wurde veröffentlicht"),
            "es": ("esta entrada fue publicada en", "guarda el enlace permanente"),
            "it": ("questo articolo è stato pubblicato in", "questa voce è stata pubblicata in",
                   "aggiungi ai preferiti il permalink"),
            "pt": ("esta entrada foi publicada em", "adicione aos favoritos o permalink"),
        },
        max_words=60,
    ),
    *drops("fr", "Ce billet a été publié dans Politique. Ajouter aux favoris le permalien."),
    *keeps("fr", "Le billet a été publié dans la presse locale en 1932."),
    *drops("en", "This entry was posted in News and tagged Syria. Bookmark the permalink."),
    *keeps("en", "The entry was posted in the ledger in 1932."),
    *drops("de", "Dieser Beitrag wurde veröffentlicht in Reiki und gekennzeichnet mit Reiki."),
    *keeps("de", "Der Beitrag wurde in der Lokalzeitung veröffentlicht."),
    *drops("es", "Esta entrada fue publicada en Noticias. Guarda el enlace permanente."),
    *keeps("es", "La entrada fue publicada en el diario local en 1932."),
    *drops("it", "Questo articolo è stato pubblicato in Notizie."),
    *keeps("it", "L'articolo fu pubblicato sul giornale locale nel 1932."),
    *drops("pt", "Esta entrada foi publicada em Notícias."),
    *keeps("pt", "A entrada foi publicada no jornal local em 1932."),
)

POWERED_BY = line_rule(
    "NV016",
    "powered-by",
    "A site-engine or design credit (\"Powered by Blogger\", \"Theme by …\").",
    "The engine's credit is site furniture. At most three other words may stand beside it, so \"The plant "
    "is powered by solar panels\" stays.",
    Phrases(
        {
            NEUTRAL: ("powered by", "theme by", "forum software by", "designed by", "website by", "site by",
                      "proudly powered by", "realisiert von", "propulsé par", "réalisé par",
                      "desarrollado por", "realizzato da", "desenvolvido por", "webdesign"),
        },
        max_words=12,
        rest_max_words=3,
    ),
    *drops(None, "Simple theme. Powered by Blogger.", "Proudly powered by WordPress"),
    *keeps(None, "The plant is powered by solar panels.", "Designed by Gaudí, the church took a century."),
)

LICENCE = line_rule(
    "NV017",
    "licence-notice",
    "A content licence footer (\"licensed under a Creative Commons …\").",
    "Sites state their licence in the footer of every page. Both a licensing phrase and a licence name are "
    "needed, so an article about Creative Commons stays.",
    AllOf(
        Phrases(
            {
                "fr": ("sous licence", "est mis à disposition selon les termes"),
                "en": ("licensed under", "available under", "is licensed", "released under"),
                "de": ("unter der lizenz", "lizenziert unter", "steht unter", "stehen unter", "lizenz"),
                "es": ("bajo licencia", "bajo una licencia"),
                "it": ("sotto licenza", "rilasciato con licenza"),
                "pt": ("sob licença", "licenciado sob"),
            },
            max_words=50,
        ),
        Phrases({NEUTRAL: ("creative commons", "cc by", "cc by sa", "cc by nc", "cc0", "gnu fdl", "gfdl")},
                max_words=50),
    ),
    *drops("fr", "Ce contenu est mis à disposition selon les termes de la licence Creative Commons."),
    *keeps("fr", "Creative Commons a été fondée en 2001 par Lawrence Lessig."),
    *drops("en", "All content is licensed under a Creative Commons Attribution 4.0 International License."),
    *keeps("en", "Creative Commons was founded in 2001 by Lawrence Lessig."),
    *drops("de", "Alle Inhalte stehen unter der Lizenz CC BY-SA 4.0."),
    *keeps("de", "Creative Commons wurde 2001 gegründet."),
    *drops("es", "Contenido bajo licencia Creative Commons."),
    *keeps("es", "Creative Commons fue fundada en 2001."),
    *drops("it", "Contenuti sotto licenza Creative Commons."),
    *keeps("it", "Creative Commons è stata fondata nel 2001."),
    *drops("pt", "Conteúdo sob licença Creative Commons."),
    *keeps("pt", "A Creative Commons foi fundada em 2001."),
)

COMMENT_HEADER = line_rule(
    "NV018",
    "comment-header",
    "The header of a reader comment (\"Michael Blahm sagt:\", \"Anna says:\").",
    "Comment threads print the commenter's name and a fixed verb; the comments below are not the article.",
    Pattern(r"^\S+(?: \S+){0,3} "
            r"(?:sagt|says|said|dit|dice|disse|diz|schreibt|writes|écrit|escribe|scrive|escreve)\s?:\s*$",
            max_words=6, prefilter=(":",), ends=":"),  # a colon closes the line
    *drops(None, "Michael Blahm sagt:", "Anna says:", "Jean Dupont dit :"),
    *keeps(None, "Der Minister sagt: Wir schaffen das.", "The report says: nothing changed."),
)

READING_TIME = line_rule(
    "NV019",
    "reading-time",
    "A reading-time label (\"4 Min Read\", \"Lesezeit: 3 Minuten\").",
    "Reading-time estimates are computed by the site; they say nothing about the story.",
    Pattern(r"(?i)^\W*(?:\d+\s*(?:min(?:ute)?s?\.?|minutos?|minuti)\s*"
            r"(?:read|lesezeit|de lecture|de lectura|di lettura|de leitura)?"
            r"|(?:lesezeit|reading time|read time|temps de lecture|tiempo de lectura|tempo di lettura|tempo de leitura)"
            r"\s*:?\s*(?:ca\.\s*)?\d+\s*(?:min(?:ute)?n?s?\.?|minutos?|minuti))\W*$", max_words=6,
            folded_prefilter=("min",)),  # both branches name minutes, so "min" is in the folded key
    *drops(None, "4 Min Read", "Lesezeit: 3 Minuten", "Temps de lecture : 4 min"),
    *keeps(None, "4 minutes of silence", "Reading time matters, she said."),
)

RATING = line_rule(
    "NV020",
    "rating-widget",
    "An article rating or feedback prompt (\"Was this article helpful?\").",
    "Feedback widgets ask about the page, not about its subject.",
    Label(
        {
            "fr": ("cet article vous a t il été utile", "cet article vous a t il plu", "notez cet article",
                   "notez cette recette", "avez vous testé cette recette",
                   "évaluer cet article", "à propos de l'auteur"),
            "en": ("was this article helpful", "was this helpful", "rate this article", "did you find this useful",
                   "did you make this recipe", "rate this recipe", "did you make this recipe rate this recipe",
                   "about the author", "how useful was this post", "rate this post"),
            "de": ("war dieser artikel hilfreich", "wie bewerten sie diesen artikel", "artikel bewerten",
                   "über den autor", "über die autorin", "wie hilfreich war dieser beitrag", "fragen an den autor",
                   "rezept bewerten", "hast du das rezept ausprobiert"),
            "es": ("te ha resultado útil", "valora este artículo", "sobre el autor", "fue útil este artículo"),
            "it": ("questo articolo ti è stato utile", "valuta questo articolo", "sull'autore"),
            "pt": ("este artigo foi útil", "avalie este artigo", "sobre o autor"),
        },
    ),
    *drops("fr", "Cet article vous a-t-il été utile ?"), *keeps("fr", "Cet article a été utile aux juges, dit-il."),
    *drops("en", "Was this article helpful?"), *keeps("en", "The article was helpful to the judges, he said."),
    *drops("de", "Wie bewerten Sie diesen Artikel?"), *keeps("de", "Der Artikel war für die Richter hilfreich."),
    *drops("es", "¿Te ha resultado útil?"), *keeps("es", "El artículo fue útil para los jueces."),
    *drops("it", "Questo articolo ti è stato utile?"), *keeps("it", "L'articolo è stato utile ai giudici."),
    *drops("pt", "Este artigo foi útil?"), *keeps("pt", "O artigo foi útil para os juízes."),
)

SERVER_MESSAGE = line_rule(
    "NV021",
    "server-message",
    "A server-side error or warning printed into the page (\"Warning: … on line 407\").",
    "PHP and CMS warnings leak into scraped text; they are the server talking, not the author.",
    Pattern(r"^(?:Warning|Notice|Deprecated|Fatal error|Parse error|Strict Standards)\s*:.* on line \d+\s*$",
            max_words=60, prefilter=(" on line ",)),
    *drops(None, "Warning: Creating default object from empty value in /www/wp-includes/classes.php on line 407"),
    *keeps(None, "Warning: the bridge is closed on line 4 of the tram network until Monday."),
)

RULES = (LEGAL_LINKS, COPYRIGHT, COMMENT_FORM, FORM_FIELD, TAG_TRAIL, POST_META, POWERED_BY, LICENCE,
         COMMENT_HEADER, READING_TIME, RATING, SERVER_MESSAGE)
# fmt: on

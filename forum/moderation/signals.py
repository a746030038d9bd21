"""Hand-written signals (pure), in the languages of the forum (en, de, fr, es, nl, it).

Each returns a score in [0, 1]. They only add evidence to the learned model, and only strong
evidence scores high: several independent cues of advertising, an insult aimed at a person, a
threat. Honest venting at the software ("I hate the CSV import", "Blöde Frage", "domanda stupida")
and quoting what someone else said ("a customer called me an idiot") do not count.
"""

import re

from .abuse import abuse_cues, abuse_signal

__all__ = ["abuse_cues", "abuse_signal", "bug_signal", "spam_cues", "spam_signal"]


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


# --- Advertising an unaffiliated product or service --------------------------------------------
SPAM_CUES: dict[str, re.Pattern[str]] = {
    "contact_elsewhere": _rx(
        r"whats\s?app",
        r"telegram",
        r"t\.me/\S+",
        r"wa\.me/\S+",
        r"dm me",
        r"pm me",
        r"text \"?\w+\"? to",
        r"contact(?:ez-nous| us| me)",
        r"contattaci",
        r"contáctanos",
        r"kontaktieren sie",
        r"neem contact op",
        r"call \+?\d",
        r"\+\d{2}[\s\d]{6,}\d",
        r"skype",
        r"viber",
        r"signal me",
        r"wechat",
        r"(?:stuur|schreib|écris|escríbeme|scrivimi)(?:\w*) (?:me|mir|moi)? ?(?:een |eine )?(?:dm|pn|pm|privé)",
        r"@[a-z0-9_]{4,} (?:on|auf|sur|en|su|op) telegram",
    ),
    "price_offer": _rx(
        r"(?:from|only|just|ab|à partir de|desde|vanaf|da|solo|seulement|nur)\s*(?:(?:\$|€|£|us\$)\s?\d[\d.,]*|"
        r"\d[\d.,]*\s?(?:\$|€|£|usd|eur|euro))",
        r"\d+\s?% (?:off|de descuento|korting|rabatt|di sconto|"
        r"de réduction)",
        r"\d+%\s?off",
        r"(?:use|utilisez|usa|gebruik|nutzen sie)?\s?(?:code|coupon"
        r"|gutscheincode|codice) [A-Z0-9]{4,}",
        r"per (?:month|review|hour|word)",
        r"/month",
        r"\$\d+(?:\.\d\d)?/(?:h|hour|month)",
        r"affordable (?:prices?|packages?)",
        r"best price",
        r"lowest (?:factory )?prices?",
        r"prezzi di fabbrica",
        r"precios increíbles",
        r"pas cher",
        r"goedkope?",
        r"günstige?",
        r"money back",
        r"geld zurück",
        r"(?:statt|instead of|au lieu de|en vez de|invece di|in plaats van)\s*(?:\$|€|£)?\s?\d",
        r"\d+\s?% (?:korting|rabatt|sconto|descuento|réduction|de remise)",
        r"-\d{2}\s?%",
        r"(?:nur|solo|soli|seulement|slechts|only|just|por solo|a soli)\s+(?:\$|€|£)?\s?\d[\d.,]*\s?(?:\$|€|£|eur|"
        r"euro)",
        r"(?:provalo|probeer|pruébalo|essayez|teste?n? sie)\s+(?:\w+\s+)?(?:gratis|gratuitement|kostenlos)",
        r"(?:kostenlos(?:e|en)? (?:testen|analyse|erstgespräch)|essai gratuit|prova gratuita|prueba gratis|"
        r"gratis (?:proberen|gesprek|analyse))",
    ),
    "pitch": _rx(
        r"we (?:provide|offer|deliver|will|design|build|migrate|upload|do|are (?:a|the|best))",
        r"our (?:team|agency|company|platform|plugin|service|services|experts)",
        r"hire (?:our|dedicated)",
        r"guaranteed",
        r"garantiert",
        r"garantizad[oa]s?",
        r"garanti(?:e|es)?",
        r"gegarandeerd",
        r"free (?:quote|audit|trial|sample|test|plan)",
        r"sign up",
        r"order now",
        r"apply (?:now|online)",
        r"join now",
        r"limited (?:spots|places|offer)",
        r"wir (?:bieten|liefern|bringen)",
        r"nous (?:proposons|réalisons)",
        r"somos expertos",
        r"wij (?:bieden|leveren)",
        r"offriamo",
        r"earn (?:up to )?\$?\d",
        r"guadagn\w+",
        r"gana (?:dinero|hasta)",
        r"passive income",
        r"sehr geehrte shopbetreiber",
        r"dear (?:shop|store) owners?",
        r"hello (?:sir|store owners)",
        r"unser(?:em|en|e)? (?:plugin|modul|tool|team|agentur|service|app)",
        r"(?:notre|nos) (?:module|plugin|agence|équipe|outil|application|service)s?",
        r"nuestr[oa]s? (?:plugin|módulo|equipo|servicio|agencia|app)s?",
        r"(?:il )?nostr[oa] (?:plugin|modulo|team|servizio|agenzia|app)",
        r"(?:onze|ons) (?:plugin|module|team|bureau|app|dienst)",
        r"van ons",
        r"(?:claim your|(?:are|have been|been) selected|congratulations!|giveaway|gewinnspiel|vous avez gagné|"
        r"has ganado|hai vinto)",
        r"dear sir",
        r"kindly",
    ),
    "spam_goods": _rx(
        r"casino",
        r"free spins",
        r"crypto\w*",
        r"cripto",
        r"bitcoin",
        r"forex",
        r"replica",
        r"1:1 (?:quality|copy|qualität|qualità)",
        r"qualità 1:1",
        r"followers",
        r"backlinks?",
        r"high da",
        r"guest posts?",
        r"email (?:list|database)",
        r"b2b email",
        r"(?:5|five)[- ]star "
        r"reviews?",
        r"5-sterne-bewertungen",
        r"bewertungen kaufen",
        r"nulled",
        r"business loans?",
        r"bad credit",
        r"weight loss",
        r"slimming",
        r"essays?",
        r"dissertation",
        r"viagra",
        r"work from home",
        r"seo (?:agency|services?|experts?)",
        r"posicionamiento",
        r"vpn",
        r"(?:recensioni|reseñas|avis|bewertungen|reviews|beoordelingen) (?:a|de|à|mit|met)? ?(?:5|cinque|cinco|cinq|"
        r"vijf) ?(?:stelle|estrellas|étoiles|sterne|sterren)",
        r"(?:5|five)[- ]star reviews",
        r"seguidores",
        r"follower",
        r"volgers",
        r"trading (?:bot|automatico|robot)",
        r"robot di trading",
        r"usdt",
    ),
}
# Links with a referral code, and text written to slip past filters ("c h e a p", "h0sting", "site [dot] xyz").
_AFFILIATE = re.compile(r"[?&](?:ref|aff|affiliate|partner|src|via|utm_source)=\w|/(?:go|ref|aff)/\w", re.IGNORECASE)
_OBFUSCATED = re.compile(
    r"(?<!\w)(?:[^\W\d_] ){4,}[^\W\d_](?!\w)|(?<!\w)(?:[a-z]\.){3,}[a-z](?!\w)|[\[(]dot[\])]|\w+ dot (?:com|net|biz|"
    r"xyz|info|shop)\b"
    r"|(?<!\w)[a-z]+0[a-z]+(?!\w)",
    re.IGNORECASE,
)
_LINK = re.compile(
    r"https?://|www\.|\b[a-z0-9-]+\.(?:com|net|io|shop|store|biz|info|top|vip|co|eu|nl|de|es|fr|it|site|online|xyz|"
    r"club|pro|app)\b", re.IGNORECASE
)
_OWN = re.compile(r"ixxo\.(?:com|example)", re.IGNORECASE)


# A merchant asking about spam they received quotes it; that is not advertising.
_ASKING_ABOUT_SPAM = _rx(
    r"(?:received|got|get|getting|gets|receive) (?:an? |these |this |such )?(?:e-?mails?|messages?"
    r"|calls?|mails)",
    r"is (?:this|it|that) (?:a )?(?:scam|legit|real)",
    r"scam\?",
    r"how (?:to|do i|can i|do you) (?:stop|block|filter)",
    r"(?:contact form|comment) spam",
    r"messages like this",
    r"ich bekomme",
    r"je reçois",
    r"recibo",
    r"ik krijg",
    r"ricevo",
)


def spam_cues(text: str) -> set[str]:
    if _ASKING_ABOUT_SPAM.search(text):
        return {"asking_about_spam"}
    cues = {name for name, pattern in SPAM_CUES.items() if pattern.search(text)}
    links = [m for m in _LINK.finditer(_OWN.sub(" ", text))]
    if links:
        cues.add("link")
    if len(links) >= 3:
        cues.add("many_links")
    if _AFFILIATE.search(text):
        cues.add("affiliate")
    if _OBFUSCATED.search(text):
        cues.add("obfuscated")
    return cues


def spam_signal(text: str, *, links: int = 0) -> float:
    """Several independent cues; links count once however many (an honest list of documentation
    links is not advertising)."""
    cues = spam_cues(text) - {"many_links"}
    if "spam_goods" in cues and len(cues) >= 2:
        return 0.9
    if len(cues) >= 3:
        return 0.9
    return 0.0


# --- Harassment and abuse: forum.moderation.abuse ----------------------------------------------


# --- Software issues -------------------------------------------------------------------------
_BUG = _rx(
    r"(?:error|fehler|erreur|errore|fout) 500",
    r"500 (?:internal )?(?:server )?error",
    r"http 500",
    r"returns? (?:a |an |http )?500",
    r"stack ?trace",
    r"uncaught \w+",
    r"fatal error",
    r"exception",
    r"php (?:notice|warning)",
    r"undefined (?:index|variable|offset)",
    r"white (?:page|screen)",
    r"seit (?:dem )?update",
    r"sinds (?:de )?(?:update|6\.\d)",
    r"depuis (?:la )?(?:mise à jour|6\.\d)",
    r"desde (?:la )?(?:actualización|6\.\d)",
    r"dopo l'aggiornamento",
    r"since (?:the )?(?:last )?"
    r"(?:update|upgrade|updating|6\.\d)",
    r"after (?:the )?(?:updat(?:e|ing)|upgrad(?:e|ing)) to \d",
    r"stopped working",
    r"no longer works",
    r"doesn'?t work any ?more",
    r"broke(?:n)? (?:since|after)",
)


# Weaker signs of a malfunction, in every language: each alone also appears in how-to posts, two together
# rarely do.
_BUG_SOFT = {
    "when": _rx(r"since (?:yesterday|this morning|today|last week|\w+day)",
    r"seit (?:gestern|heute|letzter woche|\w+tag)",
                r"depuis (?:hier|ce matin|aujourd'hui|la semaine dernière|\w+di)",
                r"desde (?:ayer|esta mañana|hoy|el \w+es)",
                r"da (?:ieri|stamattina|oggi|\w+dì)", r"sinds (?:gisteren|vanochtend|vandaag|\w+dag)",
                r"(?:worked|funktionierte|marchait|funcionaba|funzionava|werkte) (?:fine |bien |prima |gut )?"
                r"(?:before|last week|früher|avant|antes|prima|eerst|vorher)", r"war früher nicht so",
                r"prima funzionava",
                r"reproducible", r"every time", r"jedes mal", r"à chaque fois", r"cada vez", r"ogni volta",
                r"elke keer"),
    "fails": _rx(r"(?:doesn'?t|don'?t|won'?t|can'?t|cannot|isn'?t|aren'?t|not) (?:get |be )?(?:work\w*|load\w*|sav\w+|"
                 r"sent|send\w*|show\w*|arriv\w+|updat\w+|appl\w+|calculat\w+|sync\w*|confirm\w*|upload\w*)",
                 r"stuck", r"hangs?", r"blank", r"spinner", r"fails?", r"failed", r"wrong (?:vat|tax|price|total|rate|"
                 r"amount|date|number)", r"twice", r"duplicate[ds]?", r"disappeared", r"(?:funktioniert|geht|klappt) "
                 r"(?:\w+ )?nicht", r"kaputt", r"leer(?:e|en)?", r"falsch(?:e|en)?", r"doppelt", r"verschwunden",
                 r"ne (?:fonctionne|marche) (?:plus|pas)", r"impossible d[e']", r"en double", r"disparu", r"vide",
                 r"(?:ya )?no (?:funciona|carga|llega|se guarda|aparece)", r"vací[oa]", r"duplicad[oa]s?",
                 r"desaparecid[oa]s?", r"non (?:funziona|si (?:salva|carica|conferma)|arriva)", r"vuot[oa]",
                 r"duplicat[ei]", r"scompars[ei]", r"si blocca", r"(?:werkt|laadt) niet", r"blijf\w* hangen",
                 r"leeg", r"dubbel", r"verdwenen", r"klopt niet", r"error", r"fehler(?:meldung)?", r"erreur",
                 r"errore", r"foutmelding", r"\b[45]\d\d\b", r"typeerror", r"console"),
}
# Asking how to do something is not reporting a malfunction.
_HOWTO = _rx(r"how (?:do|can|to) (?:i|we|you)?", r"is there a way", r"wie (?:kann|stelle|richte|mache) ich",
             r"comment (?:faire|puis-je|je peux|on)", r"est-ce possible", r"(?:¿)?cómo (?:puedo|se|hago|pongo)",
             r"come (?:si|posso|faccio)", r"hoe (?:stel|kan|doe|zet) ik", r"where (?:do i|is the|can i)",
             r"wo (?:finde|stelle)")


def bug_signal(text: str) -> float:
    if _BUG.search(text):
        return 0.6
    soft = sum(1 for pattern in _BUG_SOFT.values() if pattern.search(text))
    if _HOWTO.search(text):
        return 0.0
    return {0: 0.0, 1: 0.3, 2: 0.5}[soft]


# The poster found the cause on their side, or says it is not ours: a ticket would not help.
_NOT_OURS = _rx(r"solved", r"\[solved\]", r"fixed it", r"found it", r"found the (?:cause|problem|culprit)",
                r"my own (?:\w+ )?(?:module|plugin|theme|template|code|mistake|fault)",
                r"not an ixxo (?:problem|issue|bug)",
                r"(?:my|our) (?:bad|mistake|fault)", r"gelöst", r"mein(?:e)? (?:eigene[sr]?|fehler)",
                r"eigene[sn]? (?:modul|"
                r"template|theme|plugin)", r"résolu", r"ma faute", r"resuelto", r"culpa mía", r"risolto", r"colpa mia",
                r"opgelost", r"mijn (?:eigen )?fout")


def bug_doubt(text: str) -> bool:
    return bool(_NOT_OURS.search(text))

"""Hand-written signals (pure), in the languages of the forum (en, de, fr, es, nl, it).

Each returns a score in [0, 1]. They only add evidence to the learned model, and only strong
evidence scores high: several independent cues of advertising, an insult aimed at a person, a
threat. Honest venting at the software ("I hate the CSV import", "Blöde Frage", "domanda stupida")
and quoting what someone else said ("a customer called me an idiot") do not count.
"""

import re


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
    ),
    "price_offer": _rx(
        r"(?:from|only|just|ab|à partir de|desde|vanaf|da|solo|seulement|nur)\s*(?:\$|€|£|us\$)?\s?\d"
        r"[\d.,]*\s?(?:\$|€|£|usd|eur|euro)?",
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
    ),
}
_LINK = re.compile(
    r"https?://|www\.|\b[a-z0-9-]+\.(?:com|net|io|shop|biz|info|top|vip|co|eu|nl|de|es|fr|it)\b", re.IGNORECASE
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
    return cues


def spam_signal(text: str, *, links: int = 0) -> float:
    cues = spam_cues(text)
    if "spam_goods" in cues and len(cues) >= 2:
        return 0.9
    if len(cues) >= 3:
        return 0.9
    return 0.0


# --- Harassment and abuse --------------------------------------------------------------------
# Words that insult a person in almost any context ("idiot-proof" aside).
_INSULTS = _rx(
    r"idiots?(?!-)", r"idiota?s?", r"idioten", r"idioot", r"morons?", r"imbeciles?", r"imbéciles?", r"imbecill[ei]",
    r"brain[- ]dead", r"brain-damaged", r"bootlicker", r"bastards?", r"dumbest", r"dumbass", r"retards?",
    r"scumbags?", r"vollpfosten", r"vollidiot(?:en)?", r"trottel", r"schwachk[oö]pfe?", r"arschl[oö]ch(?:er)?",
    r"wichser", r"abruti[es]?", r"connards?", r"crétins?", r"gilipollas", r"subnormal(?:es)?", r"sukkels?",
    r"prutsers?", r"klootzak(?:ken)?", r"debielen?", r"scem[oi]", r"cretin[oi]", r"coglion[ei]", r"stronz[oi]",
    r"incompetent clowns", r"bunch of (?:amateurs|clowns|idiots|losers|morons)", r"pathetic bunch",
    r"f(?:uck|\*{2,}k?)(?:ing)? (?:you|off|u)", r"payasos", r"pagliacci", r"clowns (?:at|from|in) ",
    r"versager", r"volltrottel", r"hirni", r"deppen", r"bouffons?", r"guignols?", r"buffon[ei]", r"eikels?",
)
# Words that are also products or harmless ("clown costumes", "pest control", "lollipop suckers"): they
# insult only when aimed, "you clown", ", loser.", "such a sucker".
_AIMED_SOFT = re.compile(
    r"(?<!\w)(?:you|you're|ur|u|are|is an?|such|what an?|these|those|stupid|useless|incompetent|little|a bunch of)\s+"
    r"(?:\w+\s+){0,2}?(?:clowns?|losers?|suckers?|pests?|jokers?|amateurs)(?!\w)"
    r"|,\s*(?:clown|loser|sucker|genius|mate|grandpa|sweetie)s?\s*[.!?]", re.IGNORECASE)
# Threats and wishing harm.
_THREATS = _rx(
    r"jump off a bridge",
    r"kill yourself",
    r"kys",
    r"rot in hell",
    r"i know where (?:your|you|he|she)",
    r"(?:his|her|their) (?:street|address|kids'? school)", r"find out where you", r"we'?ll see how brave",
    r"you'?ll regret (?:it|this)", r"du wirst es bereuen", r"tu vas le regretter", r"te vas a arrepentir",
    r"je gaat (?:hier )?spijt (?:van )?krijgen", r"te ne pentirai", r"i will find you", r"(?:home|private) address",
    r"need a dentist",
    r"taught a lesson",
    r"come by and we can have a talk",
    r"private (?:mobile )?number",
    r"full name",
    r"watch your back",
    r"ich weiß wo",
    r"je sais où tu",
    r"sé dónde vives",
    r"ik weet waar",
    r"so dove abiti",
)
# Contempt aimed at a person. Strong: telling someone to shut up or go away, in any language.
_CONTEMPT_STRONG = _rx(
    r"shut up", r"get lost", r"get a life", r"go away", r"nobody asked (?:you|for your)", r"people like you",
    r"so are you", r"where you live", r"clueless fool", r"halt die klappe", r"halt'?s maul", r"hau ab",
    r"verpiss dich", r"niemand hat dich gefragt", r"ta gueule", r"ferme[- ]la", r"dégage", r"casse-toi",
    r"personne ne t'a demandé", r"cállate", r"lárgate", r"nadie te (?:ha )?preguntado", r"houd je (?:mond|kop)",
    r"hou je (?:mond|kop)", r"kop dicht", r"rot op", r"niemand vroeg", r"stai zitto", r"vattene", r"sparisci",
    r"nessuno ti ha chiesto", r"rot in hell", r"learn to read", r"power-tripping",
    r"your (?:shop|store|site|post|posts|english|answer|products?) (?:looks like|is|are) (?:garbage|trash|a joke|"
    r"a scam|rubbish)", r"your garbage", r"(?:you|he|she|they) (?:shouldn'?t|should not) be (?:running|allowed)",
)
# Weaker: condescension that also needs the model or another cue.
_CONTEMPT = _rx(
    r"nobody cares", r"go back to flipping burgers", r"did your mom", r"grandpa", r"sweetie", r"housewife",
    r"people with a brain", r"too dumb", r"sad lives", r"sei un incompetente", r"sois unos inútiles",
    r"stelletje", r"you people are", r"close it and save yourself", r"mother's basement", r"kindergarten",
    r"niemand interessiert sich", r"tout le monde s'en fiche", r"a nadie le importa", r"niemand zit te wachten",
    r"non interessa a nessuno",
    r"(?:typical|bloody|of course the|all you) (?:germans?|french|italians?|spaniards?|dutch|indians?|americans?|"
    r"brits?|women|boomers)",
)
_ADJECTIVES = (r"(?:useless|stupid|dumb|incompetent|pathetic|garbage|a joke|lazy|worthless|clueless|unfähig|"
               r"nutzlos|dumm|inutiles?|incompétents?|nuls|inútiles|estúpidos?|incompetent[ei]|inutil[ei]|"
               r"waardeloos|dom)")
_NOT = r"(?!not\b|n't\b|nicht\b|pas\b|no\b|niet\b|non\b)"
_YOU_ARE = re.compile(
    r"(?<!\w)(?:you(?:'re| are)|ur|u r|you guys are|ihr seid|du bist|vous êtes|t'es|tu es|sois|eres|sei|"
    r"jullie zijn|je bent)\s+(?:" + _NOT + r"\w+\s+){0,3}?" + _ADJECTIVES + r"(?!\w)",
    re.IGNORECASE,
)
_YOUR_THING = re.compile(r"(?<!\w)your \w+ (?:is|are)\s+(?:\w+\s+){0,2}?" + _ADJECTIVES + r"(?!\w)",
                         re.IGNORECASE)
# Reported speech: what someone else called the poster is not the poster's insult.
_REPORTED = re.compile(r"(?:called|calls|call) (?:me|us|him|her|them)(?: an?)?(?: \w+){0,2}", re.IGNORECASE)
# Self-deprecation ("I'm an idiot", "the support guy is an idiot (it's me)") is not abuse.
_SELF = re.compile(
    r"(?<!\w)(?:i['’]?m|i am|i was|i felt like|me|myself|ich bin|ich war|je suis|j'étais|soy|sono|ik ben|"
    r"is an? \w+ \(it['’]?s me\))(?:,)?(?: (?:such|a|an|so|really|total|complete|ein|eine|un|une|"
    r"una|uno|een|huge|big|the)(?!\w))*(?: \w+)?",
    re.IGNORECASE,
)


# An insult counts when its sentence aims at someone: the reader, staff, other members, a name.
_TARGET = _rx(
    r"you\w*",
    r"ur",
    r"u",
    r"ya",
    r"ixxo",
    r"support",
    r"staff",
    r"devs?",
    r"developers?",
    r"mods?",
    r"moderators?",
    r"admins?",
    r"people",
    r"anyone",
    r"everyone",
    r"guys?",
    r"these",
    r"those",
    r"they",
    r"them",
    r"he",
    r"she",
    r"his",
    r"her",
    r"ihr",
    r"euch",
    r"du",
    r"dich",
    r"dir",
    r"sie",
    r"vous",
    r"tu",
    r"t'es",
    r"toi",
    r"ils",
    r"sois",
    r"eres",
    r"os",
    r"vosotros",
    r"ustedes",
    r"jij",
    r"je",
    r"jullie",
    r"ze",
    r"sei",
    r"siete",
    r"voi",
    r"loro",
    r"@\w+",
    r"[A-Z][a-z]+,",
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def _aimed_insult(text: str) -> bool:
    if _AIMED_SOFT.search(text):
        return True
    for sentence in _SENTENCE.findall(text):
        if _INSULTS.search(sentence) and _TARGET.search(_INSULTS.sub(" ", sentence)):
            return True
    return False


# Quoted words (an e-mail received, another post) are someone else's.
_QUOTED = re.compile(r'"[^"\n]{12,600}"|“[^”]{12,600}”|«[^»]{12,600}»|„[^“”]{12,600}[“”]|^>.*$', re.MULTILINE)


def abuse_cues(text: str) -> set[str]:
    text = _SELF.sub(" ", _REPORTED.sub(" ", _QUOTED.sub(" ", text)))
    cues = set()
    if _aimed_insult(text):
        cues.add("insult")
    if _THREATS.search(text):
        cues.add("threat")
    if _CONTEMPT_STRONG.search(text):
        cues.add("contempt_strong")
    if _CONTEMPT.search(text) or "contempt_strong" in cues:
        cues.add("contempt")
    if _YOU_ARE.search(text):
        cues.add("you_are")
    if _YOUR_THING.search(text):
        cues.add("your_thing")
    return cues


def abuse_signal(text: str) -> float:
    cues = abuse_cues(text)
    strong = {"threat", "insult", "contempt_strong", "you_are"}
    if cues & strong or len(cues - {"contempt_strong"}) >= 2:
        return 0.9
    return 0.0


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


def bug_signal(text: str) -> float:
    return 0.6 if _BUG.search(text) else 0.0

"""Cues of harassment and abuse (pure), in the forum's languages (en, de, fr, es, it, nl).

Abuse is aimed at people: an insult at the reader, another member or staff, a threat, wishing harm,
telling someone to shut up or go away. Anger at the software is not ("this update is garbage,
checkout is broken" is an angry bug report), and neither are self-deprecation ("I'm an idiot",
"Ich Trottel", "sono un idiota"), an idiom ("idiot-proof") or quoting what someone else wrote in
order to report it.
"""

import re


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


# Words that insult a person in almost any context. "idiot" is not followed by "-proof".
_INSULT_WORDS = (
    # en
    r"idiots?(?![-‑]proof)", r"morons?", r"imbeciles?", r"cretins?", r"brain[- ]?dead", r"brain-damaged", r"brainless",
    r"dimwits?", r"halfwits?", r"nitwits?", r"dumbass(?:es)?", r"dumbest", r"jackass(?:es)?", r"dipshits?",
    r"assholes?", r"arseholes?", r"dickheads?", r"pricks?", r"twats?", r"wankers?", r"tossers?", r"bastards?",
    r"scumbags?", r"lowlifes?", r"retards?", r"bootlick(?:ers?|ing)", r"suck-?ups?",
    r"waste of (?:space|oxygen|air|skin)",
    r"incompetent clowns", r"pathetic bunch", r"f(?:uck|\*{2,}k?)(?:ing)? (?:you|off|u)", r"stfu",
    # de
    r"idioten", r"vollidiot(?:en)?", r"depp(?:en)?", r"trottel", r"vollpfosten", r"versager",
    r"jammerlappen", r"waschlappen", r"stümper", r"schwachk[oö]pfe?", r"dummk[oö]pfe?", r"hohlk[oö]pfe?",
    r"spast(?:en|i)?", r"penner", r"arschl[oö]ch(?:er)?", r"wichser", r"hurensohn", r"pisser", r"witzfigur(?:en)?",
    r"nichtskönner", r"hirni", r"knallk[oö]pfe?", r"volltrottel", r"saftladen",
    # fr
    r"imbéciles?", r"crétin(?:e|s|es)?", r"abruti(?:e|s|es)?", r"débiles?", r"connards?", r"connasses?",
    r"bras cassés", r"minables?", r"bouffons?", r"guignols?", r"tocards?", r"enfoiré(?:e|s)?", r"salauds?",
    r"pauvre (?:type|con|idiot)", r"espèce d'(?:idiot|imbécile|abruti|incapable)",
    r"espèce de (?:boulet|con|crétin|nul|idiot|abruti|bouffon|tocard|minable|naze)",
    # es
    r"idiotas?", r"imbéciles", r"imbécil", r"gilipollas", r"payasos?", r"ineptos?", r"subnormal(?:es)?", r"tontos?",
    r"estúpid[oa]s?", r"cretin[oa]s?", r"capull[oa]s?", r"cabr[oó]n(?:es)?", r"pendej[oa]s?", r"hijos? de puta",
    r"panda de (?:vagos|inútiles|idiotas|incompetentes|ineptos|payasos|ladrones|mentirosos|imbéciles)",
    # it
    r"imbecill[ei]", r"cretin[oi]", r"coglion[ei]", r"stronz[oi]", r"buffon[ei]", r"pagliacc[io]", r"deficienti?",
    r"vermi?", r"verme", r"leccapiedi", r"somar[oi]", r"scem[oi]", r"vaffanculo", r"testa di cazzo",
    r"branco di (?:incompetenti|idioti|incapaci|dilettanti|buffoni|ladri|pagliacci|cretini)",
    # nl
    r"sukkels?", r"idioot", r"debiel(?:en)?", r"randdebiel(?:en)?", r"mongool", r"mongolen", r"eikels?",
    r"klootzak(?:ken)?", r"lul(?:len)?", r"prutsers?", r"kneuzen", r"kneus", r"hufters?", r"klojo'?s?",
    r"malloten", r"stelletje \w+", r"kankerlijers?",
)
_INSULTS = _rx(*_INSULT_WORDS)

# Words that are also everyday words or products ("clown costumes", "pest control", "a useless setting"):
# they insult only when aimed: "you clown", "such a loser", ", genius.", "sei un incapace", "du Niete".
_SOFT = (
    r"clowns?", r"losers?", r"suckers?", r"pests?", r"jokers?", r"amateurs", r"monkeys?",
    r"liars?", r"incompetents?", r"useless lot", r"affen?", r"clowns?", r"pfeifen?", r"lappen",
    r"dilettanten", r"nuls?", r"nulles?", r"incapables?", r"escrocs?", r"arnaqueurs?", r"menteurs?", r"inútil(?:es)?",
    r"vagos?", r"mentiros[oa]s?", r"incapac[ei]", r"incompetent[ei]", r"dilettanti", r"ignorant[ei]", r"ladri",
    r"oen", r"zeikerd", r"zak", r"loser", r"nieten?", r"boulets?", r"ordures?",
)
# Between "you" and the word only determiners and intensifiers ("you absolute clown", "du kleine Niete"),
# never a verb: "how do you spot fraud orders", "do you sell clown costumes" aim at nobody.
_FILLER = (r"(?:(?:a|an|the|such|total|complete|absolute|utter|little|stupid|useless|incompetent|pathetic|lying|dirty|"
           r"bloody|fucking|f\*+ing|all|lot|are|just|nothing|but|guys|people|ein|eine|einer|kleine?r?|so|un|une|des|"
           r"de|vrai|sale|pauvre|bande|una|unos|unas|panda|uno|dei|degli|delle|branco|een|stel|echte?|stelletje|"
           r"vieze)\s+){0,3}")
_AIMED_SOFT = re.compile(
    r"(?<!\w)(?:you|you're|ur|u|are|is an?|such|what an?|these|those|stupid|useless|incompetent|little|a bunch of|"
    r"bunch of|du|ihr|sie|so ein|so eine|tu|t'es|toi|vous êtes|"
    r"espèce d[e']|bande d[e']|eres|sois|sei|siete|jullie zijn|je bent|jij|stelletje|een stel|un branco di|branco di|"
    r"panda de|una panda de|ein haufen|haufen)\s+" + _FILLER + r"(?:" + "|".join(_SOFT) + r")(?!\w)"
    r"|,\s*(?:clown|loser|sucker|genius|mate|grandpa|sweetie|du niete|tocard|boulet|vago|somaro|sukkel)s?\s*[.!?]"
    # Accusations only when said to someone's face: "are these scammers?" is a question about spam.
    r"|(?<!\w)(?:you|you're|you are|you lot are|ihr seid|du bist|vous êtes|t'es|sois|eres|siete|sei|jullie zijn|"
    r"je bent)\s+" + _FILLER + r"(?:scammers?|crooks?|frauds?|thieves|betrüger|escrocs?|estafadores|truffatori|"
    r"oplichters?)(?!\w)",
    re.IGNORECASE,
)
# Threats, intimidation, exposing someone's private life.
_THREATS = _rx(
    r"jump off a bridge", r"kill yourself", r"kys", r"rot in hell", r"i know where (?:your|you|he|she)",
    r"(?:his|her|their) (?:street|address|kids'? school)", r"find out where you", r"we'?ll see how brave",
    r"you'?ll regret (?:it|this)", r"du wirst es bereuen", r"tu vas le regretter", r"te vas a arrepentir",
    r"je gaat (?:hier )?spijt (?:van )?krijgen", r"te ne pentirai", r"i will find you", r"(?:home|private) address",
    r"need a dentist", r"taught a lesson", r"come by and we can have a talk", r"private (?:mobile )?number",
    r"watch your back", r"ich weiß,? wo (?:du|ihr|sie) (?:wohn|arbeit)\w*", r"ich weiß,? wo dein\w*",
    r"je sais où tu (?:habites|travailles)", r"sé dónde vives", r"sé dónde está tu (?:tienda|casa|oficina)",
    r"ik weet waar (?:je|jij) (?:woont|werkt|winkel|zaak|kantoor)\w*", r"ik weet waar jouw \w+", r"so dove abiti",
    r"so dove lavori", r"i found your (?:facebook|instagram|wife|husband|kids|"
    r"family|address|house|home)", r"your (?:wife|husband)'s \w+", r"make sure everyone knows",
)
# Wishing harm on people: "I hope you all get fired", "ojalá os despidan".
_WISH_HARM = _rx(
    r"(?:i )?hope (?:you|they|he|she|your \w+)(?: \w+){0,2} (?:get fired|go bankrupt|go broke|die|rot|lose everything|"
    r"burn)", r"ich hoffe,? (?:ihr|du|die|sie) (?:\w+ ){0,3}(?:gefeuert|pleite|entlassen|verreckt?)",
    r"gehört gefeuert", r"gehören gefeuert",
    r"j'espère que (?:vous|tu|ils) (?:\w+ ){0,3}(?:viré|licencié|faillite|crever)",
    r"ojalá (?:os|te|les|lo|la) (?:despidan|echen|arruin)\w*",
    r"spero che (?:vi|ti|li) (?:licenzino|falliate|fallisca)",
    r"ik hoop dat (?:jullie|je|jij|ze|hij|zij) (?:\w+ ){0,3}(?:failliet|ontslagen|doodgaan)",
    r"should be fired", r"deserve to be fired",
)
# Contempt aimed at a person. Strong: telling someone to shut up, go away or give up, in any language.
_CONTEMPT_STRONG = _rx(
    r"shut up", r"get lost", r"get a life", r"get a real job", r"go away", r"nobody asked (?:you|for your)",
    r"people like you", r"ppl like you", r"so are you", r"where you live", r"clueless fool", r"halt die klappe",
    r"halt'?s maul", r"hau ab", r"verpiss dich", r"niemand hat dich gefragt", r"ta gueule", r"ferme[- ]la", r"dégage",
    r"casse-toi", r"personne ne t'a demandé", r"cállate", r"lárgate", r"nadie te (?:ha )?preguntado",
    r"houd je (?:mond|kop)", r"hou je (?:mond|kop)", r"kop dicht", r"rot op", r"niemand vroeg", r"stai zitto",
    r"vattene", r"sparisci", r"nessuno ti ha chiesto", r"learn to read", r"power-tripping", r"learn to use google",
    r"natural selection", r"do everyone a favou?r and quit", r"just quit already",
    r"stop whining", r"hör auf zu (?:heulen|jammern)", r"arrête de (?:pleurnicher|chialer)",
    r"deja de (?:llorar|quejarte)", r"smettila di (?:lamentarti|piangere)", r"ga (?:lekker )?(?:ergens anders )?janken",
    r"(?:close|shut down) your (?:shop|store)", r"mach (?:deinen|euren) (?:laden|shop) (?:halt |doch )?zu",
    r"ferme ta boutique", r"cierra tu tienda", r"chiudi (?:il tuo )?negozio", r"sluit je (?:winkel|webshop|shop)",
    r"change de métier", r"vai a zappare", r"go back to (?:your day job|the kitchen|flipping)", r"schämen sie sich",
    r"schäm dich", r"vergognati", r"vergognatevi", r"vous me dégoûtez", r"you disgust me", r"me dais asco",
    r"your (?:shop|store|site|post|posts|english|answer|products?) (?:looks like|is|are) (?:garbage|trash|a joke|"
    r"a scam|rubbish)", r"your garbage", r"(?:you|he|she|they) (?:shouldn'?t|should not) be (?:running|allowed)",
    r"no deberías tener", r"you shouldn'?t have a (?:shop|store)",
)
# Weaker: condescension that also needs the model or another cue.
_CONTEMPT = _rx(
    r"nobody cares", r"did your mom", r"grandpa", r"sweetie", r"housewife", r"ladies,",
    r"people with a brain", r"too dumb", r"too stupid", r"sad lives", r"sad little", r"sei un incompetente",
    r"sois unos inútiles", r"you people are", r"close it and save yourself", r"mother's basement", r"kindergarten",
    r"niemand interessiert sich", r"tout le monde s'en fiche", r"a nadie le importa", r"niemand zit (?:te wachten|op)",
    r"non interessa a nessuno", r"gezeur", r"lol imagine", r"imagine running", r"worst people",
    r"(?:typical|bloody|of course the|all you) (?:germans?|french|italians?|spaniards?|dutch|indians?|americans?|"
    r"brits?|women|boomers)", r"women shouldn'?t", r"ein affe könnte", r"a monkey could", r"un singe pourrait",
    r"un niño de (?:cinco|5) años", r"een kind van (?:vijf|5)",
)
_ADJECTIVES = (r"(?:useless|stupid|dumb|incompetent|pathetic|garbage|a joke|lazy|worthless|clueless|unfähig|"
               r"inkompetent|nutzlos|dumm|blöd|inutiles?|incompétents?|nuls|incapables?|inútiles|estúpidos?|ineptos?|"
               r"incompetent[ei]|incapac[ei]|inutil[ei]|waardeloos|dom|slechtste|the worst|die schlechtesten|"
               r"les pires|los peores|i peggiori|mentirosos|liars)")
_NOT = r"(?!not\b|n't\b|nicht\b|pas\b|no\b|niet\b|non\b)"
_YOU_ARE = re.compile(
    r"(?<!\w)(?:you(?:'re| are)|ur|u r|you guys are|ihr seid|du bist|sie sind|vous êtes|t'es|tu es|sois|eres|sei|"
    r"siete|jullie zijn|je bent|jij bent)\s+(?:" + _NOT + r"\w+\s+){0,3}?" + _ADJECTIVES + r"(?!\w)",
    re.IGNORECASE,
)
_YOUR_THING = re.compile(r"(?<!\w)your \w+ (?:is|are)\s+(?:\w+\s+){0,2}?" + _ADJECTIVES + r"(?!\w)",
                         re.IGNORECASE)
# Reported speech: what someone else called the poster is not the poster's insult.
_REPORTED = re.compile(
    r"(?:called|calls|call) (?:me|us|him|her|them)(?: an?)?(?: [\"“„«']?\w+[\"”“»']?){0,2}|"
    r"told (?:me|us|him|her|them) to [\"“„«']?(?:\w+ ?){1,3}[\"”“»']?|m'a traité d['e]\s?\w+|"
    r"mi ha dato dell['a]\s?\w+|me llamó \w+|hat mich (?:als )?\w+ (?:beschimpft|bezeichnet)|noemde (?:me|mij) \w+",
    re.IGNORECASE,
)
# Self-deprecation ("I'm an idiot", "Ich Trottel", "ik ben echt een sukkel") is not abuse.
_SELF = re.compile(
    r"(?<!\w)(?:i['’]?m|i am|i was|i feel like|i felt like|me|myself|ich bin|ich war|ich|je suis|j'étais|"
    r"je me sens|soy|me siento|sono|mi sento|ik ben|ik voel me|is an? \w+ \(it['’]?s me\))(?:,)?"
    r"(?: (?:such|a|an|so|really|total|complete|ein|eine|einen|so|wirklich|echt|totaler?|un|une|vraiment|tellement|"
    r"una|uno|un|proprio|davvero|een|echt|zo|huge|big|the|such an?|muy|un po')(?!\w))*(?: \w+)?",
    re.IGNORECASE,
)

# An insult counts when its sentence aims at someone: the reader, staff, other members, a name.
_TARGET = _rx(
    r"you\w*", r"ur", r"u", r"ya", r"ixxo", r"support\w*", r"staff", r"devs?", r"developers?", r"mods?", r"moderat\w+",
    r"admins?", r"people", r"ppl", r"anyone", r"everyone", r"guys?", r"these", r"those", r"they", r"them", r"he",
    r"she", r"his", r"her", r"ihr", r"euch", r"eure[rnms]?", r"du", r"dich", r"dir", r"dein\w*", r"sie", r"ihnen",
    r"vous", r"votre", r"vos", r"tu", r"ton", r"ta", r"tes", r"t'es", r"toi", r"ils", r"sois", r"eres", r"os",
    r"vosotros",
    r"ustedes", r"tus?", r"sus?", r"sei", r"siete", r"voi", r"vi", r"ti", r"tuoi", r"tua", r"tuo", r"loro", r"jij",
    r"jullie", r"je", r"jouw", r"ze", r"@\w+", r"[A-Z][a-z]+,", r"bei \w+", r"chez \w+", r"de soporte", r"al supporto",
    r"bij de \w+",
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
# Quoted words (an e-mail received, another post) are someone else's.
_QUOTED = re.compile(r'"[^"\n]{12,600}"|“[^”]{12,600}”|«[^»]{12,600}»|„[^“”]{12,600}[“”]|^>.*$', re.MULTILINE)


def _aimed_insult(text: str) -> bool:
    if _AIMED_SOFT.search(text):
        return True
    for sentence in _SENTENCE.findall(text):
        if _INSULTS.search(sentence) and _TARGET.search(_INSULTS.sub(" ", sentence)):
            return True
    return False


def own_words(text: str) -> str:
    """The poster's own words: without quotes, reported speech and self-deprecation."""
    return _SELF.sub(" ", _REPORTED.sub(" ", _QUOTED.sub(" ", text)))


def abuse_cues(text: str) -> set[str]:
    text = own_words(text)
    cues = set()
    if _aimed_insult(text):
        cues.add("insult")
    if _THREATS.search(text):
        cues.add("threat")
    if _WISH_HARM.search(text):
        cues.add("wish_harm")
    if _CONTEMPT_STRONG.search(text):
        cues.add("contempt_strong")
    if _CONTEMPT.search(text) or "contempt_strong" in cues:
        cues.add("contempt")
    if _YOU_ARE.search(text):
        cues.add("you_are")
    if _YOUR_THING.search(text):
        cues.add("your_thing")
    return cues


STRONG = frozenset({"threat", "insult", "contempt_strong", "you_are", "wish_harm"})


def abuse_signal(text: str) -> float:
    cues = abuse_cues(text)
    if cues & STRONG or len(cues - {"contempt_strong"}) >= 2:
        return 0.9
    return 0.0

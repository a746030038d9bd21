"""Rules of thumb as real merchants say them: without the keywords, in other languages, as public
questions about other shop software, several requests in one message, and very long messages."""


from policy.classify import Verdict, classify
from policy.rules import MAX_LOG_UNITS, MAX_PROSE_HEAD, MAX_PROSE_TAIL, analyse, read_ticket
from tests.policy.shipped import seed, shipped


def run(body: str, subject: str = "") -> Verdict:
    return classify(subject, body, ruleset=seed(), model=shipped())


def rule_topics(sentence: str, language: str = "en") -> set[str]:
    return {t for t, w in analyse(seed(), sentence, language).scores.items() if w > 0}


# --- the keywords missing: the paraphrase rules ------------------------------------------

def test_the_lock_in_the_address_bar_is_the_certificate():
    assert "domains_ssl" in rule_topics("Since Monday the little lock next to our address is gone.")


def test_someone_who_changed_the_look_for_us_is_a_customization():
    assert "custom_html_css" in rule_topics(
        "Our web designer changed the look of the product pages for us a few years ago.")


def test_a_piece_of_code_our_developer_added_is_custom_javascript():
    assert "custom_javascript" in rule_topics("Our developer added a little piece of code that counts down the hours.")


def test_setting_the_shop_up_on_our_server_is_hosting():
    assert "hosting" in rule_topics("Could you please set up the shop on our new server for us?")


def test_looking_over_our_shop_for_advice_is_consulting():
    assert "consulting" in rule_topics("Would someone look over our shop and tell us why people leave?")


def test_paraphrase_rules_exist_in_the_other_languages():
    assert "custom_html_css" in rule_topics(
        "Unser Grafiker hat vor einem Jahr die Farben im Template angepasst.", "de")
    assert "consulting" in rule_topics("Que nous conseillez-vous pour vendre plus ?", "fr")
    assert "hosting" in rule_topics("Come possiamo configurare il server per il negozio?", "it")


def test_a_keyword_free_certificate_complaint_is_restricted():
    v = run("Hello,\n\nsince last week the little lock in the address bar is gone and customers ask us whether "
            "paying is safe. The company where we bought our web address says all is fine on their side.\n\n"
            "Kind regards\nMaria", "lock gone")
    assert v.verdict == "restricted" and "domains_ssl" in v.topics


# --- public questions about other shop software -------------------------------------------

def test_a_settings_question_about_another_shop_system_is_in_scope():
    v = run("Is there a way to export all orders of last month to Excel for my accountant? Running WooCommerce.",
            "Export orders to Excel")
    assert v.verdict == "in_scope"


def test_which_hosting_do_you_recommend_is_restricted():
    v = run("Which hosting do you recommend for a store with 3,000 products? Shared or VPS?", "Hosting advice")
    assert v.verdict == "restricted"


def test_install_this_plugin_for_me_is_restricted():
    v = run("I bought a wishlist plugin from a third party developer but have no idea how to install it. "
            "Can someone install this plugin for me?", "Install plugin for me")
    assert v.verdict == "restricted" and "third_party_software" in v.topics


# --- several requests: a plain question beside a restricted one is mixed ------------------

def test_a_how_to_question_beside_a_sales_advice_question_is_mixed():
    v = run("How do I create a discount code that only works on the first order? And honestly, which discount "
            "would you give to get more people to order a second time?", "first order code")
    assert v.verdict == "mixed"
    assert "functionality" in v.topics and "consulting" in v.topics


def test_a_sentence_level_kind_score_comes_with_every_sentence():
    document = read_ticket(seed(), "two things", "How do I add a size chart? Also, what CSS makes the grid wider?")
    scores = shipped().proba(document)
    assert scores.kinds is not None and len(scores.kinds) == len(document.units)
    # The CSS question leans restricted, the size chart question in scope.
    assert scores.kinds[-1] > scores.kinds[-2]


# --- the work per ticket is capped, keeping the head and the tail --------------------------

def test_a_very_long_message_keeps_its_beginning_and_its_final_question():
    filler = " ".join(f"Sentence number {i} tells the story of our shop." for i in range(120))
    body = "Our shop opened in 2019.\n\n" + filler + "\n\nHow do I renew the certificate we bought at GoDaddy?"
    document = read_ticket(seed(), "", body)
    body_units = [u for u in document.units if u.source == "body"]
    assert len(body_units) == MAX_PROSE_HEAD + MAX_PROSE_TAIL
    assert body_units[0].text.startswith("Our shop opened")
    assert "certificate" in body_units[-1].text


def test_pasted_logs_count_only_their_first_blocks():
    logs = "\n\n".join(f"[2025-03-04 09:14:0{i}] production.ERROR: SQLSTATE[HY000]: error {i}" for i in range(9))
    document = read_ticket(seed(), "", "The shop shows error 500.\n\n" + logs)
    assert sum(u.is_log for u in document.units) == MAX_LOG_UNITS

"""The taxonomy's rules of thumb, one test each, against the shipped model and seed rules."""

from dataclasses import replace

import pytest

from policy.classify import Evidence, Verdict, _apply_partner_list, classify
from policy.rules import Partner, RuleSet, read_ticket
from tests.policy.shipped import seed, shipped


def run(body: str, subject: str = "", ruleset: RuleSet | None = None) -> Verdict:
    return classify(subject, body, ruleset=ruleset or seed(), model=shipped())


def topics(body: str, subject: str = "", ruleset: RuleSet | None = None) -> set[str]:
    return set(run(body, subject, ruleset).topics)


# --- default template versus customization -------------------------------------------

def test_using_a_default_themes_own_setting_is_functionality():
    v = run("In the Harbor theme settings, how do I set the header layout to centered?", "Harbor header layout")
    assert v.verdict == "in_scope" and "functionality" in v.topics


def test_a_default_theme_broken_without_edits_is_a_software_issue():
    v = run("Fresh install, Lumen theme, we have not changed a single file. On iPhones the mobile menu opens "
            "behind the product images, so nobody can tap the links.", "Lumen mobile menu broken")
    assert v.verdict == "in_scope" and "software_issue" in v.topics


def test_html_or_css_the_merchant_changed_is_custom_html_css():
    v = run("I edited header.tpl to add a promo banner and added some CSS to style.css. Now the logo overlaps "
            "the search box. Can you fix my code?", "Logo overlaps after my header edit")
    assert v.verdict == "restricted" and "custom_html_css" in v.topics


def test_javascript_the_merchant_added_is_custom_javascript():
    v = run("Our freelancer added a jQuery script for a countdown timer on the product page. Since yesterday the "
            "console says 'Uncaught TypeError'. Can you repair the script?", "Countdown script broken")
    assert v.verdict == "restricted" and "custom_javascript" in v.topics


# --- connectivity versus usage, partnered or not ----------------------------------------

def test_cannot_connect_to_a_partnered_service_is_connectivity():
    v = run("Since this morning the DHL test connection fails with 'Authentication refused'. Our credentials "
            "did not change.", "DHL connection fails")
    assert v.verdict == "in_scope" and v.topics == ("connectivity",)


def test_ftp_and_smtp_login_failures_are_connectivity():
    assert "connectivity" in topics("FileZilla says '530 Login incorrect' when I connect to our FTP.")
    assert "connectivity" in topics("No emails go out since Monday, the log says: SMTP Error: Could not "
                                    "authenticate.")


def test_how_to_configure_a_partnered_service_is_integration_usage():
    v = run("The Mailchimp connection works and customers sync fine. How do I build an abandoned cart "
            "automation in Mailchimp that shows the product pictures?", "Mailchimp automation")
    assert v.verdict == "restricted" and "integration_usage" in v.topics


def test_software_we_do_not_integrate_with_is_third_party_software():
    v = run("The QuickBooks Desktop sync app we bought creates every customer twice. How do we configure the "
            "app so that does not happen?", "QuickBooks app duplicates")
    assert v.verdict == "restricted" and "third_party_software" in v.topics


def test_partner_list_edits_move_a_service_between_connectivity_and_third_party():
    text = "The Klaviyo test connection fails with 'API key invalid' although the key is active."
    assert "third_party_software" in topics(text, "Klaviyo connection")
    with_klaviyo = replace(seed(), partners=(*seed().partners, Partner("Klaviyo")))
    assert topics(text, "Klaviyo connection", with_klaviyo) == {"connectivity"}

    klarna = "Klarna test connection fails with 401 since we changed the credentials."
    assert topics(klarna, "Klarna 401") == {"connectivity"}
    without_klarna = replace(seed(), partners=tuple(p for p in seed().partners if p.name != "Klarna"))
    assert "third_party_software" in topics(klarna, "Klarna 401", without_klarna)


def test_a_partners_own_plugin_is_the_partnered_integration_but_another_named_product_is_not():
    probs = {"connectivity": 0.6, "integration_usage": 0.2}
    partner_plugin = read_ticket(seed(), "Payments", "The official plugin for Klarna fails its test with 401.")
    assert partner_plugin.units[1].signals.scores.get("third_party_software", 0) > 0  # the word "plugin"
    assert _apply_partner_list(partner_plugin, {"third_party_software"}, probs) == {"connectivity"}
    beside_another = read_ticket(seed(), "Checkbox", "Klarna is connected, but the Sendcloud plugin shows "
                                 "the Klarna terms twice.")
    assert _apply_partner_list(beside_another, {"third_party_software"}, probs) == {"third_party_software"}


# --- certificates and hosting ----------------------------------------------------------

def test_a_certificate_from_a_third_party_is_domains_ssl():
    v = run("Chrome says 'Your connection is not private'. The SSL certificate we bought from our hosting "
            "company expired last week. How do we renew it?", "Certificate expired")
    assert v.verdict == "restricted" and "domains_ssl" in v.topics


def test_a_bug_in_an_ixxo_https_setting_is_a_software_issue():
    v = run("When I tick 'Redirect all pages to HTTPS' in Settings > Security the checkout page loops with "
            "ERR_TOO_MANY_REDIRECTS. The certificate itself is valid and the padlock shows everywhere else.",
            "HTTPS setting loops")
    assert v.verdict == "in_scope" and "software_issue" in v.topics


def test_what_the_software_requires_is_functionality():
    v = run("Before we order the server: which PHP version and which PHP extensions does IXXO 6.1 require? "
            "Our provider will do the setup.", "Requirements for 6.1")
    assert v.verdict == "in_scope" and "functionality" in v.topics


def test_installing_or_configuring_it_on_the_merchants_server_is_hosting():
    v = run("How do I raise memory_limit in php.ini on our VPS and set up the cron job for the task runner "
            "in cPanel?", "php.ini and cron")
    assert v.verdict == "restricted" and "hosting" in v.topics


# --- consulting ------------------------------------------------------------------------

def test_marketing_and_seo_advice_is_consulting_even_as_a_quick_tip():
    v = run("Just a quick tip please: how do we get more visitors and rank better on Google? Our shop sells "
            "handmade leather belts.", "Quick tip on SEO")
    assert v.verdict == "restricted" and "consulting" in v.topics


def test_design_my_store_is_consulting():
    assert "consulting" in topics("Could you look at our store and tell us how to make the design look more "
                                  "professional? Be honest!", "Review our store design")


# --- several requests ------------------------------------------------------------------

def test_an_in_scope_and_a_restricted_request_make_a_mixed_ticket():
    v = run("1) Where do I set the free shipping threshold?\n2) Our SSL certificate from GoDaddy expired, "
            "how do I renew it?", "Two questions")
    assert v.verdict == "mixed" and {"functionality", "domains_ssl"} <= set(v.topics)


def test_license_questions_are_in_scope():
    v = run("We are moving the shop to a new server next month. How do we transfer our IXXO license?",
            "Licence transfer")
    assert v.verdict == "in_scope" and "license" in v.topics


# --- what carries no topic ---------------------------------------------------------------

def test_greetings_signatures_and_quoted_mail_carry_no_topic():
    body = ("Hi Anna,\n\nhow do I set a minimum order value of 25 EUR?\n\nKind regards,\nPaul Becker\n"
            "CSS Coastal Surf Supplies - web design & SEO by PixelCraft\n\n"
            "On Mon, 3 Mar 2025 at 10:00, IXXO Support <support@ixxo.example> wrote:\n"
            "> Hello Paul, your SSL certificate was issued by your hosting provider, please ask them.\n"
            "> Our developers can also quote for a custom template.")
    v = run(body, "Re: minimum order value")
    assert v.verdict == "in_scope" and v.topics == ("functionality",)


def test_angry_words_and_order_numbers_carry_no_topic():
    v = run("THIRD TIME I WRITE!!! Order #20577 and #20581: stock went to 0 after ONE order. FIX THIS NOW.",
            "STOCK WRONG AGAIN")
    assert v.verdict == "in_scope" and v.topics == ("software_issue",)


# --- languages -------------------------------------------------------------------------

@pytest.mark.parametrize(("subject", "body", "language", "topic"), [
    ("Zertifikat abgelaufen", "Hallo, das SSL-Zertifikat für unseren Shop ist abgelaufen. Wir haben es bei "
     "unserem Hoster gekauft. Wie erneuern wir es?", "de", "domains_ssl"),
    ("Zweite Sprache", "Guten Tag, wie kann ich für meinen Shop eine zweite Sprache aktivieren?", "de",
     "functionality"),
    ("Extension PHP manquante", "Bonjour, l'installateur indique que l'extension PHP intl est manquante. Pouvez-vous "
     "l'activer sur notre serveur ?", "fr", "hosting"),
    ("Stratégie de prix", "Bonjour, quelle stratégie de prix nous conseillez-vous pour vendre plus ?", "fr",
     "consulting"),
    ("El carrito se vacía", "Hola, cuando un cliente cambia el idioma de la tienda, el carrito se vacía. Pasa "
     "siempre desde la actualización.", "es", "software_issue"),
    ("Popup no funciona", "Hola, puse un script para un popup de descuento en la página, pero no funciona en "
     "Safari. ¿Me pueden ayudar con el código?", "es", "custom_javascript"),
    ("Licenza per un secondo negozio", "Buongiorno, possiamo usare la nostra licenza anche per un secondo "
     "negozio?", "it", "license"),
    ("Modulo di terze parti", "Il modulo di terze parti che abbiamo acquistato per Fatture in Cloud non "
     "trasferisce più gli ordini.", "it", "third_party_software"),
    ("Verzendkosten instellen", "Hallo, hoe kan ik de verzendkosten per land instellen in de webshop?", "nl",
     "functionality"),
    ("CSS aangepast", "Ik heb de CSS van het thema aangepast en nu is het menu op mobiel onzichtbaar. Kunnen "
     "jullie mijn code bekijken?", "nl", "custom_html_css"),
])
def test_other_languages(subject, body, language, topic):
    v = run(body, subject)
    assert v.language == language
    assert topic in v.topics


# --- evidence ----------------------------------------------------------------------------

def test_evidence_quotes_the_merchants_sentence_and_the_policy_clause():
    body = ("Hello,\n\nwhere do I set tax rates for Ireland?\nAlso our certificate from GoDaddy expired "
            "yesterday, how do we renew it?\n\nThanks,\nOwen")
    v = run(body, "Tax rates and certificate")
    assert v.evidence
    for e in v.evidence:
        assert isinstance(e, Evidence)
        assert e.topic in v.topics
        assert e.source == "body" and body[e.start:e.end] == e.sentence
        assert e.clause == seed().by_slug[e.topic].clause
    ssl = [e for e in v.evidence if e.topic == "domains_ssl"]
    assert ssl and "certificate" in ssl[0].sentence


def test_verdict_records_versions_and_language():
    v = run("How do I enable guest checkout?", "Guest checkout")
    assert v.rules_version == seed().version and v.model_version == shipped().version
    assert v.language == "en" and 0.0 <= v.confidence <= 1.0


def test_rules_alone_still_classify():
    v = classify("Certificate expired", "Our SSL certificate from Namecheap expired, how do we renew it?",
                 ruleset=seed(), model=None)
    assert v.verdict == "restricted" and "domains_ssl" in v.topics and v.model_version == ""


# --- never raise ---------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "", "   \n\n ", "\x00\x01\x02\x03" * 100, "\ufffd\ufffd\ufffd" * 300, "���� binary \x89PNG\r\n\x1a\n" * 50,
    "a" * 200_000, "?!?!" * 40, "\ud800 lone surrogate",
])
def test_odd_input_never_raises_and_asks_for_review(body):
    v = run(body, "")
    assert isinstance(v, Verdict) and v.needs_review
    assert v.verdict in ("in_scope", "restricted", "mixed")


def test_non_text_arguments_never_raise():
    v = classify(None, b"\xff\xfe bytes", ruleset=seed(), model=shipped())  # type: ignore[arg-type]
    assert isinstance(v, Verdict) and v.needs_review


@pytest.mark.parametrize("subject", ["Re:", "Hello", ""])
def test_no_topic_found_is_functionality_with_low_confidence(subject):
    # A subject "Question" is no longer topic-free: merchants title how-to questions so.
    v = run("Hello, see below.", subject)
    assert v.verdict == "in_scope" and v.topics == ("functionality",)
    assert v.confidence <= 0.3


def test_a_model_trained_for_other_topics_is_ignored_not_fatal():
    other = replace(seed(), topics=seed().topics[:-1])
    v = classify("SEO", "How do I rank better on Google?", ruleset=other, model=shipped())
    assert isinstance(v, Verdict) and v.model_version == shipped().version


def test_the_mixed_head_decides_between_restricted_and_mixed():
    from policy.classify import decide
    from policy.rules import read_ticket

    doc = read_ticket(seed(), "Certificate", "Our SSL certificate from GoDaddy expired, how do I renew it?")
    scores = shipped().proba(doc)
    assert scores.restricted > 0.9 and scores.mixed is not None
    as_mixed = decide(doc, replace(scores, mixed=0.9), seed())
    as_restricted = decide(doc, replace(scores, mixed=0.1), seed())
    assert as_mixed[1] == "mixed" and {"domains_ssl"} < set(as_mixed[0])
    assert as_restricted[1] == "restricted" and as_restricted[0] == ("domains_ssl",)
    assert decide(doc, replace(scores, mixed=0.52), seed())[3]  # this close to the threshold: review


def test_beside_a_clear_in_scope_request_only_a_sure_restricted_one_makes_the_ticket_mixed():
    """The mixed gate is high, and review is a band in logits around it: a sure restricted request beside an
    in-scope one is mixed without review, one just over the gate goes to review, and a likely one that is not
    sure enough leaves the ticket in scope (a false "we cannot support this" is the worst mistake)."""
    from policy.classify import CONFIDENT_LOGITS, MIXED_GATE, REVIEW_LOGITS, decide
    from policy.rules import read_ticket

    doc = read_ticket(seed(), "Export and certificate", "Where do I export last month's orders as CSV? And the "
                      "SSL certificate we bought from GoDaddy expired, how do I renew it?")
    scores = shipped().proba(doc)
    # No topic so sure that it opens its gate on its own: the gates decide.
    scores = replace(scores, topics=scores.topics.clip(0.0, 0.9), in_scope=0.97, mixed=None, kinds=None)

    def at(restricted: float) -> tuple:
        return decide(doc, replace(scores, restricted=restricted), seed())

    sure, just_over, likely = at(0.99), at(MIXED_GATE + 0.01), at(0.85)
    assert sure[1] == "mixed" and not sure[3]
    assert just_over[1] == "mixed" and just_over[3]
    # The confidence says the same as review: high when sure, under the review line when not.
    assert sure[2] > 0.5 and just_over[2] < REVIEW_LOGITS / CONFIDENT_LOGITS
    assert likely[1] == "in_scope" and "domains_ssl" not in likely[0]

import json

from policy.rules import (
    PARTNER_TOKEN,
    SEED_PATH,
    Partner,
    Rule,
    RuleSet,
    analyse,
    ruleset_from_dict,
    ruleset_to_dict,
    validate_rule,
)
from tests.policy.shipped import seed

SLUGS = ("functionality", "software_issue", "connectivity", "license", "domains_ssl", "custom_html_css",
         "custom_javascript", "hosting", "integration_usage", "third_party_software", "consulting")
PARTNERS = ("PayPal", "Stripe", "Klarna", "Adyen", "DHL", "UPS", "FedEx", "Mailchimp", "Google Shopping",
            "Amazon Marketplace", "eBay", "Avalara")


def tiny(*rules: Rule, partners: tuple[Partner, ...] = ()) -> RuleSet:
    return RuleSet(seed().topics, rules, partners, "test")


def scores(ruleset: RuleSet, text: str, language: str = "en") -> dict[str, float]:
    return analyse(ruleset, text, language).scores


def test_a_valid_rule_has_no_errors():
    assert validate_rule(Rule("hosting", "phrase", "install ... php", "en", 1.5), SLUGS) == []
    assert validate_rule(Rule("hosting", "regex", r"php\.ini", "any", -2), SLUGS) == []


def test_a_broken_regex_is_refused():
    errors = validate_rule(Rule("hosting", "regex", "php(", "en", 1.0), SLUGS)
    assert len(errors) == 1 and errors[0].startswith("broken regex")


def test_a_regex_that_matches_everything_is_refused():
    assert validate_rule(Rule("hosting", "regex", "x*", "en", 1.0), SLUGS)


def test_unknown_topic_empty_pattern_and_weight_out_of_range_are_refused():
    assert validate_rule(Rule("shipping", "keyword", "dhl"), SLUGS) == ["unknown topic 'shipping'"]
    assert validate_rule(Rule("hosting", "keyword", "  "), SLUGS) == ["empty pattern"]
    assert any("out of range" in e for e in validate_rule(Rule("hosting", "keyword", "php", weight=9), SLUGS))
    assert any("out of range" in e for e in validate_rule(Rule("hosting", "keyword", "php", weight=float("nan")),
                                                          SLUGS))


def test_bad_phrase_syntax_is_refused():
    assert validate_rule(Rule("hosting", "keyword", "two words"), SLUGS)
    assert validate_rule(Rule("hosting", "phrase", "... php"), SLUGS)
    assert validate_rule(Rule("hosting", "phrase", "ph* server"), SLUGS)  # prefix too short
    assert validate_rule(Rule("hosting", "phrase", "(a|) server"), SLUGS)
    assert validate_rule(Rule("hosting", "kind-of", "php"), SLUGS)
    assert validate_rule(Rule("hosting", "keyword", "php", language="pt"), SLUGS)


def test_keywords_match_whole_words_prefixes_and_alternatives():
    rs = tiny(Rule("domains_ssl", "keyword", "zertifikat*", "de", 1.0),
              Rule("hosting", "keyword", "cpanel|plesk", "any", 2.0))
    assert scores(rs, "Das Zertifikate-Paket ist abgelaufen", "de") == {"domains_ssl": 1.0}
    assert scores(rs, "In Plesk finde ich nichts", "de") == {"hosting": 2.0}
    assert scores(rs, "cpanelx is not a word we know") == {}


def test_phrases_allow_gaps_and_multiword_alternatives():
    rs = tiny(Rule("hosting", "phrase", "(install|set up) ... (php|web server)", "en", 2.0))
    assert scores(rs, "Could you set up the new web server for us?") == {"hosting": 2.0}
    assert scores(rs, "install the very latest version of php") == {"hosting": 2.0}
    assert scores(rs, "install it please, and then much later, after a long wait, maybe php") == {}


def test_rules_of_another_language_do_not_apply():
    rs = tiny(Rule("consulting", "keyword", "conseil*", "fr", 1.0))
    assert scores(rs, "Vos conseils pour vendre plus ?", "fr") == {"consulting": 1.0}
    assert scores(rs, "conseil", "de") == {}


def test_disabled_and_invalid_rules_are_skipped():
    rs = tiny(Rule("hosting", "keyword", "php", enabled=False), Rule("hosting", "regex", "php("),
              Rule("license", "keyword", "licence"))
    assert scores(rs, "php licence") == {"license": 1.0}


def test_negative_weights_speak_against_a_topic():
    rs = tiny(Rule("custom_html_css", "keyword", "css", weight=1.5),
              Rule("custom_html_css", "phrase", "(nothing|not) ... changed", weight=-2.0))
    assert scores(rs, "We have not changed any css.") == {"custom_html_css": -0.5}


def test_partner_names_are_masked_before_matching():
    rs = tiny(Rule("connectivity", "phrase", f"{PARTNER_TOKEN} ... fails", weight=2.0),
              Rule("third_party_software", "keyword", "klaviyo", weight=2.0),
              partners=(Partner("Klarna"), Partner("Google Shopping", ("Merchant Center",))))
    klarna = analyse(rs, "Klarna test connection fails", "en")
    assert klarna.scores == {"connectivity": 2.0} and klarna.partners == frozenset({"Klarna"})
    assert PARTNER_TOKEN in klarna.words and "klarna" not in klarna.words
    assert analyse(rs, "the Merchant Center feed fails", "en").partners == frozenset({"Google Shopping"})
    # A vendor added to the partner list stops counting as an unknown third party.
    partnered = RuleSet(rs.topics, rs.rules, (*rs.partners, Partner("Klaviyo")), "test")
    assert scores(rs, "Klaviyo flows are empty") == {"third_party_software": 2.0}
    assert scores(partnered, "Klaviyo flows are empty") == {}


def test_the_longest_partner_alias_wins_whatever_the_order():
    rs = tiny(partners=(Partner("Amazon Marketplace", ("Amazon", "Seller Central")),))
    signals = analyse(rs, "The Amazon Marketplace connector and Seller Central", "en")
    assert signals.words.count(PARTNER_TOKEN) == 2 and "marketplace" not in signals.words


def test_named_services_are_found_but_partners_are_not():
    rs = tiny(partners=(Partner("Stripe"),))
    assert analyse(rs, "The Sendcloud connector shows an error", "en").named_services == ("Sendcloud",)
    assert analyse(rs, "The Stripe connection fails", "en").named_services == ()
    assert analyse(rs, 'Customers see "Invalid credentials" at login', "en").named_services == ()


def test_a_product_named_with_its_version_or_made_for_a_shop_system_is_a_named_service():
    rs = tiny(partners=(Partner("Stripe"),))
    assert analyse(rs, "Multivendor shop with Dokan Lite 3.11 since May", "en").named_services == ("Dokan Lite",)
    assert analyse(rs, "We run Germanized for WooCommerce on the shop", "en").named_services == ("Germanized",)
    # What the shop runs on is no third party, nor is a partner, whatever its version.
    assert analyse(rs, "IXXO 5.2 on PHP 8.2, Debian 12 and nginx 1.22", "en").named_services == ()
    assert analyse(rs, "Stripe 2.3 stopped after Magento 2.4.7", "en").named_services == ()


def test_seed_has_every_topic_with_its_clause_quoted_verbatim():
    rs = seed()
    assert rs.slugs == SLUGS
    for topic in rs.topics:
        assert topic.clause and topic.explanation and topic.offer
    restricted = {t.slug for t in rs.topics if t.kind == "restricted"}
    assert restricted == {"domains_ssl", "custom_html_css", "custom_javascript", "hosting", "integration_usage",
                          "third_party_software", "consulting"}
    assert "JavaScript cannot and will not be supported" in rs.by_slug["custom_javascript"].clause
    assert "installation of PHP scripts" in rs.by_slug["hosting"].clause


def test_seed_offers_what_the_policy_offers_instead():
    rs = seed()
    assert "quote" in rs.by_slug["custom_html_css"].offer
    assert "blog" in rs.by_slug["consulting"].offer and "consulting" in rs.by_slug["consulting"].offer
    assert "provider" in rs.by_slug["domains_ssl"].offer
    assert "vendor" in rs.by_slug["third_party_software"].offer
    assert "documentation" in rs.by_slug["integration_usage"].offer


def test_seed_partners_and_rules_are_valid_and_multilingual():
    rs = seed()
    assert tuple(p.name for p in rs.partners) == PARTNERS
    assert rs.errors() == []
    for topic in SLUGS:
        languages = {r.language for r in rs.rules if r.topic == topic}
        assert languages >= {"de", "fr", "es", "it", "nl"} or "any" in languages, topic


def test_seed_json_round_trips():
    raw = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    assert raw["schema"] == "ixxo-scope-rules/1"
    again = ruleset_from_dict(ruleset_to_dict(seed()))
    assert again == seed()

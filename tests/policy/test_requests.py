"""Request parts (policy/requests.py): where a ticket asks a second thing, and how classify reads them."""


import pytest

from policy.classify import _by_parts, classify
from policy.requests import MAX_PARTS, request_parts
from policy.rules import read_ticket
from tests.policy.shipped import seed, shipped


def parts(body: str, subject: str = "") -> list[list[str]]:
    document = read_ticket(seed(), subject, body)
    return [[document.units[j].text for j in part] for part in request_parts(document)]


def test_one_question_is_one_part_and_the_subject_belongs_to_no_part():
    assert parts("Where do I set the tax rate for Austria? We ship there from May.", "Tax rates") == [
        ["Where do I set the tax rate for Austria?", "We ship there from May."]]


@pytest.mark.parametrize("second", [
    "Also, can you fix the CSS our designer added to the header?",
    "And how do I install ImageMagick on our server?",
    "Unrelated: can you fix the CSS our designer added to the header?",
    "Außerdem: können Sie unser eigenes Skript im Checkout reparieren?",
    "Et pouvez-vous corriger le CSS de notre graphiste ?",
    "Además, ¿me pueden hacer un diseño nuevo para la tienda?",
    "Inoltre, come installo PHP 8.2 sul nostro server?",
    "En kunnen jullie onze eigen JavaScript-code nakijken?",
    "By the way, can you fix the CSS our designer added to the header?",
    "Finally, could you write the CSS for a blue checkout button?",
    "Por último, ¿nos instaláis PHP 8.2 en el servidor?",
    "Übrigens: unser Grafiker hat das Stylesheet geändert, können Sie die Schrift reparieren?",
    "Por cierto, ¿nos decís qué código tocar en la hoja de estilos?",
    "La segunda: hace meses cambiamos a mano la hoja de estilos, ¿qué código tocamos?",
    "Autre chose : pouvez-vous installer le module PHP intl sur notre serveur ?",
    "A parte questo, potete correggere il nostro JavaScript del menu?",
    "Trouwens, kunnen jullie ons eigen script in de checkout repareren?",
])
def test_a_sentence_that_opens_with_a_second_request_starts_a_part(second):
    found = parts(f"How do I switch to the Nova theme for the winter sale? {second}")
    assert found == [["How do I switch to the Nova theme for the winter sale?"], [second]]


def test_a_numbered_item_that_opens_with_a_second_request_starts_a_part():
    first = "1) Puse la clave nueva de FedEx y sale 'Invalid credentials'."
    second = "2) {}el menú desplegable que hicimos con jQuery ya no abre."
    body = "Exportamos jamón a Canadá.\n{}\n{} ¿Cómo lo arreglo?"
    found = parts(body.format(first, second.format("Aparte, ")))
    assert found == [["Exportamos jamón a Canadá.", first], [second.format("Aparte, "), "¿Cómo lo arreglo?"]]
    assert len(parts(body.format(first, second.format("")))) == 1  # two details of one question


def test_lettered_list_items_are_list_items():
    found = parts("Two questions:\na) Where do I change the logo of the Nordic theme?\n"
                  "b) Can you fix the font our designer put into the stylesheet?")
    assert [part[-1][:2] for part in found] == ["a)", "b)"]


def test_asking_list_items_are_read_with_the_sentence_that_introduces_them():
    found = parts("Mailchimp is connected and syncing fine.\nTwo questions:\n"
                  "1) How do I create a segment of big spenders?\n2) Where do I set the sync interval?")
    context = ["Mailchimp is connected and syncing fine.", "Two questions:"]
    assert found == [[*context, "1) How do I create a segment of big spenders?"],
                     [*context, "2) Where do I set the sync interval?"]]


def test_a_question_before_the_list_is_a_part_of_its_own():
    found = parts("How do I add a second language?\nAnd for the product pages:\n"
                  "- Can the size chart be a tab?\n- Can you write the CSS to make the tab blue?")
    assert found[0] == ["How do I add a second language?"]
    assert found[1:] == [["And for the product pages:", "- Can the size chart be a tab?"],
                         ["And for the product pages:", "- Can you write the CSS to make the tab blue?"]]


def test_items_that_only_list_details_of_one_question_stay_with_it():
    body = ("A few things still point to the old address:\n- the links in the order e-mails\n"
            "- the canonical URLs\nWhere do I change the store address?")
    assert len(parts(body)) == 1


def test_items_that_run_on_into_their_own_question_are_requests_of_their_own():
    body = ("2.4.6, Luma child theme.\n1. We sell wine by the case.\nWhere do I set a minimum of 6 per product?\n"
            "2. I wrote a small script so the quantity steps by 6.\nIn the minicart you can still type 7.\n"
            "Can I hook that too?")
    found = parts(body)
    assert len(found) == 2
    assert "Where do I set a minimum of 6 per product?" in found[0] and "Can I hook that too?" in found[1]


def test_a_list_that_opens_the_ticket_is_no_context_for_its_second_item():
    # The first item states a problem without a question mark; it is a request of its own, not the
    # introduction of the second.
    body = ("1) Beim Verbinden mit Stripe bekommen wir „401 – Invalid API Key provided“. Wir haben den Secret "
            "Key genommen. 2) Wenn das läuft: Wie baue ich in Stripe Radar Regeln für Länder über 300 €?")
    found = parts(body)
    assert [part[0][:2] for part in found] == ["1)", "2)"]
    assert len(found[0]) == 2 and len(found[1]) == 1


def test_a_long_list_is_read_as_at_most_max_parts():
    items = "\n".join(f"- Question {i}: where is setting number {i}?" for i in range(1, MAX_PARTS + 5))
    found = parts("Some questions about the settings:\n" + items)
    assert len(found) == MAX_PARTS
    assert sum(u.startswith("- Question") for part in found for u in part) == MAX_PARTS + 4


def test_an_in_scope_question_beside_a_restricted_request_makes_the_ticket_mixed():
    v = classify("Harbor header", "1) How do I set the header layout to \"centered\" in Harbor?\n"
                 "2) I edited header.tpl myself to add our phone number and now it overlaps the search box. "
                 "Can you fix that?", ruleset=seed(), model=shipped())
    assert v.verdict == "mixed"
    assert "functionality" in v.topics and "custom_html_css" in v.topics


def test_a_hasty_second_request_after_a_bracket_is_read_as_a_part_of_its_own():
    """Written without capitals, "... (office365). also ..." once hid the second request."""
    v = classify("smtp", "order mails dont go out, smtp says 535 auth failed (office365). also can u fix the css of "
                 "our header, the logo is too big since i edited it", ruleset=seed(), model=shipped())
    assert v.verdict == "mixed"
    assert "connectivity" in v.topics and "custom_html_css" in v.topics


def test_a_follow_up_that_only_asks_in_scope_things_alone_keeps_a_restricted_ticket_restricted():
    """Alone, "is there a way to leave products on sale out of the feed?" is a how-to question; after the
    question about mapping categories in the Google Shopping feed it asks about the feed too."""
    v = classify("Google Shopping feed categories", "Our Google Shopping feed is connected and Merchant Center "
                 "accepts it. How do I map our 40 shop categories to Google's product categories in the feed? And "
                 "is there a way to leave products on sale out of the feed automatically?",
                 ruleset=seed(), model=shipped())
    assert v.verdict == "restricted" and v.topics == ("integration_usage",)


def test_a_later_request_that_stays_in_scope_after_a_restricted_one_still_makes_the_ticket_mixed():
    v = classify("Cron and licence", "How do I set up the cron job for the scheduled tasks on our Hetzner server, "
                 "which user should it run as? And second question: can we move our licence to the new server "
                 "ourselves?", ruleset=seed(), model=shipped())
    assert v.verdict == "mixed" and {"license", "hosting"} <= set(v.topics)


def test_parts_that_agree_leave_the_whole_tickets_verdict():
    v = classify("Two settings", "Where do I set the free shipping threshold? "
                 "Also, where can I change the order number prefix?", ruleset=seed(), model=shipped())
    assert v.verdict == "in_scope" and not {"custom_html_css", "consulting"} & set(v.topics)


def test_without_a_model_the_parts_are_read_by_the_rules_alone():
    v = classify("FTP + logo", "FTP login fails with 530 since this morning. Also, can you write the CSS for a "
                 "bigger logo in our header?", ruleset=seed(), model=None)
    assert (v.verdict, v.topics, v.model_version) == ("mixed", ("connectivity", "custom_html_css"), "")


# --- how classify combines the parts' decisions (pure: decisions in, a decision out) ----------------

def test_parts_that_ask_both_kinds_make_a_restricted_ticket_mixed():
    whole = (("custom_html_css",), "restricted", 0.8, False)
    parts = [(("functionality",), "in_scope", 0.6, False), (("custom_html_css",), "restricted", 0.9, False)]
    assert _by_parts(parts, whole, seed(), [0.1, 0.95]) == (("functionality", "custom_html_css"), "mixed", 0.6, False)


def test_an_unsure_part_on_the_side_the_whole_did_not_see_changes_nothing():
    whole = (("domains_ssl",), "restricted", 0.8, False)
    parts = [(("domains_ssl",), "restricted", 0.9, False), (("functionality",), "in_scope", 0.1, True)]
    assert _by_parts(parts, whole, seed(), [0.95, 0.1]) == whole


def test_a_restricted_part_counts_by_its_restricted_gate_not_by_its_other_margin():
    # The part surely asks something restricted (gate 0.99); it is only unsure whether it also asks
    # something in scope, which the other part answers anyway.
    whole = (("software_issue",), "in_scope", 0.4, False)
    parts = [(("software_issue",), "in_scope", 1.0, False), (("third_party_software",), "restricted", 0.1, True)]
    assert _by_parts(parts, whole, seed(), [0.0, 0.99]) == (
        ("software_issue", "third_party_software"), "mixed", 0.1, True)
    assert _by_parts(parts, whole, seed(), [0.0, 0.65]) == whole  # close to its gate: changes nothing


def test_a_mixed_reading_whose_parts_all_surely_ask_in_scope_things_is_in_scope():
    whole = (("functionality", "consulting"), "mixed", 0.2, True)
    parts = [(("functionality",), "in_scope", 0.7, False), (("license",), "in_scope", 0.5, False)]
    assert _by_parts(parts, whole, seed(), [0.1, 0.1]) == (("functionality",), "in_scope", 0.5, False)


def test_a_mixed_reading_stays_when_a_part_is_unsure_or_the_parts_disagree():
    whole = (("functionality", "consulting"), "mixed", 0.2, True)
    unsure = [(("functionality",), "in_scope", 0.7, False), (("functionality",), "in_scope", 0.1, True)]
    disagree = [(("functionality",), "in_scope", 0.7, False), (("consulting",), "restricted", 0.5, False)]
    assert _by_parts(unsure, whole, seed(), [0.1, 0.1]) == whole
    assert _by_parts(disagree, whole, seed(), [0.1, 0.9]) == whole

import pytest

from mailin.parsing import parse
from mailin.quotes import strip_new_message, strip_reply

from .mail import eml


@pytest.mark.parametrize(("fixture", "expected"), [
    ("gmail_reply.eml", "It happens only for customers who log in; guests get 20 %."),
    ("apple_mail_reply.eml", "One more detail: it started right after we installed the “EU Tax Pro” plugin."),
    ("outlook_reply.eml", "Hi,\n\nthe invoice for order 1042 (total 249,00 €) is still empty – the PDF has no "
                          "lines. It’s the same with the “Print” button."),
    ("outlook_de_reply.eml", "Hallo,\n\ndas Problem besteht weiterhin: Gutscheine über 50 € werden doppelt "
                             "abgezogen.\nIch habe Screenshots an die Bestellung gehängt."),
])
def test_reply_keeps_only_what_the_sender_wrote(fixture, expected):
    assert strip_reply(parse(eml(fixture)).text) == expected


def test_signature_after_the_delimiter_is_cut():
    assert strip_reply("Works now.\n\n-- \nAlice Alpine\nAlpine Outfitters") == "Works now."


def test_closing_salutation_and_name_are_cut_but_a_thanks_sentence_stays():
    assert strip_reply("It works.\n\nBest regards,\nBruno\nBergamo Books") == "It works."
    assert strip_reply("Thanks for the quick fix, it works.") == "Thanks for the quick fix, it works."


def test_trailing_quote_without_attribution_is_cut_and_inline_answers_stay():
    text = "> Which browser?\nFirefox.\n\n> old text\n> more old text\n"
    assert strip_reply(text) == "> Which browser?\nFirefox."


def test_a_reply_that_is_only_quoted_is_kept_whole():
    assert strip_reply("> only a quote") == "> only a quote"


def test_new_message_keeps_the_forwarded_chain():
    text = strip_new_message(parse(eml("forwarded_chain.eml")).text)
    assert text.startswith("Hi support, a customer says")
    assert "---------- Forwarded message ---------" in text
    assert "order 5531 never arrived" in text


def test_new_message_loses_its_signature():
    text = strip_new_message(parse(eml("gmail_new.eml")).text)
    assert text.endswith("Could you\nhave a look?")
    assert "Bergstraße" not in text

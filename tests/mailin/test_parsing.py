from mailin.parsing import parse, synthetic_message_id

from .mail import compose, eml


def test_gmail_mail_gives_sender_message_id_and_the_text_part():
    mail = parse(eml("gmail_new.eml"))
    assert mail.message_id == "<CAF3k2x+Zq8hQYp1mN0vW7e-Lr9sT4u@mail.gmail.com>"
    assert mail.from_address == "alice@example.com"
    assert mail.from_name == "Alice Alpine"
    assert "support@ixxo.example" in mail.recipients
    assert "charges 19 % VAT" in mail.text
    assert "<div" not in mail.text


def test_plus_address_in_delivered_to_and_to_is_a_recipient():
    mail = parse(eml("gmail_reply.eml"))
    assert mail.recipients == ("support+ixxo-000000@ixxo.example",)
    assert mail.in_reply_to == ("<177245.8841.1795810475@ixxo.example>",)


def test_iso_8859_1_labelled_outlook_mail_decodes_the_euro_sign_as_windows_1252():
    mail = parse(eml("outlook_de_reply.eml"))
    assert mail.from_name == "Amir Özdemir"
    assert "Gutscheine über 50 € werden" in mail.text
    assert "\ufffd" not in mail.text
    assert mail.subject.endswith("Gutschein doppelt abgezogen")


def test_windows_1252_body_and_encoded_subject_decode():
    mail = parse(eml("windows1252_new.eml"))
    assert mail.subject == "Preise „auf Anfrage“"
    assert "„Preis auf Anfrage“ bei allen Artikeln über 100 €" in mail.text


def test_quoted_printable_windows_1252_outlook_text():
    assert "total 249,00 €) is still empty – the PDF" in parse(eml("outlook_reply.eml")).text


def test_html_only_mail_becomes_readable_text_without_styles():
    text = parse(eml("html_only.eml")).text
    assert text.startswith("Hello,\n\non the product page the images are not shown & the gallery is empty.")
    assert "- Firefox 132\n- Safari 18" in text
    assert "MsoNormal" not in text and "<" not in text


def test_attachments_keep_their_names_including_rfc2231_encoded_ones():
    mail = parse(eml("attachments.eml"))
    names = [(a.filename, a.content_type) for a in mail.attachments]
    assert names == [("coupon-page.png", "image/png"), ("Rechnung März.pdf", "application/pdf"),
                     ("setup.exe", "application/octet-stream")]
    assert mail.attachments[0].data.startswith(b"\x89PNG")
    assert mail.text.strip() == "Here are a screenshot, the invoice and the installer our agency sent us."


def test_an_attached_message_stays_an_attachment_and_adds_no_text():
    mail = parse(eml("bounce_dsn.eml"))
    assert [a.content_type for a in mail.attachments] == ["message/rfc822"]
    assert "X-IXXO-Ticket" not in mail.text


def test_mail_without_message_id_gets_a_stable_synthetic_one():
    raw = compose(message_id=None)
    assert parse(raw).message_id == synthetic_message_id(raw) == parse(raw).message_id
    assert parse(raw).message_id != parse(compose(message_id=None, body="Other")).message_id


def test_thread_ids_put_in_reply_to_first():
    mail = parse(eml("apple_mail_reply.eml"))
    assert mail.thread_ids == ("<CAF3k2x+Zq8hQYp1mN0vW7e-Lr9sT4u@mail.gmail.com>",)

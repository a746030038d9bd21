from policy.text import clean, fold, guess_language, strip_subject


def kept(body: str) -> list[str]:
    return [s.text for s in clean(body).sentences]


def test_every_sentence_is_a_slice_of_the_original_text():
    body = "Hi Anna,\n\nthe DHL test connection fails.\r\nIt says \"timeout\". Can you check?\n\nThanks, Paul"
    for s in clean(body).sentences:
        assert body[s.start:s.end] == s.text


def test_greeting_and_closing_carry_no_sentence():
    body = ("Hello IXXO team,\n\nhow do I set a minimum order value?\n\nBest regards,\nSven Oldenburg\n"
            "makers-market.example")
    assert kept(body) == ["how do I set a minimum order value?"]


def test_greeting_on_the_same_line_is_cut_from_the_sentence():
    assert kept("Hi there, our hoster offers MariaDB 10.6. Is it supported?") == [
        "our hoster offers MariaDB 10.6.", "Is it supported?"]


def test_quoted_reply_lines_are_dropped():
    body = ("Thanks, that worked.\nOne more: can I show delivery times per product?\n\n"
            "> Hi Maja, go to Settings.\n> Best, Daniel")
    assert "go to Settings" not in " ".join(kept(body))


def test_reply_chains_in_six_languages_are_dropped():
    headers = [
        "On Tue, 12 Mar 2024 at 10:14, IXXO Support <support@ixxo.example> wrote:",
        "Am 14.01.2025 um 11:20 schrieb IXXO Support <support@ixxo.example>:",
        "Le 3 févr. 2025 à 09:12, IXXO Support a écrit :",
        "El lun, 3 feb 2025 a las 9:12, IXXO Support escribió:",
        "Il giorno lun 3 feb 2025 alle ore 09:12 IXXO Support ha scritto:",
        "Op ma 3 feb 2025 om 09:12 schreef IXXO Support <support@ixxo.example>:",
    ]
    for header in headers:
        body = f"Where do I change the shop logo?\n\n{header}\nYour certificate expired, please renew it.\n"
        assert kept(body) == ["Where do I change the shop logo?"], header


def test_outlook_headers_and_forwarded_chains_are_dropped():
    outlook = ("Please transfer our licence.\n\n-----Original Message-----\nFrom: IXXO Support\n"
               "Sent: Thursday\nSubject: certificate\nYour SSL certificate must be renewed at your host.")
    forwarded = ("Could you check the invoice totals?\n\n---------- Forwarded message ---------\n"
                 "From: Ingrid <i@example.com>\nDate: Mon\nSubject: VAT\nAlso the domain renewal is due.")
    plain_outlook = ("Where do I set tax rates?\n\nFrom: Support <support@ixxo.example>\nSent: Monday, 3 March\n"
                     "To: me\nSubject: Re: cron\nSet up the cron job at your host.")
    assert kept(outlook) == ["Please transfer our licence."]
    assert kept(forwarded) == ["Could you check the invoice totals?"]
    assert kept(plain_outlook) == ["Where do I set tax rates?"]


def test_bottom_posted_answer_below_a_quote_is_kept():
    body = "On Mon, Anna wrote:\n> Which version do you run?\n\nWe run 6.0.3 and the cart is still empty."
    assert kept(body) == ["We run 6.0.3 and the cart is still empty."]


def test_signatures_disclaimers_and_sent_from_lines_are_dropped():
    body = ("Our FTP login is refused since Monday.\n\n--\nCSS - Coastal Surf Supplies\nUnit 4, Harbour Road\n")
    assert kept(body) == ["Our FTP login is refused since Monday."]
    body = ("The invoice VAT is off by one cent.\n\nKind regards\nKatrin Vogel\nBuchhaltung\n\n"
            "This e-mail may contain confidential information. If you are not the intended recipient, delete it.")
    assert kept(body) == ["The invoice VAT is off by one cent."]
    assert kept("Can guests buy without an account?\n\nSent from my iPhone") == ["Can guests buy without an account?"]


def test_closings_in_other_languages_end_the_message():
    for closing in ("Viele Grüße", "Cordialement", "Saludos", "Cordiali saluti", "Met vriendelijke groet", "Cheers"):
        body = f"Wo stelle ich die Versandkosten ein?\n\n{closing},\nJulia Meyer\nMeyer Wolle GmbH"
        assert kept(body) == ["Wo stelle ich die Versandkosten ein?"], closing


def test_a_ps_after_the_signature_is_kept():
    body = "Shipping is charged twice.\n\nThanks,\nOle Hansen\n\nP.S. Our little snippet disappeared too."
    assert kept(body) == ["Shipping is charged twice.", "P.S. Our little snippet disappeared too."]


def test_pasted_logs_and_code_are_kept_but_marked():
    body = ("Here is my server block:\n\nserver {\n  listen 80;\n  root /var/www/shop;\n}\n\n"
            "What do I need to add?")
    sentences = clean(body).sentences
    logs = [s for s in sentences if s.is_log]
    assert len(logs) == 1 and "listen 80;" in logs[0].text
    assert [s.text for s in sentences if not s.is_log] == ["Here is my server block:", "What do I need to add?"]
    assert clean("PHP Fatal error: Uncaught Error in /var/www/x.php:12\nWhy?").sentences[0].is_log


def test_list_numbers_stay_with_their_sentence():
    assert kept("Two things:\n1. Please move the licence.\n2. Can you set up the server?") == [
        "Two things:", "1. Please move the licence.", "2. Can you set up the server?"]


def test_a_paragraph_written_without_capitals_splits_before_small_letters_too():
    body = ("where do i change the logo? i uploaded a new one, e.g. the png. it still shows v5.3. and my "
            "husband edited header.html, how to fix")
    assert kept(body) == ["where do i change the logo?", "i uploaded a new one, e.g. the png.",
                          "it still shows v5.3. and my husband edited header.html, how to fix"]
    # Written with capitals, a small letter after a full stop goes on with the sentence ("approx. twenty").
    assert kept("We ship approx. twenty parcels a day. Where is the setting?") == [
        "We ship approx. twenty parcels a day.", "Where is the setting?"]
    assert kept("Shipping to Canada, approx. and roughly. Where?") == [
        "Shipping to Canada, approx. and roughly.", "Where?"]
    # ... except where the small letter opens another request, as hasty writers do.
    assert kept("The order page is blank (default theme). also how do i set up freshdesk") == [
        "The order page is blank (default theme).", "also how do i set up freshdesk"]
    assert kept("Paid via PayPal (see order 1042). And how do I map the fields?") == [
        "Paid via PayPal (see order 1042).", "And how do I map the fields?"]
    # A question in brackets goes on with the same question.
    assert kept("Do I upload them in AvaTax (CertCapture?) and link by customer code?") == [
        "Do I upload them in AvaTax (CertCapture?) and link by customer code?"]


def test_a_quote_or_bracket_before_the_stop_ends_a_sentence_written_without_capitals():
    assert kept("fedex connect error 'invalid meter number'. and once its working how do i set rates") == [
        "fedex connect error 'invalid meter number'.", "and once its working how do i set rates"]
    assert kept("smtp fails (535 auth failed, office365). also how do i set up freshdesk") == [
        "smtp fails (535 auth failed, office365).", "also how do i set up freshdesk"]


def test_hard_wrapped_lines_form_one_sentence():
    body = "Since the update the coupon is applied twice when the customer goes back\nto the cart and returns."
    assert kept(body) == [body]


def test_empty_and_odd_input():
    assert clean("").sentences == ()
    assert clean("\n\n  \n").sentences == ()
    assert clean(None).sentences == ()  # type: ignore[arg-type]


def test_language_guess():
    assert guess_language("How do I set up weight-based shipping for my store?") == "en"
    assert guess_language("Wie kann ich eine zweite Sprache für den Shop aktivieren?") == "de"
    assert guess_language("Comment puis-je afficher les prix TTC et HT sur la fiche produit ?") == "fr"
    assert guess_language("¿Cómo configuro los gastos de envío según el peso de los paquetes?") == "es"
    assert guess_language("Come posso impostare le spese di spedizione per il mio negozio?") == "it"
    assert guess_language("Hoe kan ik de verzendkosten instellen voor mijn winkel?") == "nl"
    assert guess_language("") == "en"


def test_fold_and_subject():
    assert fold("Zertifikat ABGELAUFEN, était") == "zertifikat abgelaufen, etait"
    assert strip_subject("Re: AW: Fwd: Lizenz") == "Lizenz"

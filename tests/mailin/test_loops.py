import pytest

from mailin.loops import why_drop
from mailin.parsing import parse

from .mail import compose, eml

OWN = ("support@ixxo.example",)


@pytest.mark.parametrize(("fixture", "status"), [
    ("bounce_dsn.eml", "dropped_bounce"),
    ("vacation_autoreply.eml", "dropped_auto_reply"),
    ("outlook_ooo.eml", "dropped_auto_reply"),
    ("mailing_list.eml", "dropped_loop"),
    ("own_notification.eml", "dropped_loop"),
])
def test_automatic_mail_is_recognised(fixture, status):
    assert why_drop(parse(eml(fixture)), own=OWN).status == status


@pytest.mark.parametrize("fixture", ["gmail_new.eml", "gmail_reply.eml", "outlook_reply.eml",
                                     "outlook_de_reply.eml", "apple_mail_reply.eml", "html_only.eml",
                                     "attachments.eml", "forwarded_chain.eml", "windows1252_new.eml"])
def test_mail_written_by_people_is_not_dropped(fixture):
    assert why_drop(parse(eml(fixture)), own=OWN) is None


@pytest.mark.parametrize("headers", ["Auto-Submitted: auto-generated", "Precedence: junk", "X-Autorespond: yes",
                                     "List-Id: <x.lists.example>", "Return-Path: <>",
                                     "X-Loop: support@ixxo.example"])
def test_loop_headers_drop_the_mail(headers):
    assert why_drop(parse(compose(headers=headers)), own=OWN) is not None


def test_auto_submitted_no_is_a_person():
    assert why_drop(parse(compose(headers="Auto-Submitted: no")), own=OWN) is None


def test_mail_from_our_plus_address_is_our_own():
    assert why_drop(parse(compose(sender="support+ixxo-000042@ixxo.example")), own=OWN).status == "dropped_loop"


def test_a_subject_about_absence_is_not_a_vacation_reply():
    assert why_drop(parse(compose(subject="Absence of the tax field in checkout")), own=OWN) is None

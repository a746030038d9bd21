import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from mailin.maildir import import_maildir
from mailin.models import InboundMessage
from tickets.models import Ticket

from .mail import compose, eml


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_receive_email_stores_the_mail_from_stdin(cast, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(sys, "stdin", _Stdin(eml("gmail_new.eml")))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("receive_email", stdout=out)
    row = InboundMessage.objects.get()
    assert (row.source, row.status) == ("pipe", "ticket_created")
    assert out.getvalue().startswith(str(row.pk))


def test_receive_email_refuses_empty_input(db, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(b""))
    with pytest.raises(SystemExit) as exit_info:
        call_command("receive_email")
    assert exit_info.value.code == 65


def test_receive_email_asks_the_mta_to_retry_when_it_cannot_store(db, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(eml("gmail_new.eml")))
    monkeypatch.setattr("mailin.management.commands.receive_email.inbound_store",
                        lambda **kw: (_ for _ in ()).throw(OSError("database away")))
    with pytest.raises(SystemExit) as exit_info:
        call_command("receive_email")
    assert exit_info.value.code == 75


def _maildir(root: Path, mails: dict[str, bytes]) -> Path:
    for sub in ("new", "cur", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for name, raw in mails.items():
        (root / "new" / name).write_bytes(raw)
    return root


def test_maildir_import_stores_each_mail_and_moves_it_to_cur(cast, tmp_path, django_capture_on_commit_callbacks):
    box = _maildir(tmp_path / "Maildir", {"1795810475.M1P2.mx": eml("gmail_new.eml"),
                                          "1795810476.M2P2.mx": eml("html_only.eml")})
    with django_capture_on_commit_callbacks(execute=True):
        assert import_maildir(box) == 2
    assert not list((box / "new").iterdir())
    assert sorted(p.name for p in (box / "cur").iterdir()) == ["1795810475.M1P2.mx:2,S", "1795810476.M2P2.mx:2,S"]
    assert Ticket.objects.count() == 2


def test_a_maildir_file_stored_but_not_moved_is_not_imported_again(cast, tmp_path):
    box = _maildir(tmp_path / "Maildir", {"1795810475.M1P2.mx": compose()})
    import_maildir(box)
    (box / "cur" / "1795810475.M1P2.mx:2,S").rename(box / "new" / "1795810475.M1P2.mx")  # the crash case
    assert import_maildir(box) == 0
    assert InboundMessage.objects.count() == 1
    assert not list((box / "new").iterdir())


def test_import_maildir_command(cast, tmp_path):
    box = _maildir(tmp_path / "Maildir", {"a.mx": compose()})
    out = io.StringIO()
    call_command("import_maildir", str(box), stdout=out)
    assert out.getvalue().strip() == "1 new e-mails stored"

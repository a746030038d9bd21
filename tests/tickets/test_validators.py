import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.tickets.files import MB, exe, png, text_file
from tickets.validators import validate_attachment, validate_text


def messages_for(exc_info: pytest.ExceptionInfo, field: str) -> str:
    return " ".join(exc_info.value.message_dict[field])


class TestValidateText:
    def test_returns_the_text_without_surrounding_whitespace(self):
        assert validate_text("  Checkout fails  \n", field="body") == "Checkout fails"

    def test_keeps_non_ascii_text(self):
        assert validate_text("Größe ändern – 注文", field="body") == "Größe ändern – 注文"

    @pytest.mark.parametrize("value", ["", "   ", "\n\t"])
    def test_refuses_blank_text_naming_the_field(self, value):
        with pytest.raises(ValidationError) as exc_info:
            validate_text(value, field="subject")
        assert "blank" in messages_for(exc_info, "subject")

    def test_allows_blank_text_when_not_required(self):
        assert validate_text("  ", field="body", required=False) == ""

    @pytest.mark.parametrize("value", ["ab\x00cd", "ab\ufffdcd"])
    def test_refuses_nul_bytes_and_replacement_characters_as_invalid_utf8(self, value):
        with pytest.raises(ValidationError) as exc_info:
            validate_text(value, field="body")
        assert "UTF-8" in messages_for(exc_info, "body")

    def test_refuses_text_longer_than_the_setting(self, settings):
        settings.TICKET_BODY_MAX_CHARS = 10
        with pytest.raises(ValidationError) as exc_info:
            validate_text("x" * 11, field="body")
        assert "At most 10 characters" in messages_for(exc_info, "body")

    def test_an_explicit_limit_wins_over_the_setting(self):
        with pytest.raises(ValidationError):
            validate_text("x" * 201, field="subject", max_chars=200)
        assert validate_text("x" * 200, field="subject", max_chars=200) == "x" * 200


class TestValidateAttachment:
    def test_returns_the_content_type_from_the_extension_and_the_sha256(self):
        upload = png()
        content = upload.read()
        assert validate_attachment(upload) == ("image/png", hashlib.sha256(content).hexdigest())

    def test_leaves_the_upload_ready_to_be_read_again(self):
        upload = text_file()
        validate_attachment(upload)
        assert upload.read().startswith(b"Fatal error")

    def test_takes_the_type_from_the_extension_not_from_what_the_client_claims(self):
        upload = SimpleUploadedFile("page.html", b"<script>alert(1)</script>", content_type="text/html")
        assert validate_attachment(upload)[0] == "text/plain"

    def test_refuses_an_exe(self):
        with pytest.raises(ValidationError) as exc_info:
            validate_attachment(exe())
        assert "setup.exe" in messages_for(exc_info, "attachments")
        assert "not accepted" in messages_for(exc_info, "attachments")

    def test_refuses_a_file_without_an_extension(self):
        with pytest.raises(ValidationError):
            validate_attachment(SimpleUploadedFile("README", b"hello"))

    def test_refuses_a_file_over_the_size_limit(self, settings):
        settings.ATTACHMENT_MAX_BYTES = MB
        with pytest.raises(ValidationError) as exc_info:
            validate_attachment(png(size=MB + 1))
        assert "larger than 1 MB" in messages_for(exc_info, "attachments")

    def test_accepts_a_file_exactly_at_the_size_limit(self, settings):
        settings.ATTACHMENT_MAX_BYTES = 1000
        assert validate_attachment(png(size=1000))[0] == "image/png"

    def test_refuses_an_empty_file(self):
        with pytest.raises(ValidationError) as exc_info:
            validate_attachment(SimpleUploadedFile("empty.txt", b""))
        assert "empty" in messages_for(exc_info, "attachments")

    def test_refuses_a_program_renamed_to_an_image(self):
        with pytest.raises(ValidationError) as exc_info:
            validate_attachment(SimpleUploadedFile("cat.png", b"MZ\x90\x00" + b"\0" * 50))
        assert "looks like a program" in messages_for(exc_info, "attachments")

    def test_refuses_an_elf_binary_renamed_to_a_log(self):
        with pytest.raises(ValidationError):
            validate_attachment(SimpleUploadedFile("server.log", b"\x7fELF\x02\x01" + b"\0" * 50))

    def test_refuses_a_file_whose_content_does_not_match_its_extension(self):
        with pytest.raises(ValidationError) as exc_info:
            validate_attachment(SimpleUploadedFile("invoice.pdf", b"just some text"))
        assert "not really a PDF" in messages_for(exc_info, "attachments")

    def test_accepts_a_shell_script_sent_as_plain_text(self):
        assert validate_attachment(SimpleUploadedFile("notes.txt", b"#!/bin/sh\necho hi\n"))[0] == "text/plain"

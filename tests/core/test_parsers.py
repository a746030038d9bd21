"""core/api/parsers.py: bytes that are not UTF-8 are reported on the field that holds them."""

import io

import pytest
from rest_framework.exceptions import ParseError, ValidationError

from core.api.parsers import INVALID_UTF8, JSONParser


def parse(raw: bytes, charset: str = "utf-8"):
    return JSONParser().parse(io.BytesIO(raw), "application/json", {"encoding": charset})


def test_valid_json_is_parsed_as_usual():
    assert parse('{"subject": "Größe", "n": [1, 2]}'.encode()) == {"subject": "Größe", "n": [1, 2]}


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b'{"subject": "Caf\xe9"}', "subject"),
        (b'{"tags": ["ok", "\xff"]}', "tags.1"),
        (b'{"requester": {"name": "\xc3\x28"}}', "requester.name"),
        (b'"\xff"', "non_field_errors"),
    ],
)
def test_an_invalid_byte_is_reported_on_its_field(raw, field):
    with pytest.raises(ValidationError) as exc_info:
        parse(raw)
    assert exc_info.value.detail == {field: [INVALID_UTF8]}


def test_an_invalid_byte_in_a_key_is_reported_without_the_raw_byte():
    with pytest.raises(ValidationError) as exc_info:
        parse(b'{"sub\xffject": "x"}')
    assert list(exc_info.value.detail) == ["sub\ufffdject"]


def test_broken_json_is_still_a_parse_error():
    with pytest.raises(ParseError):
        parse(b'{"subject": ')


def test_other_charsets_are_decoded_as_declared():
    assert parse('{"subject": "Café"}'.encode("latin-1"), charset="latin-1") == {"subject": "Café"}

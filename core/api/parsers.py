"""A JSON parser that names the field holding bytes that are not valid UTF-8.

DRF's JSONParser decodes the whole body strictly, so one stray byte turns into a bare
`parse_error` that names no field. Here the body is decoded with `surrogateescape` (each
invalid byte becomes a lone surrogate), parsed, and the first string that holds such a
surrogate is reported as a 400 on its field. Nothing reaches a serializer or service.
"""

import codecs
import re
from typing import Any

from rest_framework import parsers, serializers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
INVALID_UTF8 = "The text contains invalid characters (it is not valid UTF-8)."


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def _bad_paths(value: Any, path: str = "") -> list[str]:
    """Where (as `field` or `field.0.name`) the parsed JSON holds an undecodable byte."""
    if isinstance(value, str):
        return [path or "non_field_errors"] if _ESCAPED_BYTE.search(value) else []
    if isinstance(value, dict):
        found = [_join(path, key) for key in value if _ESCAPED_BYTE.search(key)]
        for key, item in value.items():
            found += _bad_paths(item, _join(path, key))
        return found
    if isinstance(value, list):
        return [bad for index, item in enumerate(value) for bad in _bad_paths(item, _join(path, index))]
    return []


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):  # noqa: ANN001, ANN201
        encoding = parsers.get_encoding(parser_context or {})
        if codecs.lookup(encoding).name != "utf-8":
            return super().parse(stream, media_type, parser_context)
        try:
            text = stream.read().decode("utf-8", errors="surrogateescape")
            parse_constant = json.strict_constant if self.strict else None
            data = json.loads(text, parse_constant=parse_constant)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        bad = _bad_paths(data)
        if bad:
            # A bad byte in a key would end up in the error's field name: show it as U+FFFD there.
            raise serializers.ValidationError({_ESCAPED_BYTE.sub("\ufffd", p): [INVALID_UTF8] for p in bad})
        return data

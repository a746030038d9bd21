"""HTML mail to plain text: block elements become lines, blockquotes become "> " quotes."""

import html
import re
from html.parser import HTMLParser

BLOCK_TAGS = {"p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre",
              "blockquote", "section", "article", "header", "footer"}
LINE_TAGS = {"br", "li", "tr", "div"}  # end a line, not a paragraph
SKIP_TAGS = {"script", "style", "head", "title", "xml"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.quote_depth = 0
        self.skip_depth = 0

    def _newline(self, *, blank: bool = True) -> None:
        """Start a new line; `blank` allows one empty line between blocks (paragraphs)."""
        if self.lines[-1].strip() or (blank and len(self.lines) > 1 and self.lines[-2].strip()):
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skip_depth += 1
            return
        if tag in BLOCK_TAGS:
            self._newline(blank=tag not in LINE_TAGS)
        if tag == "blockquote":
            self.quote_depth += 1
        if tag == "li":
            self.lines[-1] += "- "

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
        if tag in BLOCK_TAGS:
            self._newline(blank=tag not in LINE_TAGS)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        text = re.sub(r"\s+", " ", data.replace("\xa0", " "))
        if not text.strip() and not self.lines[-1]:
            return
        if not self.lines[-1] and self.quote_depth:
            self.lines[-1] = "> " * self.quote_depth
            text = text.lstrip()
        self.lines[-1] += text

    def text(self) -> str:
        lines = [line.rstrip() for line in self.lines]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - broken HTML: fall back to removing the tags
        return html.unescape(re.sub(r"<[^>]+>", " ", markup)).strip()
    return parser.text()

"""Markdown to safe HTML: rendered with python-markdown, then sanitised with nh3.

Output never contains script, event handlers or `javascript:` links; links get
rel="noopener noreferrer nofollow"; images are allowed only over https.
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}


def _only_https_images(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not value.lower().startswith("https://"):
        return None
    return value


def render_markdown(text: str) -> str:
    html = markdown.markdown(text, extensions=["fenced_code", "tables", "sane_lists", "nl2br"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_only_https_images,
    )

"""Article text from an HTML page, with the standard library's parser.

Keeps the text of headings, paragraphs and list items inside ``<article>`` (or the
whole body when there is none); drops scripts, styles, navigation, headers, footers,
asides and forms.
"""
from __future__ import annotations

from html.parser import HTMLParser

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg", "button", "figure"}
_BLOCK = {"p", "h1", "h2", "h3", "h4", "li", "blockquote", "div", "br", "section", "article", "title"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.in_article = 0
        self.seen_article = False
        self.parts: list[str] = []
        self.article_parts: list[str] = []
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip_depth += 1
        if tag == "article":
            self.in_article += 1
            self.seen_article = True
        if tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self._add("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP and self.skip_depth:
            self.skip_depth -= 1
        if tag == "article" and self.in_article:
            self.in_article -= 1
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self._add("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
            return
        if not self.skip_depth:
            self._add(data)

    def _add(self, text: str) -> None:
        self.parts.append(text)
        if self.in_article:
            self.article_parts.append(text)


def html_to_text(html: str) -> tuple[str, str | None]:
    """(article text, page title or None)."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    parts = parser.article_parts if parser.seen_article else parser.parts
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    title = " ".join("".join(parser.title).split()) or None
    return text, title


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)

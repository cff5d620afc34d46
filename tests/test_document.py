"""Article bodies read once into blocks: Markdown through markdown-it, plain text as written."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from reader.bodies import heading_title, image_captions, markdown_document, plain_document
from reader.cli import main
from reader.document import Block, Link, Span
from reader.formats import parse_article
from reader.library import Library
from reader.query import parse_query

from conftest import write

BODY = """Para with *em*, **strong**, `code` and [a link](https://example.com/a) end.
second line of it

![A flooded street](street.jpg)

> Quoted words

- first item
  goes on

  more of the first
- second
  1. nested

```
# not a heading
code line
```

## Subheading
"""


def test_markdown_is_read_into_blocks_with_spans_and_links() -> None:
    document = markdown_document(BODY)
    kinds = [(b.kind, b.text, b.indent, b.quoted, b.marker) for b in document.blocks]
    assert kinds == [
        ("paragraph", "Para with em, strong, code and a link end. second line of it", 0, 0, ""),
        ("caption", "A flooded street", 0, 0, ""),
        ("paragraph", "Quoted words", 0, 1, ""),
        ("item", "first item goes on", 0, 0, "•"),
        ("item", "more of the first", 0, 0, ""),
        ("item", "second", 0, 0, "•"),
        ("item", "nested", 1, 0, "1."),
        ("code", "# not a heading\ncode line", 0, 0, ""),
        ("heading", "Subheading", 0, 0, ""),
    ]
    first = document.blocks[0]
    styled = {(first.text[s.start : s.end], s.kind) for s in first.spans}
    assert styled == {("em", "em"), ("strong", "strong"), ("code", "code"), ("a link", "link")}
    assert document.links == (Link("a link", "https://example.com/a"),)
    assert document.blocks[-1].level == 2
    assert document.captions() == ["A flooded street"]


def test_a_heading_inside_code_is_never_a_title_nor_cut_out() -> None:
    text = "```\n# comment\n```\n\n# Real title\n\nBody."
    assert heading_title(text) == ("Real title", "```\n# comment\n```\n\n\nBody.")
    article = parse_article(text.encode(), "notes.md")
    assert article.title == "Real title"
    assert "# comment" in article.body
    only_code = parse_article(b"```\n# comment\n```\n", "code.md")
    assert only_code.title == "```" and "# comment" in only_code.body


def test_image_captions_come_from_the_parsed_images_only() -> None:
    text = "![Seen *here*](a.jpg)\n\n```\n![not an image](b.jpg)\n```\n\nText ![Inline](c.png) more."
    assert image_captions(text) == ["Seen here", "Inline"]
    assert image_captions("No images at all [x](y).") == []


def test_character_references_cannot_smuggle_controls() -> None:
    document = markdown_document("Left &#x202E;right&#x202D; &#x1b;[2Jclear &#x2067;x&#x2069; end")
    text = document.blocks[0].text
    assert not any(c in text for c in "\u202e\u202d\x1b\u2067\u2069")
    assert "right" in text and "clear" in text


def test_raw_html_is_shown_as_text() -> None:
    assert markdown_document("<b>bold</b> <script>x()</script>").blocks == (
        Block("paragraph", "<b>bold</b> <script>x()</script>"),
    )


@pytest.mark.parametrize("unit", ["![", "[", "*a", "_a", "`a", "<a", "[a](", "~~a"])
def test_runs_of_markup_characters_cost_linear_time(unit: str) -> None:
    """Inline parsing is quadratic on such runs; they are read as text instead."""
    small, large = unit * 5_000, unit * 50_000
    started = time.perf_counter()
    markdown_document(small)
    small_seconds = time.perf_counter() - started
    started = time.perf_counter()
    document = markdown_document(large)
    large_seconds = time.perf_counter() - started
    assert document.blocks[0].text == large
    assert large_seconds < max(40 * small_seconds, 0.5)


def test_plain_text_keeps_its_lines_and_shows_runs_of_spaces_as_one() -> None:
    document = plain_document("One  line\n  two *not markup*\n\n\n1. Not a list")
    assert document.blocks == (
        Block("paragraph", "One line\ntwo *not markup*"),
        Block("paragraph", "1. Not a list"),
    )


def test_plain_text_articles_keep_their_text_exactly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(tmp_path, "notes.txt", "A plain title\n\nitem_1 has *stars* and a \\backslash\n\n# not a heading\n")
    assert main(["show", "notes", "-d", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["body"] == "item_1 has *stars* and a \\backslash\n\n# not a heading"


def test_snippets_show_words_not_markup(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.md",
        "---\ntitle: Markup story\n---\nSee **the zebra** in [the park](https://example.com/zebra-park).\n",
    )
    write(tmp_path, "b.txt", "Plain story\n\nThe zebra_crossing has *stars* in it.\n")
    library = Library.open(tmp_path)
    query = parse_query("zebra")
    hits = library.hits(library.search(query), query)
    snippets = sorted(hit.snippet for hit in hits.values())
    assert snippets == ["See the zebra in the park.", "The zebra_crossing has *stars* in it."]
    for hit in hits.values():
        assert [hit.snippet[a:b] for a, b in hit.snippet_matches] == ["zebra"]


def test_spans_never_reach_past_their_text() -> None:
    document = markdown_document("**bold [link](x) `code`** and *em*")
    for block in document.blocks:
        for span in block.spans:
            assert isinstance(span, Span) and 0 <= span.start < span.end <= len(block.text)

"""The README's "File formats" section stays true: each example file reads as its table says."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from reader.folders import humanise, read_folder_file
from reader.formats import ROOT_DOCUMENTS, parse_article
from reader.importer import to_markdown
from reader.model import Article
from reader.text import collation_key

from conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")
FORMATS = README.split("\n## File formats\n", 1)[1].split("\n## ", 1)[0]
# "`path/file.txt`:" (or a sentence ending so), a fenced file, then its "Newsdesk shows" table.
_EXAMPLE = re.compile(
    r"`(?P<path>[\w./-]+\.(?:md|txt|html))`:\n\n```\w+\n(?P<text>.*?)```\n\n"
    r"\| field \| Newsdesk shows \|\n\|---\|---\|\n(?P<rows>(?:\|[^\n]*\|\n)+)",
    re.DOTALL,
)
PARAGRAPH = " ¶ "
NOTHING = "–"


@dataclass(frozen=True)
class Example:
    """One example file of the README and the fields its table states."""

    path: str
    text: str
    shows: dict[str, str]


def examples() -> list[Example]:
    found = []
    for match in _EXAMPLE.finditer(FORMATS):
        rows = [row.strip("|").split(" | ", 1) for row in match["rows"].strip().split("\n")]
        shows = {name.strip(): value.strip() for name, value in rows}
        found.append(Example(match["path"], match["text"], shows))
    return found


EXAMPLES = examples()


def shown(article: Article, field: str) -> str | list[str]:
    """What Newsdesk shows of a field, as the tables write it."""
    if field == "body":
        return [p for p in article.body.split("\n\n") if p]
    if field == "related":
        return [ref.title or ref.ref for ref in article.related]
    values: dict[str, str | list[str]] = {
        "title": article.title,
        "author": article.author,
        "date": article.published.display() if article.published else "",
        "category": " › ".join(humanise(level) for level in article.category),
        "lead": article.lead,
        "source": article.source,
        "tags": ", ".join(article.tags),
        "captions": list(article.captions),
    }
    metadata = dict(article.metadata)
    assert field in values or field in metadata, f"the table names {field!r}, which the article lacks"
    return values[field] if field in values else metadata[field]


def agrees(stated: str, actual: str) -> bool:
    """A stated value is the value, or (ending in …) its beginning; `code` marks are the table's own."""
    stated = stated.strip("`")
    if stated == NOTHING:
        return actual == ""
    return actual == stated or (stated.endswith("…") and actual.startswith(stated[:-1]))


def test_every_shape_has_an_example() -> None:
    kinds = {example.path.rsplit(".", 1)[1] for example in EXAMPLES}
    assert kinds == {"md", "txt", "html"}
    assert len(EXAMPLES) == 8, [example.path for example in EXAMPLES]


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.path for example in EXAMPLES])
def test_an_example_reads_as_its_table_says(example: Example) -> None:
    article = parse_article(example.text.encode("utf-8"), example.path)
    for field, stated in example.shows.items():
        actual = shown(article, field)
        if isinstance(actual, list):
            parts = stated.split(PARAGRAPH) if stated != NOTHING else []
            assert len(parts) == len(actual), (field, actual)
            for part, value in zip(parts, actual, strict=True):
                assert agrees(part, value), (field, part, value)
        else:
            assert agrees(stated, actual), (field, stated, actual)


def test_the_plain_text_examples_are_plain_text() -> None:
    for example in EXAMPLES:
        if example.path.endswith(".txt") and "lai-chau" not in example.path:
            assert parse_article(example.text.encode("utf-8"), example.path).format == "plain"


def test_the_folder_file_example_reads() -> None:
    block = FORMATS.split("### Folders and names", 1)[1]
    text = re.search(r"```yaml\n(.*?)```", block, re.DOTALL)
    assert text is not None
    folder = read_folder_file(re.sub(r"(?m)^ +", "", text[1]).encode("utf-8"))
    assert (folder.name, folder.position) == ("Thời sự", 1)


def test_the_sort_order_example_is_in_order() -> None:
    sentence = FORMATS.split("count only between names otherwise alike (", 1)[1].split(")", 1)[0]
    names = re.findall(r"`([^`]+)`", sentence.replace("\n", " "))
    assert len(names) >= 6
    assert sorted(names, key=collation_key) == names


def test_the_root_documents_are_named() -> None:
    for name in ROOT_DOCUMENTS:
        assert f"`{name.upper()}`" in FORMATS, name


def test_the_import_example_is_what_import_writes() -> None:
    source = next(example for example in EXAMPLES if example.path.endswith("gia-lua.txt"))
    written = to_markdown(parse_article(source.text.encode("utf-8"), "gia-lua.txt"))
    importing = FORMATS.split("### Importing", 1)[1]
    shown_file = re.search(r"```markdown\n(.*?)```", importing, re.DOTALL)
    assert shown_file is not None
    head, _ellipsis = shown_file[1].split("…", 1)
    assert written.startswith(head.rstrip(" ,")), written

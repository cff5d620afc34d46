"""Hostile cases: freezes (text that cost a pattern or the YAML loader more than linear time or memory).

Each readable one is dated long ago, so that it sorts after the files other tests look for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hostile import Files

MAX_TITLE = 500  # reader.formats.common.MAX_TITLE: longer titles are cut, with an ellipsis
OLD = "published: 2001-01-01\n"


def add(files: Files) -> None:
    """Add this group's files to the hostile folder."""
    _numbers(files)
    _patterns(files)
    _alias_fan_outs(files)


def _numbers(files: Files) -> None:
    """Numbers YAML 1.1 reads in another base: kept as the text written (str() of a huge one raised)."""
    hex_title = "0x" + "f" * 3_700
    files.good("yaml-hex-title.md", _md(hex_title, OLD), _cut(hex_title))
    binary = "0b" + "1" * 15_000
    files.good(
        "yaml-binary-date.md", _md("Binary date", f"date: 2001-01-01\npublished: {binary}\n"), "Binary date"
    )
    base60 = ":".join(["1"] + ["2"] * 3_000)
    files.good("yaml-base60-tags.md", _md("Base-60 tags", f"{OLD}tags: {base60}\n"), "Base-60 tags")
    files.good("yaml-base60-title.md", _md(base60, OLD), _cut(base60))
    fraction = ":".join(["1"] * 300) + ".5"  # read as a float, it overflowed
    files.good(
        "yaml-base60-fraction.md", _md("Base-60 fraction", f"{OLD}lead: {fraction}\n"), "Base-60 fraction"
    )


def _patterns(files: Files) -> None:
    """Runs that made a pattern try every start and read to the end from each."""
    crumb = f'category: "a{" " * 30_000}b"\n'
    files.good("breadcrumb-spaces.md", _md("Spaces in a breadcrumb", OLD + crumb), "Spaces in a breadcrumb")
    files.good("heading-spaces.md", f"---\n{OLD}---\n# a{' ' * 3_000}b\n\nBody.\n", "a b")
    files.good("image-openers.md", _md("Image openers", OLD, "![" * 50_000), "Image openers")
    files.good("bracket-run.md", _md("Bracket run", OLD, "[" * 40_000 + " bracket"), "Bracket run")
    files.good(
        "question-run.txt", "Question run\n01/01/2001 08:00\n\n" + "?" * 100_000 + "x\n", "Question run"
    )
    files.good("semicolon-run.md", _md("Semicolon run", OLD, ";" * 100_000 + "x"), "Semicolon run")
    head = f'<title>Spaced{" " * 30_000}title</title><meta property="article:published_time" content="2001-01-01">'
    page = f"<html><head>{head}</head><body><p>{'Body text. ' * 20}</p></body></html>"
    files.good("title-spaces.html", page, "Spaced title")


def _alias_fan_outs(files: Files) -> None:
    """One big anchor named thousands of times: refused before the values are built."""
    words = "word " * 200_000
    refs = ", ".join(["*big"] * 5_000)
    files.bad("alias-fan-out-category.md", _md("Fan-out", f'big: &big "{words}"\ncategory: [{refs}]\n'))
    files.bad(
        "alias-fan-out-captions.md", _md("Fan-out", f'big: &big "{words[:300_000]}"\ncaptions: [{refs}]\n')
    )


def _md(title: str, extra: str = "", body: str = "Body text.") -> str:
    return f"---\ntitle: {title}\n{extra}---\n{body}\n"


def _cut(title: str) -> str:
    return title[: MAX_TITLE - 1].rstrip() + "…"

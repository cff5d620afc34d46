"""Rows are cut to the list's width by slicing when every character takes one cell: the same as Rich."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.style import Style
from rich.text import Text

from reader.ui.list_rows import fit

LETTERS = "abc XYZ-Đđàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹ…★●▶"
OTHERS = "中文字カナ한글\u0301\u0300\u200d\ufe0f👍🏽\t"


def texts(alphabet: str) -> st.SearchStrategy[Text]:
    """A text with a few styled stretches, as a row's title with its matches marked."""

    def build(plain: str, spans: list[tuple[int, int]]) -> Text:
        text = Text(plain, no_wrap=True, end="")
        for start, end in spans:
            text.stylize(Style(bold=True), start, end)
        return text

    spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=4)
    return st.builds(build, st.text(alphabet, max_size=60), spans)


@given(texts(LETTERS), st.integers(0, 70))
def test_fitting_one_cell_letters_is_what_rich_does(text: Text, width: int) -> None:
    assert_fits_as_rich_does(text, width)


@given(texts(LETTERS + OTHERS), st.integers(0, 70))
def test_fitting_wide_and_zero_width_characters_is_what_rich_does(text: Text, width: int) -> None:
    assert_fits_as_rich_does(text, width)


def assert_fits_as_rich_does(text: Text, width: int) -> None:
    ours, theirs = text.copy(), text.copy()
    fit(ours, width)
    theirs.truncate(width, overflow="ellipsis", pad=True)
    assert (ours.plain, ours.spans) == (theirs.plain, theirs.spans)


def test_a_long_vietnamese_title_is_cut_with_an_ellipsis_and_a_short_one_padded() -> None:
    long, short = Text("Hà Nội mở tuyến buýt điện đầu tiên"), Text("Huế")
    fit(long, 12)
    fit(short, 6)
    assert (long.plain, short.plain) == ("Hà Nội mở t…", "Huế   ")

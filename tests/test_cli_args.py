"""Arguments the command line cannot use: a usage error in one line (exit 2), never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.cli import main

from conftest import write

NOT_UTF8 = os.fsdecode(b"caf\xe9")  # what Python makes of the bytes `caf\xe9` on the command line
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_text_must_be_utf8_but_names_of_files_need_not_be(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = write(
        tmp_path, f"{NOT_UTF8}/one.md", "---\ntitle: In a folder not named in UTF-8\n---\nx\n"
    ).parent
    assert main(["search", NOT_UTF8, "-d", str(folder)]) == 2
    assert main(["list", "-d", str(folder)]) == 0
    assert "In a folder not named in UTF-8" in capsys.readouterr().out
    outside = write(folder, "from-a-name.txt", "Imported from a folder not named in UTF-8\n\nBody.\n")
    (tmp_path / "into").mkdir()
    assert main(["import", "-d", str(tmp_path / "into"), str(outside)]) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["search", NOT_UTF8],
        ["search", "--json", "good", f"-{NOT_UTF8}"],
        ["show", NOT_UTF8],
        ["list", "-c", NOT_UTF8],
        ["mark", "read", NOT_UTF8],
        ["import", f"http://{NOT_UTF8}.example/"],
        ["import", "-c", NOT_UTF8, "a.md"],
        ["fetch", NOT_UTF8],
        ["feeds", "remove", NOT_UTF8],
        ["feeds", "add", "--no-check", "--name", NOT_UTF8, "https://example.com/feed"],
    ],
)
def test_text_that_is_not_utf8_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    code = main([*argv, "-d", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.endswith("is not valid UTF-8\n") and err.count("\n") == 1
    assert "caf\\xe9" in err
    assert list(tmp_path.iterdir()) == []  # nothing was written before the refusal


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["list", "--limit", "٣"], "expected a whole number, not '٣'"),
        (["list", "--limit", "1_000"], "expected a whole number, not '1_000'"),
        (["search", "x", "--limit", "+5"], "expected a whole number, not '+5'"),
        (["list", "--limit", "9" * 5000], "expected a whole number from 1 to 1,000,000,000, not 9999"),
        (["list", "--limit", "99999999999999999999"], "from 1 to 1,000,000,000, not 99999999999999999999"),
        (["list", "--limit", BIDI], "expected a whole number, not '\\u202a\\u202b"),
        (["list", BIDI], "unrecognized arguments: \\u202a\\u202b\\u202c\\u202d\\u202e\\u2066"),
        (["-d", "", "list"], "expected a folder, not an empty name"),
        (["list", "-d", ""], "expected a folder, not an empty name"),
    ],
)
def test_usage_errors_are_one_line_that_shows_the_input_escaped(
    capsys: pytest.CaptureFixture[str],
    sample_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    said: str,
) -> None:
    monkeypatch.setenv("NEWSDESK_DIR", str(sample_dir))  # `-d ""` must not fall back to it
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    out, err = capsys.readouterr()
    assert stopped.value.code == 2 and out == ""
    assert said in err and err.count("\n") == 1 and len(err) < 300
    assert not set(BIDI) & set(err)

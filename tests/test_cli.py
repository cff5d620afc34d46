"""The command line: every command, its JSON, its exit codes, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main

from conftest import write

SEED_ID = "xa-hoi/dan-toc/lai-chau-cai-cach-hanh-chinh"
ARTICLE_KEYS = {
    "id", "path", "format", "title", "category", "author", "published", "lead", "body",
    "captions", "tags", "source", "related", "problems", "read", "starred",
}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_has_documented_keys_without_body(
    capsys: pytest.CaptureFixture[str], sample_dir: Path
) -> None:
    code, out, _ = run(capsys, "list", "-d", str(sample_dir), "--json")
    items = json.loads(out)
    assert code == 0
    assert len(items) >= 41
    assert all(set(item) == ARTICLE_KEYS - {"body"} for item in items)
    dates = [item["published"] for item in items if item["published"]]
    assert dates[0].startswith("2025")


def test_list_by_category_and_limit(capsys: pytest.CaptureFixture[str], sample_dir: Path) -> None:
    code, out, _ = run(capsys, "list", "-d", str(sample_dir), "-c", "science/space", "--json")
    items = json.loads(out)
    assert code == 0 and items
    assert all(item["category"][:2] == ["Science", "Space"] for item in items)
    code, out, _ = run(capsys, "list", "-d", str(sample_dir), "--limit", "3")
    assert code == 0 and len(out.splitlines()) == 3
    assert out.splitlines()[0].split("\t")[2] == "Harbour City win cup final on penalties"


def test_list_unknown_category_is_an_error(capsys: pytest.CaptureFixture[str], sample_dir: Path) -> None:
    code, out, err = run(capsys, "list", "-d", str(sample_dir), "-c", "Nope")
    assert code == 1 and out == ""
    assert err == "newsdesk: no category 'Nope'\n"


def test_show_seed_json(capsys: pytest.CaptureFixture[str], sample_dir: Path) -> None:
    code, out, _ = run(capsys, "show", SEED_ID, "-d", str(sample_dir), "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == ARTICLE_KEYS
    assert data["format"] == "news-page"
    assert data["author"] == "Trọng Bảo"
    assert data["published"] == "2019-10-21T11:52:00"
    assert len(data["captions"]) == 1
    assert data["related"] == [
        {
            "title": 'Đak Đoa (Gia Lai): Câu lạc bộ "Thủ lĩnh của sự thay đổi" giúp trẻ em DTTS tự tin vững bước',
            "summary": data["related"][0]["summary"],
            "id": "xa-hoi/dan-toc/dak-doa-clb-thu-linh-thay-doi",
        }
    ]
    assert data["related"][0]["summary"].startswith("Dù mới được thành lập")


def test_show_seed_plain_by_path(capsys: pytest.CaptureFixture[str], sample_dir: Path) -> None:
    path = sample_dir / (SEED_ID + ".txt")
    code, out, _ = run(capsys, "show", str(path), "-d", str(sample_dir))
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "Lai Châu: Triển khai đồng bộ các giải pháp cải cách hành chính"
    assert lines[2] == "Trọng Bảo · 2019-10-21 11:52"
    assert "Related stories:" in lines


def test_show_missing_article(capsys: pytest.CaptureFixture[str], sample_dir: Path) -> None:
    code, out, err = run(capsys, "show", "nope", "-d", str(sample_dir))
    assert (code, out, err) == (1, "", "newsdesk: no article 'nope'\n")


def test_categories_json_tree(capsys: pytest.CaptureFixture[str], sample_dir: Path) -> None:
    code, out, _ = run(capsys, "categories", "-d", str(sample_dir), "--json")
    tree = json.loads(out)
    assert code == 0
    science = next(node for node in tree if node["name"] == "Science")
    assert set(science) == {"name", "count", "children"}
    assert science["count"] >= sum(child["count"] for child in science["children"])
    assert {child["name"] for child in science["children"]} >= {"Space", "Climate"}


def test_check_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_dir: Path) -> None:
    assert run(capsys, "check", "-d", str(sample_dir))[:2] == (0, "")
    write(tmp_path / "bad", "ok.md", "---\ntitle: Ok\n---\n")
    write(tmp_path / "bad", "broken.md", "---\ntitle: [\n---\n")
    code, out, _ = run(capsys, "check", "-d", str(tmp_path / "bad"))
    assert code == 1
    assert out.startswith("broken.md: front matter is not valid YAML")
    assert len(out.splitlines()) == 1


def test_import_writes_new_markdown_and_never_overwrites(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_bytes: bytes
) -> None:
    root = tmp_path / "articles"
    root.mkdir()
    source = write(tmp_path, "incoming/page.txt", seed_bytes)
    code, out, _ = run(capsys, "import", str(source), "-d", str(root), "-c", "Dân tộc / Miền núi")
    first = Path(out.strip())
    assert code == 0 and first.exists() and first.suffix == ".md"
    assert first.parent == root / "dan-toc" / "mien-nui"
    code, out, _ = run(capsys, "import", str(source), "-d", str(root), "-c", "Dân tộc / Miền núi")
    second = Path(out.strip())
    assert code == 0 and second != first and second.name.endswith("-2.md")
    code, out, _ = run(capsys, "show", str(first), "-d", str(root), "--json")
    data = json.loads(out)
    assert data["title"] == "Lai Châu: Triển khai đồng bộ các giải pháp cải cách hành chính"
    assert data["category"] == ["Dân tộc", "Miền núi"]
    assert data["author"] == "Trọng Bảo"
    assert data["published"] == "2019-10-21T11:52:00"
    assert len(data["captions"]) == 1
    assert data["related"][0]["title"].startswith("Đak Đoa")
    assert not [p for p in root.rglob(".*")]


def test_import_keeps_the_id_a_file_names_so_that_stories_pointing_at_it_still_find_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "articles"
    write(root, "follow-up.md", "---\ntitle: The follow-up\nrelated: [harbour-2031]\n---\nMore.\n")
    named = write(tmp_path, "in/a.md", "---\ntitle: The first report\nid: harbour-2031\n---\nBody.\n")
    unnamed = write(tmp_path, "in/b.md", "---\ntitle: An unnamed one\n---\nBody.\n")
    blank = write(
        tmp_path, "in/c.md", '---\ntitle: A blank id\nid: "\\a "\n---\nBody.\n'
    )  # cleaned to nothing
    for source in (named, unnamed, blank):
        assert run(capsys, "import", str(source), "-d", str(root), "-c", "News")[0] == 0
    assert "id: harbour-2031\n" in (root / "news" / "the-first-report.md").read_text("utf-8")
    assert "id:" not in (root / "news" / "an-unnamed-one.md").read_text("utf-8")  # its path is its id
    assert "id:" not in (root / "news" / "a-blank-id.md").read_text("utf-8")
    code, out, _ = run(capsys, "show", "follow-up", "-d", str(root), "--json")
    assert code == 0
    assert json.loads(out)["related"][0]["id"] == "harbour-2031"  # found in the folder, not a dead link
    code, out, _ = run(capsys, "list", "-d", str(root))
    assert "news/an-unnamed-one" in out and "harbour-2031" in out


def test_import_refuses_bad_input_and_outside_targets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "articles"
    root.mkdir()
    source = write(tmp_path, "in/a.md", "---\ntitle: A\n---\nBody")
    code, out, err = run(
        capsys,
        "import",
        str(source),
        str(tmp_path / "missing.md"),
        "-d",
        str(root),
        "-c",
        "../../etc",
    )
    written = Path(out.strip())
    assert code == 1
    assert written.resolve().is_relative_to(root.resolve())
    assert "missing.md" in err
    assert not (tmp_path / "etc").exists()


def test_missing_folder_names_both_ways_to_give_one(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "list"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "NEWSDESK_DIR" in result.stderr and "articles" in result.stderr
    assert "Traceback" not in result.stderr


def test_console_script_uses_the_environment_folder(sample_dir: Path, tmp_path: Path) -> None:
    """$NEWSDESK_DIR wins over an `articles` folder where the command is run."""
    elsewhere = tmp_path / "elsewhere"
    write(
        elsewhere,
        "articles/decoy.md",
        "---\ntitle: Decoy in the working folder\npublished: 2099-01-01\n---\nx\n",
    )
    script = Path(sys.executable).parent / "newsdesk"
    env = {"NEWSDESK_DIR": str(sample_dir), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [str(script), "list", "--limit", "1"],
        env=env,
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "Harbour City" in result.stdout and "Decoy" not in result.stdout


def test_marks_from_the_command_line_show_in_list(
    capsys: pytest.CaptureFixture[str], sample_dir: Path
) -> None:
    folder = str(sample_dir)
    assert run(capsys, "mark", "read", SEED_ID, "-d", folder)[0] == 0
    assert run(capsys, "mark", "star", "football-2025-cup-final", "-d", folder)[0] == 0
    code, _out, err = run(capsys, "mark", "star", "no-such-article", "-d", folder)
    assert code == 1 and "no article 'no-such-article'" in err
    lines = run(capsys, "list", "-d", folder)[1].splitlines()
    by_id = {line.split("\t")[3]: line.split("\t") for line in lines}
    assert by_id[SEED_ID][4:] == ["1", "0"] and by_id["football-2025-cup-final"][4:] == ["0", "1"]
    unread = run(capsys, "list", "-d", folder, "--unread", "--json")[1]
    assert SEED_ID not in {item["id"] for item in json.loads(unread)}
    starred = json.loads(run(capsys, "list", "-d", folder, "--starred", "--json")[1])
    assert [(item["id"], item["starred"], item["read"]) for item in starred] == [
        ("football-2025-cup-final", True, False)
    ]
    assert run(capsys, "mark", "unstar", "football-2025-cup-final", "-d", folder)[0] == 0
    assert run(capsys, "list", "-d", folder, "--starred")[1] == ""


def test_a_folder_alone_opens_the_reader_and_help_says_so(
    monkeypatch: pytest.MonkeyPatch, sample_dir: Path
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr("reader.ui.app.run_app", lambda root: opened.append(root) or 0)
    assert main([str(sample_dir)]) == 0 and opened == [sample_dir]
    help_text = subprocess.run(
        [sys.executable, "-m", "reader", "--help"], capture_output=True, text=True
    ).stdout
    assert "With no command (or with only a folder) Newsdesk opens the reader." in help_text
    version = subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("newsdesk ") and version.returncode == 0


def test_search_takes_words_that_must_not_match_and_exits_alike(
    capsys: pytest.CaptureFixture[str], sample_dir: Path
) -> None:
    folder = str(sample_dir)
    code, out, _ = run(capsys, "search", "cup", "-d", folder)
    assert code == 0 and "Harbour City" in out
    code, out, _ = run(capsys, "search", "cup", "-football", "-d", folder)
    assert "Harbour City" not in out
    code, out, _ = run(capsys, "search", "-d", folder, "--json", "zzzunfindable")
    assert code == 1 and json.loads(out) == []
    assert run(capsys, "search", "-d", folder, "zzzunfindable")[0] == 1
    code, _out, err = run(capsys, "search", "-d", folder, "--json", "")
    assert code == 2 and "give some words" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--limit", "0"], "expected a whole number from 1"),
        (["search", "x", "--limit", "-3"], "expected a whole number"),
        (["list", "--limit", "99999999999999999999"], "expected a whole number from 1"),
        (["list", "--limit", "ten"], "expected a whole number, not 'ten'"),
    ],
)
def test_usage_errors_say_what_was_expected(
    capsys: pytest.CaptureFixture[str], sample_dir: Path, args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([*args, "-d", str(sample_dir)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "_positive" not in err and "count_argument" not in err


def test_a_category_by_its_last_part_and_a_folder_with_a_tilde(
    capsys: pytest.CaptureFixture[str], sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(sample_dir.parent))
    monkeypatch.setenv("NEWSDESK_DIR", "~/" + sample_dir.name)
    items = json.loads(run(capsys, "list", "-c", "Football", "--json")[1])
    assert items and {tuple(item["category"]) for item in items} == {("Sport", "Football")}
    write(sample_dir, "x/Space/other.md", "---\ntitle: Another space\ncategory: Elsewhere / Space\n---\nx\n")
    code, _out, err = run(capsys, "list", "-c", "space")
    assert code == 1 and "could be any of" in err and "Science / Space" in err


def test_check_json_and_singular_words(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(tmp_path, "ok.md", "---\ntitle: Ok\n---\nx\n")
    write(tmp_path, "broken.md", "---\ntitle: [\n---\n")
    code, out, err = run(capsys, "check", "-d", str(tmp_path), "--json")
    assert code == 1
    [problem] = json.loads(out)
    assert problem["path"] == "broken.md" and problem["severity"] == "error" and "YAML" in problem["reason"]
    assert err.strip() == "1 article, 1 file with errors, 0 warnings"


def test_show_takes_several_and_list_gives_bodies(
    capsys: pytest.CaptureFixture[str], sample_dir: Path
) -> None:
    folder = str(sample_dir)
    items = json.loads(run(capsys, "show", SEED_ID, "football-2025-cup-final", "-d", folder, "--json")[1])
    assert [item["id"] for item in items] == [SEED_ID, "football-2025-cup-final"]
    listed = json.loads(run(capsys, "list", "-d", folder, "--json", "--body", "--limit", "2")[1])
    assert all(item["body"] for item in listed)
    lines = run(capsys, "list", "-d", folder, "--jsonl", "--body")[1].splitlines()
    assert len(lines) == 46 and all(json.loads(line)["body"] for line in lines[:3])

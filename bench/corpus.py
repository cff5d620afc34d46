"""Deterministic synthetic article folders for the benchmark.

Text is drawn from the vocabulary of the bundled sample articles (Vietnamese and
English), with word frequencies that fall off like real text, in articles of a
realistic length; categories have two levels; a third of the articles link to
others; all three file formats appear.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "articles"
TOPICS = {
    "Thời sự": ["Chính trị", "Giao thông", "Đô thị", "Môi trường"],
    "Kinh tế": ["Doanh nghiệp", "Nông nghiệp", "Tài chính", "Bất động sản"],
    "Thế giới": ["Châu Á", "Châu Âu", "Châu Mỹ", "Châu Phi"],
    "Giáo dục": ["Tuyển sinh", "Du học", "Đại học"],
    "Sức khỏe": ["Y tế", "Dinh dưỡng", "Bệnh viện"],
    "Science": ["Space", "Climate", "Biology", "Physics"],
    "Sport": ["Football", "Cycling", "Tennis", "Athletics"],
    "Culture": ["Books", "Music", "Film", "Theatre"],
    "Technology": ["Software", "Hardware", "Internet"],
    "Business": ["Markets", "Startups", "Energy"],
}
VIETNAMESE_TOPICS = {"Thời sự", "Kinh tế", "Thế giới", "Giáo dục", "Sức khỏe"}
AUTHORS = ["Trọng Bảo", "Minh Anh", "Hoàng Nam", "Lan Hương", "Quốc Việt", "Thu Trang", "Đức Anh"]
NEWEST_TITLE = "Newsdesk benchmark: the newest story of all"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words by frequency rank, for one language."""

    words: list[str]
    cumulative: list[float]


def _vocabularies() -> tuple[Vocabulary, Vocabulary]:
    vietnamese: dict[str, int] = {}
    english: dict[str, int] = {}
    for path in sorted(SAMPLE.rglob("*")):
        if path.suffix not in (".md", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")
        target = (
            vietnamese
            if re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉọỏốồổỗộớờởỡợụủứừửữựỳỷỹỵ]", text)
            else english
        )
        for word in _WORD.findall(text):
            target[word.lower()] = target.get(word.lower(), 0) + 1
    return _ranked(vietnamese), _ranked(english)


def _ranked(counts: dict[str, int]) -> Vocabulary:
    words = sorted(counts, key=lambda w: (-counts[w], w))
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(len(words))))
    return Vocabulary(words, cumulative)


class CorpusWriter:
    """Writes `count` articles under `root`, the same ones every time for the same count."""

    def __init__(self, root: Path, count: int, seed: int = 1) -> None:
        self.root = root
        self.count = count
        self.random = random.Random(seed)
        self.vietnamese, self.english = _vocabularies()
        self.ids: list[str] = []

    def sentence(self, vocabulary: Vocabulary, low: int = 8, high: int = 24) -> str:
        count = self.random.randint(low, high)
        words = self.random.choices(vocabulary.words, cum_weights=vocabulary.cumulative, k=count)
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self, vocabulary: Vocabulary) -> str:
        return " ".join(self.sentence(vocabulary) for _ in range(self.random.randint(2, 5)))

    def title(self, vocabulary: Vocabulary) -> str:
        return self.sentence(vocabulary, 6, 13).rstrip(".")

    def write(self) -> Path:
        """Write the folder and return it."""
        topics = [(top, sub) for top, subs in TOPICS.items() for sub in subs]
        start = datetime(2015, 1, 1, 6, 0)
        for number in range(self.count):
            top, sub = topics[number % len(topics)]
            vocabulary = self.vietnamese if top in VIETNAMESE_TOPICS else self.english
            when = start + timedelta(minutes=self.random.randint(0, 60 * 24 * 365 * 10))
            kind = ("md", "md", "md", "page", "plain")[number % 5]
            self._write_one(number, top, sub, vocabulary, when, kind)
        self._write_newest()
        return self.root

    def _write_one(
        self, number: int, top: str, sub: str, vocabulary: Vocabulary, when: datetime, kind: str
    ) -> None:
        folder = self.root / _slug(top) / _slug(sub)
        folder.mkdir(parents=True, exist_ok=True)
        title = self.title(vocabulary)
        lead = self.paragraph(vocabulary)
        body = "\n\n".join(self.paragraph(vocabulary) for _ in range(self.random.randint(4, 9)))
        stem = f"a{number:06d}"
        self.ids.append(f"{_slug(top)}/{_slug(sub)}/{stem}")
        if kind == "md":
            related = (
                self.random.sample(self.ids[-200:], k=min(3, len(self.ids) - 1)) if number % 3 == 0 else []
            )
            text = _markdown(title, f"{top} / {sub}", when, lead, body, related)
            (folder / f"{stem}.md").write_text(text, encoding="utf-8")
        elif kind == "page":
            byline = f"{AUTHORS[number % len(AUTHORS)]} - {when:%H:%M, %d/%m/%Y}"
            page = "\n\n".join([sub, title, byline, lead, body, "Tin liên quan", self.title(vocabulary)])
            (folder / f"{stem}.txt").write_text(page + "\n", encoding="utf-8")
        else:
            (folder / f"{stem}.txt").write_text(f"{title}\n\n{lead}\n\n{body}\n", encoding="utf-8")

    def _write_newest(self) -> None:
        when = datetime(2030, 1, 1, 12, 0)
        text = _markdown(NEWEST_TITLE, "Culture / Books", when, "The newest article.", "Body.", [])
        (self.root / "newest.md").write_text(text, encoding="utf-8")


def _markdown(title: str, category: str, when: datetime, lead: str, body: str, related: list[str]) -> str:
    lines = [
        "---",
        f"title: {_quote(title)}",
        f"category: {_quote(category)}",
        f"published: {when.isoformat()}+07:00",
        f"lead: {_quote(lead)}",
        "tags: [benchmark]",
    ]
    if related:
        lines.append("related: [" + ", ".join(related) + "]")
    return "\n".join([*lines, "---", body, ""])


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _slug(text: str) -> str:
    from reader.text import slugify

    return slugify(text)


def make_corpus(root: Path, count: int) -> Path:
    """Write a deterministic folder of `count` (+1 newest) articles."""
    return CorpusWriter(root, count).write()

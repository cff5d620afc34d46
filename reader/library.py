"""The facade the CLI and the TUI share: open a folder, list, get, relate, categorise."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from reader.categories import (
    CategoryKey,
    CategoryNames,
    adopt_declared_names,
    build_tree,
    category_key,
    matches,
)
from reader.formats import EXTENSIONS
from reader.model import Article, CategoryNode, FolderError, NotFound, Problem, Related
from reader.related import Resolver
from reader.scan import read_entry, scan_folder

Progress = Callable[[int, int], None]


def resolve_root(directory: str | os.PathLike[str] | None) -> Path:
    """The article folder: the argument, else $NEWSDESK_DIR, else ./articles."""
    if directory is None:
        directory = os.environ.get("NEWSDESK_DIR") or None
    if directory is None:
        if Path("articles").is_dir():
            return Path("articles")
        raise FolderError(
            "no article folder: pass -d DIR, set NEWSDESK_DIR, or run where ./articles exists"
        )
    root = Path(directory)
    if not root.is_dir():
        raise FolderError(f"{root}: not a folder")
    return root


@dataclass(frozen=True, slots=True)
class Changes:
    """What a rescan found: article ids added, changed and removed."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @classmethod
    def between(cls, before: Mapping[str, object], after: Mapping[str, object]) -> Changes:
        """Compare id -> file signature maps from before and after a scan."""
        return cls(
            added=tuple(sorted(after.keys() - before.keys())),
            changed=tuple(sorted(k for k in after.keys() & before.keys() if after[k] != before[k])),
            removed=tuple(sorted(before.keys() - after.keys())),
        )

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class Library:
    """A folder of article files, parsed, with its categories and related links."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._articles: dict[str, Article] = {}
        self._ordered: list[Article] = []
        self._problems: list[Problem] = []
        self._names = CategoryNames()
        self._resolver = Resolver()
        self._outcomes: dict[str, Article | Problem] = {}
        self._signatures: dict[str, tuple[int, int]] = {}

    @classmethod
    def open(
        cls, directory: str | os.PathLike[str] | None, progress: Progress | None = None
    ) -> Library:
        """Open and scan a folder (see `resolve_root` for how it is found)."""
        library = cls(resolve_root(directory))
        library.scan(progress)
        return library

    def scan(self, progress: Progress | None = None) -> Changes:
        """Read new and changed files under the root (all of them the first time)."""
        result = scan_folder(self.root)
        before = {a.id: self._signatures.get(a.path) for a in self._ordered}
        outcomes: dict[str, Article | Problem] = {}
        signatures: dict[str, tuple[int, int]] = {}
        for done, entry in enumerate(result.files, 1):
            signature = (entry.size, entry.mtime_ns)
            known = self._outcomes.get(entry.relpath)
            unchanged = known is not None and self._signatures.get(entry.relpath) == signature
            outcomes[entry.relpath] = known if unchanged and known else read_entry(entry)
            signatures[entry.relpath] = signature
            if progress:
                progress(done, len(result.files))
        self._outcomes, self._signatures = outcomes, signatures
        parsed = [o for o in outcomes.values() if isinstance(o, Article)]
        problems = [o for o in outcomes.values() if isinstance(o, Problem)]
        self._load(parsed, result.problems + problems)
        after = {a.id: self._signatures.get(a.path) for a in self._ordered}
        return Changes.between(before, after)

    def _load(self, parsed: list[Article], problems: list[Problem]) -> None:
        articles = _unique_ids(parsed)
        adopted = adopt_declared_names([(a.category, a.category_from_file) for a in articles])
        self._names = CategoryNames()
        for levels in adopted:
            self._names.add(levels)
        articles = [
            replace(a, category=self._names.display(levels))
            for a, levels in zip(articles, adopted, strict=True)
        ]
        articles.sort(key=Article.sort_key)
        self._ordered = articles
        self._articles = {a.id: a for a in articles}
        self._resolver = Resolver.build(articles)
        self._problems = problems

    def articles(
        self, *, category: str | tuple[str, ...] | None = None, limit: int | None = None
    ) -> list[Article]:
        """Articles newest first (undated last), optionally in one category and below."""
        chosen = self._ordered
        if category:
            wanted = self.category_key_of(category)
            chosen = [a for a in chosen if matches(category_key(a.category), wanted)]
        return chosen[:limit] if limit is not None else list(chosen)

    def category_key_of(self, category: str | tuple[str, ...]) -> CategoryKey:
        """The merge key of a category a user typed, matched loosely if need be."""
        levels = (
            tuple(p.strip() for p in category.split("/") if p.strip())
            if isinstance(category, str)
            else category
        )
        wanted = category_key(levels)
        if any(matches(category_key(a.category), wanted) for a in self._ordered):
            return wanted
        for article in self._ordered:
            key = category_key(article.category)
            if matches(key, wanted, loose=True):
                return key[: len(wanted)]
        raise NotFound(f"no category {'/'.join(levels)!r}")

    def get(self, ref: str) -> Article:
        """One article by id or by path (relative to the root, or as given on a command line)."""
        found = self._articles.get(ref) or self._by_path(ref)
        if found is None:
            raise NotFound(f"no article {ref!r}")
        return found

    def _by_path(self, ref: str) -> Article | None:
        target = (
            self._resolver.resolve(ref) if "/" in ref or ref.endswith(tuple(EXTENSIONS)) else None
        )
        if target is None and os.path.exists(ref):
            relative = os.path.relpath(os.path.realpath(ref), os.path.realpath(self.root))
            if not relative.startswith(".."):
                target = self._resolver.resolve(Path(relative).as_posix())
        if target is None and posixpath.splitext(ref)[1] == "":
            target = self._resolver.by_id.get(ref)
        return self._articles.get(target) if target else None

    def related(self, article: Article | str) -> list[Related]:
        """The article's related stories as its file names them, resolved where possible."""
        if isinstance(article, str):
            article = self.get(article)
        return self._resolver.related_of(article)

    def same_category(self, article: Article, limit: int = 5) -> list[Related]:
        """Other stories of the article's category, newest first."""
        key = category_key(article.category)
        others = [
            a for a in self._ordered if a.id != article.id and category_key(a.category) == key
        ]
        return [Related(a.title, a.lead, a.id, kind="category") for a in others[:limit]]

    def categories(self, is_unread: Callable[[str], bool] | None = None) -> CategoryNode:
        """The category tree, with article (and unread) counts that include subcategories."""
        unread = is_unread or (lambda _id: True)
        return build_tree(
            (category_key(a.category), a.category, unread(a.id)) for a in self._ordered
        )

    def problems(self) -> list[Problem]:
        """Files that could not be read or parsed, then warnings about those that were."""
        warnings = [Problem(a.path, w, "warning") for a in self._ordered for w in a.problems]
        unresolved = [
            Problem(a.path, f"related {r.ref!r} matches no article", "warning")
            for a in self._ordered
            if a.format == "markdown"
            for r in a.related
            if self._resolver.resolve(r.ref, a.path) is None
        ]
        return sorted(self._problems, key=lambda p: p.path) + sorted(
            warnings + unresolved, key=lambda p: p.path
        )

    def __len__(self) -> int:
        return len(self._ordered)


def _unique_ids(articles: list[Article]) -> list[Article]:
    """Give every article its own id: a later file whose id is taken keeps its path as id."""
    taken: dict[str, str] = {}
    unique: list[Article] = []
    for article in sorted(articles, key=lambda a: a.path):
        if article.id in taken:
            note = f"id {article.id!r} is already used by {taken[article.id]}; using the path"
            article = replace(article, id=article.path, problems=(*article.problems, note))
        taken[article.id] = article.path
        unique.append(article)
    return unique

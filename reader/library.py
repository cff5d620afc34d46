"""The facade the command line and the reader share: open a folder, list, get, relate, search, mark.

It holds no SQL: it checks what it is asked and hands the work to the folder's index
(catalogue, search, stories, problems, writer) and to the read/starred marks it owns.
Bodies stay in the index until an article is asked for.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from reader.categories import CategoryKey, parse_filter
from reader.index.mending import Mending
from reader.index.problem_pages import ProblemPages
from reader.index.records import Hit, Summary, ViewSpec
from reader.index.rowsets import Rows
from reader.index.store import Index, open_store
from reader.index.sync import Changes, Progress, StopCheck
from reader.index.windows import KeysetRows
from reader.model import Article, CategoryNode, FolderError, NotFound, Problem, Related
from reader.query import Query, parse_query
from reader.related import resolve
from reader.scan import display_path
from reader.state import Mark, ReadState, StateError

__all__ = ["Changes", "Hit", "Library", "Summary", "ViewSpec", "resolve_root"]


def resolve_root(directory: str | os.PathLike[str] | None, configured: str | None = None) -> Path:
    """The article folder: the argument, else $NEWSDESK_DIR, else the config's `folder`, else ./articles."""
    if directory is None or str(directory) == "":
        directory = os.environ.get("NEWSDESK_DIR") or configured or None
    if directory is None:
        if Path("articles").is_dir():
            return Path("articles")
        raise FolderError(
            "no article folder: pass -d DIR, set NEWSDESK_DIR or `folder` in the config file, "
            "or run where ./articles exists"
        )
    root = Path(directory).expanduser()
    if not root.is_dir():
        raise FolderError(f"{display_path(str(root))}: not a folder")
    return root


class Library:
    """A folder of article files, indexed, with its categories, related stories and marks."""

    def __init__(self, root: Path, *, index: Index, marks: ReadState | None = None) -> None:
        self.root = root
        self.index = index
        self.marks = marks
        self.mending = Mending(index, marks)  # a file damaged while open is replaced, and the reader told
        self.notices: list[str] = [marks.notice] if marks is not None and marks.notice else []
        self._index_version: int | None = None

    @classmethod
    def open(
        cls,
        directory: str | os.PathLike[str] | None = None,
        *,
        progress: Progress | None = None,
        sync: bool = True,
        marks: bool = True,
        temporary_ok: bool = False,
    ) -> Library:
        """Open a folder (with its marks) and, unless told not to, bring its index up to date.

        Where the cache or data folder cannot be used, this raises (one line says why);
        with `temporary_ok` (the reader) the index and the marks are kept in temporary
        folders for the session instead, and `notices` says so.
        """
        root = resolve_root(directory)
        state = _open_marks(root, temporary_ok) if marks else None
        try:
            marks_file = state.path if state else None
            index, notice = open_store(root, marks_file=marks_file, temporary_ok=temporary_ok)
        except BaseException:
            if state is not None:
                state.close()
            raise
        library = cls(root, index=index, marks=state)
        library.notices += [notice] if notice else []
        if sync:
            library.sync(progress)
        return library

    @property
    def index_file(self) -> Path:
        """Where the index is kept."""
        return self.index.file

    def close(self) -> None:
        """Close the index and the marks (removing temporary ones); searches under way stop first."""
        self.index.searcher.close()
        self.index.close()
        if self.marks is not None:
            self.marks.close()

    def marks_changed_elsewhere(self) -> bool:
        """True when another program changed the marks since the last look (a cheap poll)."""
        return self.marks is not None and self.marks.changed_elsewhere()

    def index_written_since(self) -> bool:
        """True when the index was written (by another program, or this one's sync thread) since
        the last look from this thread (SQLite's data_version: a cheap poll, no table read)."""
        version = int(self.index.connections.get().execute("PRAGMA data_version").fetchone()[0])
        changed = self._index_version is not None and version != self._index_version
        self._index_version = version
        return changed

    # Keeping up with the folder --------------------------------------------------------

    def sync(
        self, progress: Progress | None = None, should_stop: StopCheck = lambda: False, settle: float = 0.0
    ) -> Changes:
        """Read new and changed files into the index; drop vanished ones.

        A file that cannot be read and changed less than `settle` seconds ago is left
        for later (`Changes.deferred`) rather than reported: it is probably being written.
        """
        return self.index.writer.sync(progress, should_stop, settle)

    def sync_changed(self, paths: Iterable[str], settle: float = 0.0) -> Changes:
        """Bring the index up to date for changed paths (walking the folder when they need it)."""
        return self.index.writer.sync_paths(paths, settle)

    def rebuild(self) -> None:
        """Throw the index away and start a new one (it is only a cache)."""
        self.index.writer.rebuild()

    # Categories and lists ---------------------------------------------------------------

    def __len__(self) -> int:
        return self.index.catalog.count()

    def categories(self, *, with_unread: bool = False) -> CategoryNode:
        """The category tree; counts include subcategories."""
        return self.index.catalog.categories(with_unread=with_unread)

    def category_key_of(self, category: str | tuple[str, ...]) -> CategoryKey:
        """The category a user named (`Kinh tế / Nông nghiệp`, `kinh te`), or NotFound."""
        levels = parse_filter(category) if isinstance(category, str) else category
        if not levels:
            raise NotFound("no category named")
        return self.index.catalog.category_key_of(levels)

    def category_of(self, article_id: str) -> tuple[str, ...]:
        """The category (display names) an article is shown under."""
        return self.index.catalog.category_of(article_id)

    def view_rowids(self, spec: ViewSpec | None = None, *, category: CategoryKey | None = None) -> list[int]:
        """Row ids of a view, newest first (all articles when no view is given)."""
        return self.index.catalog.view_rowids(spec or ViewSpec(category=category))

    def rows(self, spec: ViewSpec) -> Rows[Summary] | KeysetRows[Summary]:
        """A view's list rows, read a window at a time."""
        return self.index.catalog.rows(spec)

    def has_dates(self, spec: ViewSpec) -> bool:
        """True when some article of a view gives a publication date."""
        return self.index.catalog.has_dates(spec)

    def summaries(self, rowids: list[int]) -> dict[int, Summary]:
        """List rows for some row ids."""
        return self.index.catalog.summaries(rowids)

    def rowid_of(self, article_id: str) -> int | None:
        """The row id of an article id."""
        return self.index.catalog.rowid_of(article_id)

    def starred_counts(self) -> tuple[int, int]:
        """(unread, all) starred articles that are in the folder."""
        return self.index.catalog.starred_counts()

    def titles_matching(self, text: str, limit: int = 40) -> list[tuple[str, str]]:
        """(id, title) of articles whose title has every word typed, newest first."""
        return self.index.catalog.titles_matching(text, _count(limit))

    # Articles ---------------------------------------------------------------------------

    def articles(
        self,
        *,
        category: str | tuple[str, ...] | None = None,
        limit: int | None = None,
        with_body: bool = False,
    ) -> list[Article]:
        """Whole articles, newest first (the command line's list)."""
        key = self.category_key_of(category) if category else None
        rowids = self.view_rowids(ViewSpec(category=key))
        if limit is not None:
            rowids = rowids[: _count(limit)]
        return self.articles_by_rowid(rowids, with_body=with_body)

    def articles_by_rowid(self, rowids: list[int], *, with_body: bool = False) -> list[Article]:
        """Whole articles for some row ids, in that order."""
        return list(self.index.catalog.articles(rowids, with_body=with_body))

    def get(self, ref: str) -> Article:
        """One whole article by id or by path (relative to the root, or as given on a command line)."""
        catalog = self.index.catalog
        rowid = catalog.rowid_of(ref) or catalog.rowid_by_path(ref, self.root)
        found = self.articles_by_rowid([rowid], with_body=True) if rowid is not None else []
        if not found:
            raise NotFound(f"no article {ref!r}")
        return found[0]

    def file_problem(self, article_id: str) -> str | None:
        """Why an article's file cannot be read now (the index keeps its last good text), or None."""
        return self.index.catalog.file_problem(article_id)

    def copies_of(self, article_id: str) -> list[str]:
        """Where else the same article is (the paths of exact copies, relative to the root)."""
        return self.index.catalog.copies_of(article_id)

    # Stories and search ------------------------------------------------------------------

    def related(self, article: Article | str) -> list[Related]:
        """The stories the article's file names, resolved where possible."""
        return self.index.stories.linked(self.get(article) if isinstance(article, str) else article)

    def all_related(self, article: Article) -> list[Related]:
        """Its own links first, then stories like it, then others of its category."""
        return self.index.stories.all_related(article)

    def similar(self, article: Article, limit: int = 5) -> list[Related]:
        """Stories like this one, same category first."""
        return self.index.stories.similar(article, _count(limit))

    def same_category(self, article: Article, limit: int = 5) -> list[Related]:
        """Other stories of the article's category, newest first."""
        return self.index.stories.same_category(article, _count(limit))

    def search(self, query: str | Query, *, limit: int = 500) -> list[int]:
        """Row ids matching a query, best first; raises QueryError for a malformed query."""
        return self.index.searcher.search(_query(query), limit=_count(limit))

    def count_results(self, query: str | Query, *, most: int) -> int | None:
        """How many results a search gives, counted up to `most`; None when only the search can say
        (counting would take as long)."""
        return self.index.searcher.count(_query(query), most=_count(most))

    def results(self, query: str | Query, *, limit: int = 500) -> Rows[Hit]:
        """A search's result rows, best first, read a window at a time."""
        parsed = _query(query)
        return self.result_rows(self.search(parsed, limit=limit), parsed)

    def result_rows(self, rowids: list[int], query: Query, *, total: int | None = None) -> Rows[Hit]:
        """The result rows of row ids a search found (in another thread, say), read a window at a time;
        `total` when these are the first of that many (the others are not known yet)."""
        return Rows(rowids, lambda wanted: self.hits(wanted, query), self.rowid_of, length=total)

    def stop_searches(self) -> None:
        """Stop the searches running in other threads (each raises SearchStopped)."""
        self.index.searcher.stop()

    def hits(self, rowids: list[int], query: str | Query) -> dict[int, Hit]:
        """Result rows for some row ids: the summary, where the title matched, a snippet."""
        return self.index.searcher.hits(rowids, _query(query))

    # Problems -----------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """Files that could not be read or parsed, then warnings about those that were."""
        return self.index.problems.problems()

    def problem_pages(self) -> ProblemPages:
        """The same problems counted, and read a page at a time (a list on screen of any length)."""
        return self.index.problems.pages()

    def unreadable_count(self) -> int:
        """How many files could not be read or parsed."""
        return self.index.problems.unreadable_count()

    def unreported_problems(self) -> list[Problem]:
        """Files that cannot be read and were not reported before, now or at an earlier start.

        Each is remembered as reported, so the same empty files are not announced at every
        start; a file that is mended and breaks again is new again.
        """
        unreadable = self.index.problems.errors()
        keys = {problem_key(p) for p in unreadable}
        reported = set((self.recall(REPORTED_PROBLEMS) or "").split())
        if keys != reported:
            self.remember(REPORTED_PROBLEMS, " ".join(sorted(keys)))
        return [p for p in unreadable if problem_key(p) not in reported]

    # Marks ---------------------------------------------------------------------------------

    def is_read(self, article_id: str) -> bool:
        """True once the article has been opened or marked read."""
        return self.marks is not None and self.marks.is_read(article_id)

    def is_starred(self, article_id: str) -> bool:
        """True while the article is starred."""
        return self.marks is not None and self.marks.is_starred(article_id)

    def set_read(self, article_id: str, read: bool = True) -> None:
        """Mark read or unread (StateError if the marks file cannot be written)."""
        self._mark(article_id, "read", read)

    def set_starred(self, article_id: str, starred: bool = True) -> None:
        """Star or unstar (StateError if the marks file cannot be written)."""
        self._mark(article_id, "starred", starred)

    def set_marks(self, article_ids: Iterable[str], mark: Mark, value: bool) -> None:
        """Set or clear a mark on many articles at once."""
        if self.marks is None:
            raise NotFound("this library was opened without its marks")
        self.marks.set_marks(article_ids, mark, value)

    def marked(self, article_ids: Iterable[str], mark: Mark) -> set[str]:
        """Which of these articles have the mark."""
        return self.marks.marked(article_ids, mark) if self.marks is not None else set()

    def ids_in(self, spec: ViewSpec) -> list[str]:
        """The article ids of a view, in its order (for marking a whole view)."""
        return self.index.catalog.ids_of(self.index.catalog.view_rowids(spec))

    def remember(self, key: str, value: str) -> None:
        """Keep something about the reading session for the next start (quietly, if it cannot be)."""
        if self.marks is not None:
            with contextlib.suppress(StateError):
                self.marks.remember(key, value)

    def recall(self, key: str) -> str | None:
        """What the last session kept under a key."""
        return self.marks.recall(key) if self.marks is not None else None

    def resolve_link(self, article: Article, href: str) -> str | None:
        """The id of the article a link in `article` leads to, when it leads into the folder."""
        return resolve(href, article.path, self.index.stories.lookups)

    def _mark(self, article_id: str, mark: Mark, value: bool) -> None:
        if self.marks is None:
            raise NotFound("this library was opened without its marks")
        self.marks.set_mark(article_id, mark, value)


REPORTED_PROBLEMS = "problems reported"


def _open_marks(root: Path, temporary_ok: bool) -> ReadState:
    """The folder's marks; with `temporary_ok`, marks for the session when they cannot be kept."""
    try:
        return ReadState.for_folder(root)
    except StateError as error:
        if not temporary_ok:
            raise
        return ReadState.temporary(str(error))


def problem_key(problem: Problem) -> str:
    """A short fingerprint of a file and what is wrong with it."""
    return hashlib.blake2b(f"{problem.path}\0{problem.reason}".encode(), digest_size=8).hexdigest()


def _count(value: int) -> int:
    """A limit as given by a caller: a whole number, zero or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"a limit must be a whole number, zero or more (not {value!r})")
    return value


def _query(query: str | Query) -> Query:
    return parse_query(query) if isinstance(query, str) else query

"""The SQLite index: where it lives, its schema, and opening it safely from many threads and processes.

The index is a cache of parsed articles (and a full-text index over them). Deleting
it loses nothing. Its file name carries the schema version, so a newer Newsdesk never
reads (or deletes) the index an older one has open; a corrupt file is replaced.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.paths import cache_dir, folder_key
from reader.sqlite import BUSY_SECONDS, is_corruption, set_wal

SCHEMA_VERSION = 13  # 13: front matter keeps yes/no/on/off/true/false as the text written
SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    article INTEGER,
    problem TEXT
);
CREATE INDEX IF NOT EXISTS files_article ON files (article);
-- Columns read by lists and searches come first, long texts last: SQLite reads a row's
-- columns in order, and a column after a long body costs its overflow pages.
-- The list indexes hold copy_of, so that a list never reads the table to skip copies.
-- Indexes in an order unlike the files' cost most of a first index's writing (each batch
-- writes most of their pages again): their keys are kept short (the content key is an
-- integer), and the ids files ask for are indexed only where they differ from the id held.
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    raw_cat TEXT NOT NULL,
    author TEXT NOT NULL,
    published TEXT,
    has_time INTEGER NOT NULL,
    undated INTEGER NOT NULL,
    ts REAL NOT NULL,
    copy_of INTEGER,
    content_key INTEGER NOT NULL,
    wanted_id TEXT NOT NULL,
    tags TEXT NOT NULL,
    source TEXT NOT NULL,
    language TEXT NOT NULL,
    problems TEXT NOT NULL,
    related TEXT NOT NULL,
    metadata TEXT NOT NULL,
    captions TEXT NOT NULL,
    lead TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_content ON articles (content_key);
CREATE INDEX IF NOT EXISTS articles_claims ON articles (wanted_id) WHERE wanted_id != id;
CREATE INDEX IF NOT EXISTS articles_order ON articles (ts DESC, title_key, copy_of);
CREATE INDEX IF NOT EXISTS articles_cat ON articles (raw_cat, ts DESC, title_key, copy_of);
CREATE INDEX IF NOT EXISTS articles_title ON articles (title_key, ts, copy_of);
-- What ranking search results reads of each match, in row order: a search that matches
-- 50,000 of a million articles reads this and not the articles' wide rows.
CREATE INDEX IF NOT EXISTS articles_rank ON articles (rowid, copy_of, ts, title_key, undated);
CREATE TABLE IF NOT EXISTS catmap (
    raw_cat TEXT PRIMARY KEY,
    cat_key TEXT NOT NULL,
    names TEXT NOT NULL,
    positions TEXT NOT NULL,
    articles INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS folders (
    folder TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    position INTEGER
);
CREATE INDEX IF NOT EXISTS catmap_key ON catmap (cat_key);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (
    title, lead, body, category, author, tags,
    content = '', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab (fts, 'row');
CREATE VIRTUAL TABLE IF NOT EXISTS fts_exact USING fts5 (
    title, lead, body, category, author, tags,
    content = '', tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE IF NOT EXISTS vocab_exact USING fts5vocab (fts_exact, 'row');
"""


class IndexUnusable(Exception):
    """The index file cannot be used as it is (corrupt, or another schema)."""


def index_path(root: Path) -> Path:
    """The index file of an article folder (and of this schema), in the user cache directory."""
    return cache_dir() / "index" / f"{folder_key(root)}.v{SCHEMA_VERSION}.sqlite3"


def open_index(path: Path, factory: type[sqlite3.Connection] = sqlite3.Connection) -> sqlite3.Connection:
    """Open the index (a connection of class `factory`), creating it, or replacing it if it is corrupt."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open_checked(path, factory)
    except sqlite3.DatabaseError as error:
        if not is_corruption(error):
            raise  # busy or locked for longer than we wait: the index is fine
    except IndexUnusable:
        pass
    remove_index(path)
    return _open_checked(path, factory)


def remove_index(path: Path) -> None:
    """Delete an index file and its journal files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _open_checked(path: Path, factory: type[sqlite3.Connection]) -> sqlite3.Connection:
    db = sqlite3.connect(
        path.resolve().as_uri(),
        factory=factory,
        timeout=BUSY_SECONDS,
        check_same_thread=False,
        isolation_level=None,
        uri=True,
    )
    try:
        set_wal(db)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA cache_size=-8000")
        db.execute("PRAGMA main.journal_size_limit=67108864")  # a long sync's log shrinks back to 64 MiB
        _create_schema(db)
    except (IndexUnusable, sqlite3.DatabaseError):
        db.close()
        raise
    return db


def _create_schema(db: sqlite3.Connection) -> None:
    """Create the tables once, inside a write transaction, so two processes never race."""
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if version not in (0, SCHEMA_VERSION) or (version == 0 and tables):
            raise IndexUnusable(f"index schema {version}, expected {SCHEMA_VERSION}")
        if version == 0:
            for statement in SCHEMA.split(";\n"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")

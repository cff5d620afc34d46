"""The SQLite index: where it lives, its schema, and rebuilding it when it is unusable.

The index is a cache of parsed articles (and a full-text index over them). Deleting
it loses nothing; a corrupt file or one from another schema version is replaced.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.paths import cache_dir, folder_key
from reader.state import is_corruption

SCHEMA_VERSION = 4
SCHEMA = """
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    article INTEGER,
    problem TEXT
);
CREATE TABLE articles (
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
    lead TEXT NOT NULL,
    body TEXT NOT NULL,
    captions TEXT NOT NULL,
    tags TEXT NOT NULL,
    source TEXT NOT NULL,
    language TEXT NOT NULL,
    related TEXT NOT NULL,
    metadata TEXT NOT NULL,
    problems TEXT NOT NULL
);
CREATE INDEX articles_order ON articles (undated, ts DESC, title_key);
CREATE INDEX articles_cat ON articles (raw_cat, undated, ts DESC, title_key);
CREATE INDEX articles_title ON articles (title_key);
CREATE TABLE catmap (
    raw_cat TEXT PRIMARY KEY,
    cat_key TEXT NOT NULL,
    names TEXT NOT NULL,
    articles INTEGER NOT NULL
);
CREATE INDEX catmap_key ON catmap (cat_key);
CREATE VIRTUAL TABLE fts USING fts5 (
    title, lead, body, category, author, tags,
    content = '', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE vocab USING fts5vocab (fts, 'row');
"""


class IndexUnusable(Exception):
    """The index file cannot be used as it is (corrupt, or another schema)."""


def index_path(root: Path) -> Path:
    """The index file of an article folder, in the user cache directory."""
    return cache_dir() / "index" / f"{folder_key(root)}.sqlite3"


def connect(path: Path) -> sqlite3.Connection:
    """Open the index, creating it, or replacing it if it is corrupt or out of date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open_checked(path)
    except sqlite3.DatabaseError as error:
        if not is_corruption(error):
            raise  # busy or locked: the index is fine, just not available this instant
    except IndexUnusable:
        pass
    remove_index(path)
    return _open_checked(path)


def remove_index(path: Path) -> None:
    """Delete an index file and its journal files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _open_checked(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(
        path.resolve().as_uri(), timeout=10.0, check_same_thread=False, isolation_level=None, uri=True
    )
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA cache_size=-8000")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == 0 and tables == 0:
            db.executescript(f"BEGIN; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
        elif version != SCHEMA_VERSION:
            raise IndexUnusable(f"index schema {version}, expected {SCHEMA_VERSION}")
        else:
            db.execute("SELECT 1 FROM files LIMIT 1").fetchone()
    except (IndexUnusable, sqlite3.DatabaseError):
        db.close()
        raise
    return db

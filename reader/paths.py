"""Where Newsdesk keeps its own files: config, state (data) and cache directories.

Each can be moved with an environment variable (NEWSDESK_CONFIG_DIR,
NEWSDESK_DATA_DIR, NEWSDESK_CACHE_DIR), which is how tests keep away from $HOME.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

from reader.text import slugify

APP_NAME = "newsdesk"


def _directory(kind: str, default: str) -> Path:
    override = os.environ.get(f"NEWSDESK_{kind}_DIR")
    return Path(override) if override else Path(default)


def config_dir() -> Path:
    """User configuration (platform config dir)."""
    return _directory("CONFIG", platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    """Read and starred state: kept even when the cache is deleted."""
    return _directory("DATA", platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """The article index: deleting it loses nothing."""
    return _directory("CACHE", platformdirs.user_cache_dir(APP_NAME))


def folder_key(root: Path) -> str:
    """A stable, file-name-safe name for an article folder: `articles-1a2b3c4d5e`."""
    real = os.path.realpath(root)
    digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return f"{slugify(os.path.basename(real), 'folder', 40)}-{digest}"


def file_identity(path: Path) -> tuple[int, int] | None:
    """Which file is at a path (device, inode): a file put in another's place is another one; None if none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)

"""Newsdesk: a terminal news reader for a folder of article files."""

__version__ = "0.1.0"

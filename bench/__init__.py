"""Benchmark and terminal-driving tools (not part of the installed package)."""

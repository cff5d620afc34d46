"""Which browser opens a link, and how: never a program that could freeze the reader."""

from __future__ import annotations

import pytest

from reader.ui.external import browser_command

URL = "https://example.com/story"


@pytest.fixture(autouse=True)
def no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)


def test_browser_from_the_environment_gets_the_url_last_or_at_percent_s(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("BROWSER", "firefox --new-tab")
    assert browser_command(URL) == (["firefox", "--new-tab", URL], False)
    monkeypatch.setenv("BROWSER", "chromium --app=%s --incognito")
    assert browser_command(URL) == (["chromium", f"--app={URL}", "--incognito"], False)


def test_terminal_browsers_run_in_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("BROWSER", "/usr/bin/w3m")
    assert browser_command(URL) == (["/usr/bin/w3m", URL], True)
    monkeypatch.delenv("DISPLAY")
    monkeypatch.setenv("BROWSER", "firefox")
    assert browser_command(URL) == (["firefox", URL], True)  # without a display it can only be in here


def test_a_configured_browser_wins_and_a_bad_one_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER", "firefox")
    monkeypatch.setenv("DISPLAY", ":0")
    assert browser_command(URL, "qutebrowser") == (["qutebrowser", URL], False)
    assert "cannot be read" in str(browser_command(URL, 'vim "unbalanced'))


def test_no_browser_at_all_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reader.ui.external.shutil.which", lambda name: None)
    assert browser_command(URL) == "No browser was found: set $BROWSER (or the browser setting) to one."

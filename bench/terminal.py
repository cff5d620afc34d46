"""A program in a pseudo-terminal, and the screen a person would see (pexpect + pyte)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence

import pexpect
import pyte

PIECE_GAP = 0.002  # seconds: longer than between two pieces of one write, shorter than a frame


class Terminal:
    """Runs a command in a pty of a given size and keeps a pyte screen of its output."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        columns: int = 120,
        lines: int = 40,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
    ) -> None:
        full_env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": str(columns),
            "LINES": str(lines),
        }
        full_env.update(env or {})
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.child = pexpect.spawn(
            argv[0],
            list(argv[1:]),
            env=full_env,
            cwd=cwd,
            dimensions=(lines, columns),
            timeout=None,
        )
        self.child.delaybeforesend = None  # pexpect sleeps 50 ms before every send by default
        self.arrived = time.perf_counter()  # when the last output was read
        self.shown_at = self.arrived  # when the output that satisfied the last `wait_for` was read

    @property
    def pid(self) -> int:
        """The child's process id."""
        return int(self.child.pid)

    def pump(self, wait: float = 0.0) -> bool:
        """Feed whatever output is ready (waiting up to `wait` seconds); False at EOF."""
        try:
            data = self.child.read_nonblocking(65536, timeout=wait)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False
        self.arrived = time.perf_counter()
        data += self._rest()
        self.raw.extend(data)
        self.stream.feed(data)
        return True

    def _rest(self) -> bytes:
        """The rest of what was written with the data just read.

        A pty hands a frame over in pieces of at most 4 KB, each ready a fraction of a
        millisecond after the last. Taking them all before parsing any (a 4 KB piece
        takes this Python terminal about 10 ms to parse) times a frame when it was all
        there, as a real terminal would see it, not when this one got round to reading it.
        """
        rest = bytearray()
        until = time.perf_counter() + 0.05  # a program that never pauses is read in turns
        while time.perf_counter() < until:
            try:
                rest += self.child.read_nonblocking(65536, timeout=PIECE_GAP)
            except pexpect.TIMEOUT:
                return bytes(rest)
            except pexpect.EOF:
                return bytes(rest)  # the next pump sees the end
            self.arrived = time.perf_counter()
        return bytes(rest)

    def text(self) -> str:
        """The screen as lines of text."""
        return "\n".join(self.screen.display)

    def wait_for(self, predicate: str | Callable[[str], bool], timeout: float = 20.0) -> float:
        """Pump output until the screen shows `predicate`; return the seconds it took.

        `shown_at` is then the moment the output that made the screen show it was read:
        timings use it, so that they do not count the time this Python terminal takes to
        parse that output (12 ms for a 5 KB frame; a real terminal takes well under one).
        """
        test = predicate if callable(predicate) else (lambda screen: predicate in screen)
        start = time.perf_counter()
        deadline = start + timeout
        self.shown_at = start
        while True:
            if test(self.text()):
                return time.perf_counter() - start
            if time.perf_counter() > deadline:
                raise TimeoutError(f"screen never showed {predicate!r}:\n{self.text()}")
            if not self.pump(0.02):
                if test(self.text()):
                    return time.perf_counter() - start
                raise EOFError(f"program ended before showing {predicate!r}:\n{self.text()}")
            self.shown_at = self.arrived

    def send(self, keys: str) -> None:
        """Type keys (raw bytes; use escape sequences for special keys)."""
        self.child.send(keys)

    def settle(self, quiet: float = 0.3, limit: float = 5.0) -> None:
        """Pump until no output has arrived for `quiet` seconds."""
        deadline = time.perf_counter() + limit
        last = len(self.raw)
        quiet_since = time.perf_counter()
        while time.perf_counter() < deadline:
            if not self.pump(0.05):
                return
            if len(self.raw) != last:
                last, quiet_since = len(self.raw), time.perf_counter()
            elif time.perf_counter() - quiet_since >= quiet:
                return

    def wait_exit(self, timeout: float = 10.0) -> int | None:
        """Read to the end and return the exit status."""
        deadline = time.perf_counter() + timeout
        while self.pump(0.05):
            if time.perf_counter() > deadline:
                raise TimeoutError("program did not exit")
        self.child.close()
        return self.child.exitstatus

    def close(self) -> None:
        """Stop the program if it is still running."""
        if self.child.isalive():
            self.child.terminate(force=True)


KEYS = {
    "enter": "\r",
    "escape": "\x1b",
    "backspace": "\x7f",
    "down": "\x1b[B",
    "up": "\x1b[A",
    "tab": "\t",
}

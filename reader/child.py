"""Child processes for work that would stall the screen: this very package, spoken to over pipes.

A thread would not do for long pure-Python work: it holds the interpreter lock, and
the screen's thread, which needs the lock many times a frame, stalls as if it did the
work itself. A child is `python -m <module>` with this package first on its path;
values go both ways as `marshal` data (plain tuples, lists, strings and numbers), each
after its length. A child exits when its stdin closes, so none outlives the reader.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

_SIZE = 8  # bytes of the length before each value


class ChildError(Exception):
    """A child stopped before it answered (it was stopped, or it failed)."""


def start(module: str, *args: str) -> subprocess.Popen[bytes]:
    """Run `python -m module args...` with pipes to its stdin and stdout."""
    package_parent = str(Path(__file__).resolve().parent.parent)
    path = [package_parent, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path)},
    )


def stop(child: subprocess.Popen[bytes]) -> None:
    """Kill a child and close its pipes (a thread waiting on it gets a ChildError)."""
    child.kill()
    child.wait()
    for pipe in (child.stdin, child.stdout):
        if pipe is not None:
            pipe.close()


def send(pipe: IO[bytes] | None, value: Any) -> None:
    """Write a value, then flush."""
    data = marshal.dumps(value)
    try:
        if pipe is None:
            raise ValueError("no pipe")
        pipe.write(len(data).to_bytes(_SIZE, "big") + data)
        pipe.flush()
    except (OSError, ValueError) as error:
        raise ChildError(f"the child process stopped ({error})") from error


def receive(pipe: IO[bytes] | None) -> Any:
    """Read a value (ChildError if the pipe closed first)."""
    try:
        if pipe is None:
            raise ValueError("no pipe")
        size = int.from_bytes(_exactly(pipe, _SIZE), "big")
        return marshal.loads(_exactly(pipe, size))
    except (OSError, ValueError, EOFError) as error:
        raise ChildError(f"the child process stopped ({error})") from error


def _exactly(pipe: IO[bytes], size: int) -> bytes:
    data = pipe.read(size)
    if len(data) < size:
        raise EOFError("the pipe closed")
    return data

"""Reading long article bodies in a child process, so the reader's own process never waits on them.

Markdown costs about 0.1 ms a line to read: 200 KB of one-line list items take seconds.
The child (`python -m reader.body_reading`, see `reader.child`) reads bodies from its
stdin and answers each with its document, one at a time; stopping a reading kills it,
and the next reading starts another.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any

from reader import child as children
from reader.bodies import body_document
from reader.child import ChildError
from reader.document import Block, Document, Link, Span

DECODE_SLICE = 250  # blocks made between two chances for other threads to run


class BodyReader:
    """A child process that reads bodies into documents, started when first needed."""

    def __init__(self) -> None:
        self._child: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()  # guards the child
        self._busy = threading.Lock()  # held while a body is being read

    def read(self, body: str, article_format: str, *, wanted: Callable[[], bool] = lambda: True) -> Document:
        """The document of a body, read in the child; blocks the calling thread (call it from a worker).

        One reading at a time; ChildError when the reading is not `wanted` any more, was
        stopped, or the child failed.
        """
        with self._busy:
            child = self._started(wanted)
            children.send(child.stdin, (body, article_format))
            reply = children.receive(child.stdout)
        if isinstance(reply, str):
            raise ChildError(reply)
        return decode(reply)

    def stop(self) -> None:
        """Stop the child (a reading in progress raises ChildError); the next reading starts another."""
        with self._lock:
            child, self._child = self._child, None
        if child is not None:
            children.stop(child)

    def _started(self, wanted: Callable[[], bool]) -> subprocess.Popen[bytes]:
        with self._lock:  # a `stop` comes before or after this, never in the middle
            if not wanted():
                raise ChildError("the reading was stopped")
            if self._child is None or self._child.poll() is not None:
                self._child = children.start("reader.body_reading")
            return self._child


def encode(document: Document) -> tuple[Any, ...]:
    """A document as plain tuples (what `marshal` carries, fast both ways)."""
    blocks = tuple(_block_fields(block) for block in document.blocks)
    return blocks, tuple((link.text, link.href) for link in document.links)


def _block_fields(block: Block) -> tuple[Any, ...]:
    spans = tuple((span.start, span.end, span.kind, span.link) for span in block.spans)
    return block.kind, block.text, spans, block.level, block.indent, block.quoted, block.marker


def decode(data: Any) -> Document:
    """The document `encode` made tuples of; the thread doing it lets others run every few hundred blocks."""
    blocks_data, links = data
    blocks: list[Block] = []
    for start in range(0, len(blocks_data), DECODE_SLICE):
        time.sleep(0)  # hand the interpreter lock to the screen's thread, if it is waiting
        blocks += [
            Block(
                kind, text, tuple(Span(*span) for span in spans) if spans else (), level, indent, quoted, mark
            )
            for kind, text, spans, level, indent, quoted, mark in blocks_data[start : start + DECODE_SLICE]
        ]
    return Document(tuple(blocks), tuple(Link(text, href) for text, href in links))


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """The child's loop: read a body, answer with its document (or why it could not), until stdin closes."""
    while True:
        try:
            body, article_format = children.receive(requests)
        except ChildError:
            return
        try:
            reply: Any = encode(body_document(body, article_format))
        except Exception as error:  # told to the parent, which shows the body as text
            reply = f"{type(error).__name__}: {error}"
        children.send(replies, reply)


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)

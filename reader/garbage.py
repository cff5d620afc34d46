"""The garbage collector is off while Newsdesk starts.

Starting the reader imports a few hundred modules and makes objects that live as long
as it does; the collector would walk them over and over while the first screen waits
(about 25 ms of a half-second start). The `newsdesk` command turns it off before its
first import (`reader.launch`); a command turns it back on as it begins, the reader
once its first screen is painted. What was made until then is frozen (never walked
again, never collected): the modules, the index's connections and the first screen's
widgets, which live as long as the reader (a widget of it removed later is kept too).
What the reader holds once it has read the folder the first time is frozen too.
"""

from __future__ import annotations

import gc

_FREEZING = [False]  # True from `pause` (the `newsdesk` command) until `keep_for_good`


def pause() -> None:
    """No collection until `collect_again`."""
    gc.disable()
    _FREEZING[0] = True


def keep_for_good() -> None:
    """Keep what exists now out of the collector's walks for good, as the start's objects are: the
    reader's state once it has read the folder (at a million articles its lists, counts and caches
    are tens of thousands of objects, which each full collection walked again)."""
    if _FREEZING[0]:
        _FREEZING[0] = False  # once: later objects come and go
        gc.collect(1)  # the young garbage in cycles goes first, not kept with the rest
        gc.freeze()


def collect_again(*, more_to_keep: bool = False) -> None:
    """Turn the collector back on if it was paused; what was made until then is kept out of its
    walks for good (it lives as long as the program). `more_to_keep`: the reader, which keeps
    what it holds once the folder is read too (`keep_for_good`); a command keeps nothing more."""
    _FREEZING[0] = _FREEZING[0] and more_to_keep
    if not gc.isenabled():
        gc.freeze()
        gc.enable()

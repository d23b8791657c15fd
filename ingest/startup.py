"""Start-up helpers for the command line: import what a command needs, and no more."""

from __future__ import annotations

import os
import sys

# Optional dependencies that `import nltk` pulls in through modules Newsdesk never uses
# (nltk.metrics' Fisher test, nltk.classify's scikit-learn wrapper; scikit-learn brings pandas):
# ~0.8 s of a ~1.3 s import on 2 cores. Both are imported inside try/except ImportError in nltk.
_NLTK_EXTRAS = ("scipy.stats", "sklearn")


def import_nltk_light() -> None:
    """Import nltk without its optional scipy.stats / scikit-learn parts (unless they are already loaded).

    For a command line process only, before any other thread runs: for the duration of this import,
    importing those modules raises ImportError."""
    if "nltk" in sys.modules:
        return
    blocked = [name for name in _NLTK_EXTRAS if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
    try:
        import nltk  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def closed_pipe() -> int:
    """The reader of standard output went away (`... | head`): stop quietly, as a pipe's writer does, and
    keep Python from reporting the unflushed output at exit. Returns the shell's status for it."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 141

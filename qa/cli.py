"""`newsdesk add|list|remove|ask|eval|app`: one command for everything (installed by `pip install -e .`).

`python -m ingest ...` and `python -m qa ...` keep working; this only dispatches to them.
"""

from __future__ import annotations

import importlib.util
import os
import sys

USAGE = """usage: newsdesk COMMAND [ARGS...]

  add PATH_OR_URL...    add articles (files, folders, URLs, '-' for standard input)
  list                  list the articles in the store
  remove ARTICLE_ID...  remove articles and all their chunks
  ask "QUESTION"        answer a question with citations
  eval QA.jsonl         retrieval and answer metrics on a labelled set
  app [STREAMLIT ARGS]  start the app in the browser (streamlit run app.py)

'newsdesk COMMAND --help' tells more."""


def _app(args: list[str]) -> int:
    spec = importlib.util.find_spec("app")  # found, not imported: importing it would render the page
    if spec is None or not spec.origin:
        print("error: app.py is not installed; run from the repository or pip install -e .", file=sys.stderr)
        return 1
    os.execv(sys.executable, [sys.executable, "-m", "streamlit", "run", spec.origin, *args])
    return 0  # not reached


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = argv[0] if argv else ""
    if command in ("add", "list", "remove"):
        from ingest.__main__ import main as ingest_main

        return ingest_main(argv, prog="newsdesk")
    if command in ("ask", "eval"):
        from qa.__main__ import main as qa_main

        return qa_main(argv, prog="newsdesk")
    if command == "app":
        return _app(argv[1:])
    print(USAGE, file=sys.stdout if command in ("-h", "--help") else sys.stderr)
    return 0 if command in ("-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main())

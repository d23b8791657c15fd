"""`python -m qa ask|eval`: parse arguments, call one function, print."""

from __future__ import annotations

import argparse
import json
import sys

from store.errors import NewsdeskError
from store.settings import Settings


def _parser(prog: str = "python -m qa") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Ask questions about the articles in Newsdesk.",
                                     epilog=_llm_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer a question (or a file of questions) with citations")
    ask.add_argument("question", nargs="?", default=None)
    ask.add_argument("--file", help="one question a line; answers one JSON object a line with --json")
    ask.add_argument("--history", help='conversation so far: JSON [{"role": "user"|"assistant", "content": "..."}, ...]')
    ask.add_argument("--source", action="append", default=[], help="only this outlet (repeatable)")
    ask.add_argument("--since", default="", help="only articles dated on or after YYYY-MM-DD")
    ask.add_argument("--until", default="", help="only articles dated on or before YYYY-MM-DD")
    ask.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid", help=argparse.SUPPRESS)
    ask.add_argument("--json", action="store_true")
    ev = sub.add_parser("eval", help="retrieval and answer metrics on a labelled set (JSONL)")
    ev.add_argument("file")
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--articles", nargs="*", default=None, help="ingest these into a temporary store first (default: the set's own)")
    return parser


def _llm_epilog() -> str:
    """Answers are extractive unless NEWSDESK_LLM names one of the providers (the table in qa/llm.py)."""
    from qa.providers import providers_help  # light: llama-index loads only when an LLM is built

    return "Answers are extractive (quoted) unless NEWSDESK_LLM names an LLM:\n" + providers_help()


def _print_answer(answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        return
    print(answer.answer)
    if answer.notice and not answer.refused:
        print(f"\nNote: {answer.notice}")
    if answer.citations:
        print()
    for c in answer.citations:
        meta = ", ".join(x for x in (c.source, c.date) if x)
        print(f"[{c.n}] {c.title} ({meta}) — chars {c.start}-{c.end}")


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.startup import import_nltk_light

    import_nltk_light()  # sentence splitting needs nltk; without its unused extras it imports in a third of the time
    from qa.services import build
    from store.errors import BadQuestion
    from store.filters import Filters

    try:
        filters = Filters.parse(args.source, args.since, args.until)
    except BadQuestion as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if (args.question is None) == (args.file is None):
        print("error: give a QUESTION or --file QUESTIONS.txt (one of them).", file=sys.stderr)
        return 2
    history = []
    if args.history:
        try:
            with open(args.history, encoding="utf-8") as fh:
                history = json.load(fh)
            if not isinstance(history, list) or not all(isinstance(t, dict) and "role" in t and "content" in t for t in history):
                raise ValueError("expected a list of {\"role\", \"content\"} objects")
        except (OSError, ValueError) as exc:
            print(f"error: cannot read --history {args.history}: {exc}", file=sys.stderr)
            return 2
    assistant = build(settings).assistant
    if args.file:
        try:
            with open(args.file, encoding="utf-8") as fh:
                questions = [line.strip() for line in fh if line.strip()]
        except OSError as exc:
            print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
            return 2
        status = 0
        for q in questions:
            try:
                _print_answer(assistant.ask(q, history, filters, args.mode), args.json)
            except NewsdeskError as exc:
                status = 1
                if args.json:
                    print(json.dumps({"question": q, "error": str(exc)}, ensure_ascii=False), flush=True)
                else:
                    print(f"error: {exc}", file=sys.stderr)
            if not args.json:
                print()
        return status
    _print_answer(assistant.ask(args.question, history, filters, args.mode), args.json)
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from qa.evaluate import evaluate_any, print_any

    report = evaluate_any(args.file, settings, args.articles)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print_any(report)
    return 0


def main(argv: list[str] | None = None, prog: str = "python -m qa") -> int:
    args = _parser(prog).parse_args(argv)
    try:
        settings = Settings.from_env()
        code = {"ask": _ask, "eval": _eval}[args.command](args, settings)
        sys.stdout.flush()  # a reader gone away shows here, where it is caught, not at exit
        return code
    except BrokenPipeError:
        from ingest.startup import closed_pipe

        return closed_pipe()
    except NewsdeskError as exc:
        if getattr(args, "json", False) and args.command == "ask":
            print(json.dumps({"question": args.question, "error": str(exc)}, ensure_ascii=False))
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

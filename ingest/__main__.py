"""`python -m ingest add|list|remove`: parse arguments, call one function, print."""

from __future__ import annotations

import argparse
import json
import sys

from store.errors import NewsdeskError
from store.settings import Settings, describe


def _parser(prog: str = "python -m ingest") -> argparse.ArgumentParser:
    settings_help = "\n".join(f"  {name} (default {default!r}): {help}" for name, default, help in describe())
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Add news articles to Newsdesk, list them, remove them.",
        epilog="Settings (environment variables):\n" + settings_help,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    from ingest.load import supported  # light: no parser or model is imported with it

    add = sub.add_parser("add", help="add files, folders, URLs, or '-' for text on standard input", description=supported() + ".")
    add.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    add.add_argument("--title", default="", help="title (overrides what was found)")
    add.add_argument("--date", default="", help="publication date, YYYY-MM-DD")
    add.add_argument("--source", default="", help="outlet, e.g. 'Reuters'")
    add.add_argument("--url", default="", help="the article's URL (for pasted text or files)")
    add.add_argument("--author", default="")
    add.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    lst = sub.add_parser("list", help="list the articles in the store")
    lst.add_argument("--json", action="store_true")
    rm = sub.add_parser("remove", help="remove articles and all their chunks")
    rm.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID")
    rm.add_argument("--json", action="store_true")
    fix = sub.add_parser("repair", help="remove what an interrupted ingest left behind and rebuild articles missing chunks")
    fix.add_argument("--json", action="store_true")
    return parser


def _add(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import Ingestor, Overrides
    from store.store import Store
    from store.text import normalize_date

    if args.date and not normalize_date(args.date):
        print(f"error: --date {args.date!r} is not a date; use YYYY-MM-DD.", file=sys.stderr)
        return 2
    overrides = Overrides(args.title, normalize_date(args.date), args.source, args.url, args.author)
    ingestor = Ingestor(Store.open(settings), settings)
    fixed = ingestor.repair()  # cheap: looks only where an earlier write never finished (docs/RELIABILITY.md)
    if fixed.removed_chunks or fixed.incomplete:
        print(f"Repaired what an interrupted ingest left: removed {fixed.removed_chunks} hidden chunk(s), "
              f"rebuilt {len(fixed.incomplete)} article(s).", file=sys.stderr)
    sources = [s for s in args.sources if s != "-"]
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total > 3:  # a bar only for more than a few articles
            from tqdm import tqdm

            bar = tqdm(total=total, unit="article", file=sys.stderr, desc="Adding")
        if bar is not None:
            bar.update(done - bar.n)

    report = ingestor.add(sources, overrides, progress) if sources else None
    if bar is not None:
        bar.close()
    if "-" in args.sources:
        pasted = ingestor.add_text(sys.stdin.read(), overrides, origin="standard input")
        if report is None:
            report = pasted
        else:
            for key in ("added", "updated", "unchanged", "duplicates", "failed"):
                getattr(report, key).extend(getattr(pasted, key))
            report.titles.update(pasted.titles)
    if (report.added or report.updated) and not settings.chroma_url:
        _listing(settings, ingestor.store)  # the next `ingest list` answers from this snapshot, without Chroma
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        for key in ("added", "updated", "unchanged"):
            for aid in getattr(report, key):
                print(f"{key:9}  {aid}  {report.titles.get(aid, '')}")
        for dup in report.duplicates:
            print(f"duplicate  {dup['path']} has the same text as {dup['article_id']}; not stored twice")
        for fail in report.failed:
            print(f"failed     {fail['error']}", file=sys.stderr)
    return 0 if report.ok else 1


def _listing(settings: Settings, store=None) -> list[dict]:
    """Every article's listing record; from the snapshot saved at the store's current change token when
    there is one (no Chroma import), else from Chroma, saving a new snapshot."""
    from store.library import cached_listing, save_listing

    listing = cached_listing(settings) if store is None else None
    if listing is None:
        from store.store import Store

        store = store or Store.open(settings)
        token = store.change_token()  # read before listing: a concurrent change leaves the snapshot stale, never wrong
        listing = [a.listing() for a in store.list_articles()]
        save_listing(settings, token, listing)
    return listing


def _list(args: argparse.Namespace, settings: Settings) -> int:
    articles = _listing(settings)
    if args.json:
        print(json.dumps(articles, ensure_ascii=False))
    elif not articles:
        print("No articles yet. Add some with: python -m ingest add PATH_OR_URL")
    else:
        for a in articles:
            print(f"{a['article_id']}  {a['date'] or '----------'}  {a['source'][:20]:20}  {a['chunks']:3d} chunks  {a['title']}")
    return 0


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import Ingestor
    from store.store import Store

    store = Store.open(settings)
    ingestor = Ingestor(store, settings)  # a story another outlet also carried stays, led by that copy
    removed = [aid for aid in args.article_ids if ingestor.remove(aid)]
    if removed and not settings.chroma_url:
        _listing(settings, store)
    missing = [aid for aid in args.article_ids if aid not in removed]
    if args.json:
        print(json.dumps({"removed": removed, "missing": missing}))
    else:
        for aid in removed:
            print(f"removed  {aid}")
        for aid in missing:
            print(f"error: no article {aid} in the store (see: python -m ingest list)", file=sys.stderr)
    return 0 if not missing else 1


def _repair(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import Ingestor
    from store.store import Store

    report = Ingestor(Store.open(settings), settings).repair(everything=True)
    if args.json:
        print(json.dumps({"removed_chunks": report.removed_chunks, "rebuilt": report.incomplete}))
    else:
        print(f"Removed {report.removed_chunks} chunk(s) left by interrupted writes; rebuilt {len(report.incomplete)} article(s).")
    return 0


def main(argv: list[str] | None = None, prog: str = "python -m ingest") -> int:
    args = _parser(prog).parse_args(argv)
    try:
        settings = Settings.from_env()
        code = {"add": _add, "list": _list, "remove": _remove, "repair": _repair}[args.command](args, settings)
        sys.stdout.flush()  # a reader gone away shows here, where it is caught, not at exit
        return code
    except BrokenPipeError:
        from ingest.startup import closed_pipe

        return closed_pipe()
    except NewsdeskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted. Articles stored so far are complete; run the same command again to finish.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""Generated news articles of realistic length and shape, for benchmarks (not for quality metrics)."""

from __future__ import annotations

import random

_PLACES = ["Valmora", "Nordmark", "Eastbrook", "Port Ilse", "Karsk", "Linden", "Maravia", "Oskar Bay", "Tiber Falls", "Greyhaven"]
_PEOPLE = ["Anna Keller", "Tomas Eberle", "Lena Hart", "Ingrid Solberg", "Marek Novak", "Sofia Ricci", "David Osei", "Yuki Tanaka", "Omar Haddad", "Clara Dunn"]
_ROLES = ["Prime Minister", "Finance Minister", "Foreign Minister", "the mayor", "the union leader", "the central bank governor", "the chief executive", "the opposition leader"]
_TOPICS = [
    ("budget", ["spending", "deficit", "taxes", "pensions", "public debt"]),
    ("strike", ["wages", "union", "port", "negotiations", "inflation"]),
    ("election", ["votes", "coalition", "turnout", "campaign", "parliament"]),
    ("floods", ["rainfall", "evacuation", "river", "damage", "insurance"]),
    ("energy", ["gas prices", "wind farms", "grid", "subsidies", "emissions"]),
    ("trade", ["tariffs", "exports", "shipping", "customs", "supply chains"]),
]
_TEMPLATES = [
    "{role} {person} said on {day} that the government would review its plans for {thing} in {place}.",
    "\u201cWe will not accept a deal that ignores {thing},\u201d {person} told reporters in {place}, adding that talks would continue.",
    "According to figures published by the statistics office, {thing} rose by {n} percent in the first quarter.",
    "Critics warned that the decision on {thing} could cost the economy about {n} billion euros over {m} years.",
    "The {topic} has dominated the debate in {place} since {month}, when {person} first raised concerns about {thing}.",
    "Officials in {place} said {n} people had been affected and that the situation remained under review.",
    "{person}, who has led the negotiations since {month}, said a compromise on {thing} was still possible.",
    "Analysts at a local bank said they expected {thing} to remain the main issue until the end of the year.",
    "The opposition called for an inquiry, arguing that the handling of the {topic} had been slow and confusing.",
    "Residents interviewed on {day} said they were worried about {thing} and wanted clearer answers.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def article(rng: random.Random, words: int) -> tuple[str, dict]:
    """(text, metadata) of an article of about `words` words, paragraphs of 1-3 sentences."""
    topic, things = rng.choice(_TOPICS)
    place = rng.choice(_PLACES)
    title = f"{place} {topic}: {rng.choice(_PEOPLE)} says {rng.choice(things)} under review"
    paragraphs, count = [], 0
    while count < words:
        para = " ".join(
            rng.choice(_TEMPLATES).format(
                role=rng.choice(_ROLES),
                person=rng.choice(_PEOPLE), day=rng.choice(_DAYS), thing=rng.choice(things), place=place,
                n=rng.randint(2, 90), m=rng.randint(2, 10), topic=topic, month=rng.choice(_MONTHS),
            )
            for _ in range(rng.randint(1, 3))
        )
        para = para[0].upper() + para[1:]
        paragraphs.append(para)
        count += len(para.split())
    meta = {"title": title, "source": rng.choice(["Valmora Post", "Baltic Wire", "The Coastal Ledger", "Nordmark Herald"]),
            "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
    return "\n\n".join(paragraphs), meta


def articles(n: int, seed: int = 7) -> list[tuple[str, dict]]:
    """n articles of 300 to 1,200 words (typical news lengths)."""
    rng = random.Random(seed)
    return [article(rng, rng.randint(300, 1200)) for _ in range(n)]


def write_markdown(folder, items) -> list[str]:
    """Write articles as .md files with front matter; returns their paths."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (text, meta) in enumerate(items):
        path = folder / f"article-{i:05d}.md"
        path.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n{text}\n", encoding="utf-8")
        paths.append(str(path))
    return paths

"""How well the faithfulness flags catch planted errors, and how often they cry wolf.

On BBC dev articles (../shared/data/bbc_dev.jsonl, the first N, default 300), lines
are taken from the article itself (sentences of 8 to 60 words: correct, as an
extractive bullet is). Into copies of some of them one error is planted:

- number: one number (not part of a date) replaced by one the source never writes;
- name: one proper noun (a capitalized word after the sentence's start that the source
  never writes in lower case) replaced by a name the source does not mention;
- quote: one word inside a quotation changed, or, where the line quotes nobody, a
  quotation from another article appended ('..., he said: "...".').

Recall: planted lines flagged (and, beside it, flagged with the planted kind: a name
planted inside a quotation is caught by the quote check). False alarms: correct lines
with any flag.
Run:

    .venv/bin/python benchmarks/faithfulness_flags.py [--articles 300]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.text.faithfulness import check_many
from service.text.sentences import split_sentences
from workers.engines.headline import make_headline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc_dev.jsonl"
NAMES = [
    "Erdogan", "Okonkwo", "Lindqvist", "Tanaka", "Moreau", "Kowalski", "Ferreira", "Nakamura",
    "Petrov", "Haddad", "Sorensen", "Castellano", "Oyelaran", "Vasquez", "Ingrams", "Belmonte",
    "Achterberg", "Kristiansen",
]  # fmt: skip
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
_DATEISH = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s+\d|\d+\s+(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)"
)
_CAPITAL = re.compile(r"(?<=\s)[A-Z][a-z]{2,}\b")
_QUOTED = re.compile(r"\"([^\"]{10,})\"|“([^“”]{10,})”")
_WORD = re.compile(r"(?<=\s)[a-z]{4,}\b")


def plant_number(line: str, source: str, rng: random.Random) -> str | None:
    matches = [m for m in _NUMBER.finditer(line) if not _DATEISH.search(line)]
    if not matches:
        return None
    match = rng.choice(matches)
    value = match.group(0).replace(",", "")
    base = float(value) if "." in value else int(value)
    for step in (7, 13, 29, 41, 3):
        new = base + step if isinstance(base, int) else round(base + step / 10, 2)
        text = str(new)
        if text not in source:
            return line[: match.start()] + text + line[match.end() :]
    return None


def plant_name(line: str, source: str, rng: random.Random) -> str | None:
    lowered = source.lower()
    nouns = [m for m in _CAPITAL.finditer(line) if f" {m.group(0).lower()} " not in lowered]
    if not nouns:
        return None
    match = rng.choice(nouns)
    name = rng.choice([n for n in NAMES if n not in source])
    return line[: match.start()] + name + line[match.end() :]


def plant_quote(line: str, source: str, other: str, rng: random.Random) -> str | None:
    quoted = list(_QUOTED.finditer(line))
    if quoted:
        match = rng.choice(quoted)
        inner_start = match.start(1) if match.group(1) is not None else match.start(2)
        inner = match.group(1) or match.group(2)
        found = list(_WORD.finditer(inner))
        if found:
            chosen = rng.choice(found)
            start = inner_start + chosen.start()
            replaced = line[:start] + "never" + line[start + len(chosen.group(0)) :]
            if replaced != line:
                return replaced
    other_words = other.split()
    if len(other_words) < 8:
        return None
    fragment = " ".join(other_words[:10]).strip('.,;:"“”')
    return f'{line.rstrip(".")}, he said: "{fragment}."'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")][: args.articles]
    correct_lines = flagged_correct = 0
    false_kinds: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    right_kind: Counter[str] = Counter()
    examples: list[str] = []
    misses: list[str] = []
    rewritten: Counter[str] = Counter()
    rewritten_flagged: Counter[str] = Counter()
    rewritten_kinds: Counter[str] = Counter()
    rewritten_examples: list[str] = []
    for number, row in enumerate(rows):
        source = row["article"]
        sentences = [s.text for s in split_sentences(source) if 8 <= len(s.text.split()) <= 60]
        if not sentences:
            continue
        lines = rng.sample(sentences, min(3, len(sentences)))
        for flags in check_many(lines, source):
            correct_lines += 1
            if flags:
                flagged_correct += 1
                false_kinds.update(flag.kind for flag in flags)
                if len(examples) < 8:
                    examples.append(f"  {flags[0].kind}: {flags[0].reason}")
        # Lines that are correct but not verbatim: the engine's compression of the lead,
        # and the journalist's own headline (the article's first line is that headline,
        # so it is checked against the body only).
        body = source.split("\n", 1)[-1]
        for label, line in (("compressed", make_headline(sentences[0])), ("title", row["title"])):
            flags = check_many([line], source if label == "compressed" else body)[0]
            rewritten[label] += 1
            if flags:
                rewritten_flagged[label] += 1
                rewritten_kinds.update(f"{label}:{flag.kind}" for flag in flags)
                if len(rewritten_examples) < 10:
                    rewritten_examples.append(f"  {label}: {line!r} -> {flags[0].reason}")
        other = rows[(number + 1) % len(rows)]["article"].split("\n")[0]
        attempts = {
            "number": [plant_number(s, source, rng) for s in rng.sample(sentences, len(sentences))],
            "entity": [plant_name(s, source, rng) for s in rng.sample(sentences, len(sentences))],
            "quote": [plant_quote(lines[0], source, other, rng)],
        }
        for kind, tries in attempts.items():
            wrong = next((t for t in tries if t is not None), None)
            if wrong is None:
                continue
            planted[kind] += 1
            flags = check_many([wrong], source)[0]
            caught[kind] += bool(flags)
            if any(flag.kind == kind for flag in flags):
                right_kind[kind] += 1
            elif len(misses) < 8:
                misses.append(f"  {kind}: {wrong}")
    print(f"articles: {len(rows)}")
    for kind in ("number", "entity", "quote"):
        share = caught[kind] / planted[kind] if planted[kind] else 0.0
        kind_share = right_kind[kind] / planted[kind] if planted[kind] else 0.0
        print(
            f"recall {kind:7s} {caught[kind]:4d}/{planted[kind]:4d} = {share:.1%}"
            f"  (flagged as {kind}: {kind_share:.1%})"
        )
    total_planted, total_caught = sum(planted.values()), sum(caught.values())
    share = total_caught / total_planted
    print(f"recall all     {total_caught:4d}/{total_planted:4d} = {share:.1%}")
    share = flagged_correct / correct_lines if correct_lines else 0.0
    print(f"false alarms   {flagged_correct:4d}/{correct_lines:4d} correct lines = {share:.1%}")
    print(f"false alarm flags by kind: {dict(false_kinds)}")
    for label in ("compressed", "title"):
        share = rewritten_flagged[label] / rewritten[label] if rewritten[label] else 0.0
        flagged = rewritten_flagged[label]
        print(f"{label} headlines flagged: {flagged}/{rewritten[label]} = {share:.1%}")
    print(f"their flags by kind: {dict(rewritten_kinds)}")
    print("examples:", *rewritten_examples, sep="\n")
    print("examples of false alarms:", *examples, sep="\n")
    print("examples of missed errors:", *misses, sep="\n")


if __name__ == "__main__":
    main()

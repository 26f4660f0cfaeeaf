"""Headline candidates of the seq2seq engine: the beam search's best headline first,
then distinct alternatives drawn by sampling.

The n best beams of one search mostly differ in a word or a stop, and clean to the
same headline; samples differ in what they say. Of the samples, the ones drawn most
often come first: the sample's own estimate of what the model finds likeliest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from workers.engines.cleaning import unique

SAMPLES_PER_CANDIDATE = 2
"""Samples drawn per missing candidate: some clean to nothing or to one already had."""
SAMPLING_ROUNDS = 3
"""Rounds of sampling for articles still short of candidates, each a little hotter."""
ROUND_TEMPERATURE_STEP = 0.3


def most_drawn_first(samples: Sequence[str]) -> list[str]:
    """Distinct non-empty samples, the most often drawn first (ties: first drawn first)."""
    counts = Counter(text.casefold() for text in samples if text)
    first: dict[str, str] = {}
    for text in samples:
        if text:
            first.setdefault(text.casefold(), text)
    order = sorted(first, key=lambda key: -counts[key])  # stable: draw order on ties
    return [first[key] for key in order]


def add_distinct(kept: Sequence[str], more: Iterable[str], *, limit: int) -> list[str]:
    """``kept`` followed by the texts of ``more`` that say something none before says
    (see :func:`unique`), up to ``limit`` in all; ``kept`` itself is never changed."""
    found = list(kept)
    for text in more:
        if len(found) >= limit:
            break
        if len(unique([*found, text])) == len(found) + 1:
            found.append(text)
    return found


def temperature(round_number: int) -> float:
    return 1.0 + ROUND_TEMPERATURE_STEP * round_number

"""How long a seq2seq summary is: ``summary_length`` as whole sentences.

short is one sentence, medium two or three, long three to five (the extractive
engine's ranges too). The model is given a token budget to match; afterwards whole
sentences are dropped past the range and, when it wrote too few, sentences written
for sections of the article are added. No sentence is ever cut to fit.
"""

from __future__ import annotations

from collections.abc import Iterable

from service.text.sentences import split_sentences
from workers.engines.bounds import SUMMARY_MAX_CHARS
from workers.engines.cleaning import unique

SUMMARY_SENTENCES = {"short": (1, 1), "medium": (2, 3), "long": (3, 5)}
"""summary_length -> (at least, at most) whole sentences."""
TOKEN_SHARE = {"short": 0.5, "medium": 1.0, "long": 2.0}
"""summary_length -> share of ``summary_max_tokens`` the model may write."""
MIN_SUMMARY_TOKENS = 16
MAX_SUMMARY_TOKENS = 512


def sentence_range(length: str) -> tuple[int, int]:
    """(at least, at most) sentences for ``length``; an unknown one reads as medium."""
    return SUMMARY_SENTENCES.get(length, SUMMARY_SENTENCES["medium"])


def token_limit(length: str, summary_max_tokens: int) -> int:
    """New tokens the model may write for a summary of ``length``."""
    share = TOKEN_SHARE.get(length, 1.0)
    return min(MAX_SUMMARY_TOKENS, max(MIN_SUMMARY_TOKENS, round(summary_max_tokens * share)))


def sentence_count(text: str) -> int:
    return len(split_sentences(text))


def keep_sentences(summary: str, length: str) -> str:
    """The summary's first whole sentences: at most as many as ``length`` allows, and
    no more than fit in ``SUMMARY_MAX_CHARS`` (the first one always stays)."""
    _, at_most = sentence_range(length)
    found = split_sentences(summary)
    if not found:
        return summary.strip()
    keep = min(at_most, len(found))
    while keep > 1 and found[keep - 1].end - found[0].start > SUMMARY_MAX_CHARS:
        keep -= 1
    return summary[found[0].start : found[keep - 1].end].strip()


def top_up(summary: str, extra: Iterable[str], length: str) -> str:
    """``summary`` with sentences from ``extra`` added, in order, until it has as many
    as ``length`` asks for. One that repeats what is there already, or that would not
    read as a sentence of its own after the others, is skipped."""
    at_least, _ = sentence_range(length)
    sentences = [s.text for s in split_sentences(summary)]
    text = " ".join(sentences)
    for sentence in extra:
        if len(sentences) >= at_least:
            break
        longer = f"{text} {sentence}".strip()
        if sentence_count(longer) != len(sentences) + 1:
            continue
        if len(unique([*sentences, sentence])) == len(sentences) + 1:
            sentences.append(sentence)
            text = longer
    return text

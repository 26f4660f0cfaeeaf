"""Turn raw model output into clean briefing text.

Generated text can end mid-sentence (the token limit was hit), repeat itself, and
carry tokenizer artifacts such as Pegasus's ``<n>`` line marker. These functions are
pure so each rule is tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.text.sentences import split_sentences
from workers.engines.bounds import bound_headline

_ARTIFACT = re.compile(r"<n>|</?s>|<pad>|<unk>|<mask>|<extra_id_\d+>|<\|[a-z_]+\|>")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?%)\]])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[])\s+")
_LABEL = re.compile(r"^(?:title|headline|summary|one-sentence summary)\s*:\s*", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?][\"')\]]*$")
_WORD = re.compile(r"[^\W_]+")
# Words a headline should not end on once it is shortened (shared by every engine's
# headline cutting: articles, prepositions, conjunctions, possessives).
DANGLING_ENDS = frozenset(
    {
        "a", "an", "and", "as", "at", "but", "by", "for", "from", "in",
        "into", "of", "on", "or", "than", "that", "the", "to", "with",
        "its", "his", "her", "their",
    }
)  # fmt: skip


def normalize(text: str) -> str:
    """Remove tokenizer artifacts and labels the model echoed; normalize whitespace."""
    text = _ARTIFACT.sub(" ", text)
    text = " ".join(text.split())
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    return _LABEL.sub("", text).strip()


def is_terminated(text: str) -> bool:
    """Whether ``text`` ends like a finished sentence."""
    return bool(_TERMINAL.search(text))


def drop_cut_off(sentences: list[str], *, truncated: bool) -> list[str]:
    """Drop the last sentence if generation stopped at the token limit in the middle of it.

    A lone cut-off sentence is kept: part of a sentence says more than nothing.
    """
    if truncated and len(sentences) > 1 and not is_terminated(sentences[-1]):
        return sentences[:-1]
    return sentences


def clean_passage(text: str, *, truncated: bool) -> str:
    """Clean generated prose: artifacts, cut-off end, repeated sentences, final stop."""
    sentences = [s.text for s in split_sentences(normalize(text))]
    sentences = drop_cut_off(sentences, truncated=truncated)
    if truncated and sentences and not is_terminated(sentences[-1]):
        sentences[-1] = trim_dangling(sentences[-1])
    return " ".join(end_sentence(sentence) for sentence in unique(sentences))


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, or ``""``."""
    sentences = split_sentences(text)
    return sentences[0].text if sentences else ""


def end_sentence(sentence: str) -> str:
    """Give a sentence a full stop if it has no final punctuation."""
    sentence = sentence.rstrip(" ,;:-")
    return sentence if not sentence or is_terminated(sentence) else sentence + "."


def clean_headline(text: str, *, max_words: int) -> str:
    """One line, no final full stop or wrapping quotes, at most ``max_words`` words."""
    line = first_sentence(normalize(text))
    line = line.strip().strip("\"'").rstrip(".").strip()
    return headline_bounds(shorten(line, max_words=max_words))


def headline_bounds(text: str) -> str:
    """``text`` within the headline bounds (12 words, 100 characters), ending on a word
    that can end a headline if it had to be cut."""
    bounded = bound_headline(text)
    return bounded if bounded == text else trim_dangling(bounded)


def shorten(text: str, *, max_words: int) -> str:
    """Cut ``text`` to ``max_words`` words, preferably at a clause boundary."""
    words = text.split()
    if len(words) <= max_words:
        return text
    kept = words[:max_words]
    # Prefer ending on a clause ("The bank held rates, citing ..."): it reads whole.
    for end in range(len(kept), max(3, max_words // 2), -1):
        if kept[end - 1].endswith((",", ";", ":")):
            kept = kept[:end]
            break
    return trim_dangling(" ".join(kept))


def trim_dangling(text: str) -> str:
    """Drop words a cut-off text should not end on ("... rates held by the")."""
    words = text.rstrip(" ,;:-").split()
    while len(words) > 1 and words[-1].strip(",;:").lower() in DANGLING_ENDS:
        words.pop()
    return " ".join(words).rstrip(",;:-")


def headline_from_summary(summary: str, *, max_words: int) -> str:
    """A headline for models that write none: the summary's first sentence, shortened."""
    return clean_headline(first_sentence(summary), max_words=max_words)


def unique(items: Iterable[str]) -> list[str]:
    """Drop empty and (near-)duplicate texts, keeping order.

    Of two texts where one holds the other's words, the fuller one is kept, in the
    place of the first: "Markets rose" then "Markets rose after the vote" keeps the latter.
    """
    kept: list[str] = []
    seen: list[set[str]] = []
    for item in items:
        words = set(_WORD.findall(item.casefold()))
        if not words:
            continue
        match = next((i for i, other in enumerate(seen) if _overlaps(words, other)), None)
        if match is None:
            kept.append(item)
            seen.append(words)
        elif len(words) > len(seen[match]) and _inside(seen[match], words):
            kept[match], seen[match] = item, words
    return kept


def _overlaps(a: set[str], b: set[str]) -> bool:
    # Same words in another order, or one text inside another, tell the reader nothing new.
    return len(a & b) / len(a | b) >= 0.8 or _inside(a, b) or _inside(b, a)


def _inside(small: set[str], large: set[str]) -> bool:
    return len(small & large) / len(small) >= 0.9

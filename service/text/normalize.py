"""One normalization for every text field a client sends.

Every field is NFC-composed and loses the characters that are never content but can
hide or disguise it: C0/C1 controls (NUL included; PostgreSQL cannot store NUL), lone
surrogates (not encodable as UTF-8), bidi embedding/override/isolate controls
(U+202A-202E, U+2066-2069: "Trojan Source" reordering) and zero-width characters.

They are *removed*, not refused: they come in by accident far more often than on
purpose (copied from web pages, word processors, feeds), removing them never changes
what a reader sees, and a 422 would only make careless clients fail. Fields that are
identifiers (``language``) are checked by a pattern after cleaning instead, and a tag
that is empty once cleaned is refused (see ``service/api/schemas.py``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# C0 and C1 controls (NUL included) except tab and newline, which text keeps.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Zero-width characters and the bidi embeddings, overrides and isolates.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
# Lone surrogates: a JSON "\ud800" decodes to one, and UTF-8 cannot encode it.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_SPACES = re.compile(r"[ \t\u00a0]+")
_ANY_SPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")


def strip_unsafe(text: str) -> str:
    """Drop lone surrogates, controls (but tab and newlines), bidi and zero-width marks."""
    text = _SURROGATE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return _INVISIBLE.sub("", text)


def normalize_text(text: str) -> str:
    """Article text: :func:`strip_unsafe`, then tidy whitespace, keeping paragraphs."""
    text = strip_unsafe(text)
    text = _SPACES.sub(" ", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def clean_line(text: str) -> str:
    """A one-line field (title, source, tag, filter): :func:`strip_unsafe`, one space."""
    return _ANY_SPACE.sub(" ", strip_unsafe(text)).strip()


def content_hash(normalized_text: str) -> str:
    """The identity of an article: SHA-256 of its normalized text."""
    return hashlib.sha256(normalized_text.encode("utf-8")).hexdigest()

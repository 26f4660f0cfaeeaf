"""Turning submitted text or HTML into the clean text we hash, store and summarize."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import trafilatura

# Control characters (C0 and C1, NUL included) except tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """NFC-normalize, drop control and zero-width characters, tidy whitespace."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def content_hash(normalized_text: str) -> str:
    """The identity of an article: SHA-256 of its normalized text."""
    return hashlib.sha256(normalized_text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ExtractedPage:
    text: str
    title: str | None


def html_to_text(html: str) -> ExtractedPage:
    """Reduce an HTML page to its main article text (and its title, if the page has one)."""
    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True
    )
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata is not None else None
    return ExtractedPage(text=text or "", title=title or None)

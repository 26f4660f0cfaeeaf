"""From an HTML page, as bytes or text, to its main article text and title.

The charset comes from the bytes, in the HTML standard's order: a byte-order mark,
the HTTP ``Content-Type`` charset, a ``<meta charset>`` (or ``http-equiv``) in the
first 1024 bytes; with none of them, trafilatura guesses from the bytes. Decoding as
UTF-8 before looking turned a Latin-1 "Québec" into "Qu\\ufffdbec"; trafilatura alone
does not read ``<meta>`` (it asks charset_normalizer, which read a short Latin-1 "là"
as "lŕ"), hence the look here first.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import trafilatura
from trafilatura.utils import decode_file

from service.text.normalize import strip_unsafe

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# The WHATWG encoding standard maps these labels to windows-1252, a superset.
_WINDOWS_1252 = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "ascii", "us-ascii"}


@dataclass(frozen=True)
class ExtractedPage:
    text: str
    title: str | None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(body: bytes, *, declared_charset: str | None = None) -> str:
    """Decode a page's bytes with the charset the page itself gives, else a guess."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace")
    codec = _codec(declared_charset)
    if codec is None:
        match = _META_CHARSET.search(body[:1024])
        codec = _codec(match.group(1).decode("ascii")) if match else None
    if codec is not None:
        return body.decode(codec, errors="replace")
    return decode_file(body)  # trafilatura: UTF-8 if valid, else its detector


def html_to_text(html: str | bytes, *, declared_charset: str | None = None) -> ExtractedPage:
    """Reduce an HTML page to its main article text (and its title, if the page has one)."""
    if isinstance(html, bytes):
        html = decode_html(html, declared_charset=declared_charset)
    # Lone surrogates would break lxml; the rest is cleaned from the extracted text.
    html = strip_unsafe(html)
    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True
    )
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata is not None else None
    return ExtractedPage(text=text or "", title=title or None)

"""Torch-free text tools shared by the API, the CLI and the workers.

``normalize`` cleans what people send (one rule for every text field), ``html``
turns a page (bytes or text) into its article text, ``output`` keeps what the
engines write plain text.
"""

from service.text.html import ExtractedPage, html_to_text
from service.text.normalize import clean_line, content_hash, normalize_text

__all__ = ["ExtractedPage", "clean_line", "content_hash", "html_to_text", "normalize_text"]

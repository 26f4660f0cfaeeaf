"""Faithfulness checks an extract must pass: numbers as written, quotations whole.

A headline that says "cut 12" where the article says 12,800 states a number the source
does not; a bullet that opens a quotation and never closes it reads broken. These
functions find both; the extractive engine avoids them and ``briefing eval`` counts them.
"""

from __future__ import annotations

import re

# A number as written: digits with "," or "." between digit groups ("12,800", "6.2").
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_OPENING = "“"
_CLOSING = "”"
_STRAIGHT = '"'


def numbers(text: str) -> list[str]:
    """The numbers in ``text`` as written."""
    return _NUMBER.findall(text)


def unsourced_numbers(text: str, source: str) -> list[str]:
    """Numbers in ``text`` that ``source`` never writes whole ("12" from "12,800")."""
    written = set(numbers(source))
    return [number for number in numbers(text) if number not in written]


def quotes_balanced(text: str) -> bool:
    """Whether every quotation ``text`` opens it also closes (double quotation marks).

    Curly marks pair as open and close; straight marks alternate. A closing mark with
    nothing open, or an opening one left open, is unbalanced.
    """
    if _OPENING not in text and _CLOSING not in text:
        return text.count(_STRAIGHT) % 2 == 0
    open_curly = 0
    straight_open = False
    for char in text:
        if char == _OPENING:
            open_curly += 1
        elif char == _CLOSING:
            if open_curly == 0:
                return False
            open_curly -= 1
        elif char == _STRAIGHT:
            straight_open = not straight_open
    return open_curly == 0 and not straight_open


def open_quotation(text: str) -> int:
    """Where the first quotation ``text`` leaves open starts; ``len(text)`` if none does."""
    stack: list[int] = []
    straight: int | None = None
    for index, char in enumerate(text):
        if char == _OPENING:
            stack.append(index)
        elif char == _CLOSING and stack:
            stack.pop()
        elif char == _STRAIGHT:
            straight = index if straight is None else None
    starts = stack + ([straight] if straight is not None else [])
    return min(starts, default=len(text))

"""The short names a sub-editor puts in a headline: surnames and initials.

A headline calls a person by surname and a body by its initials ("Mourinho to escape FA
charge"), where the story spells them out ("Jose Mourinho will not face any Football
Association action"). The article itself tells which short form is meant: news names a
person in full once and by surname after, and gives an organisation's initials where it
uses them. A possessor before a name ("Chelsea's Duff") goes where the story also names
the person or firm without it. A name is shortened only on that evidence, never from a
list of names, so "Hotel Rwanda", "Star Trek" and "Former Chelsea" stay whole.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache

from workers.engines.quotations import quotation_spans

_TITLE_WORD = re.compile(r"[A-Z][\w'’-]*[a-z][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s$")
_INITIALS_JOINERS = frozenset(["of", "for", "&"])
_MAX_INITIALS_WORDS = 6
_PLURAL_PRONOUNS = frozenset(["they", "them", "their"])
"""Pronouns after a possessed name that stand for the possessor (a club, a firm), not
for the one person named: the possessor is who they are, and stays."""


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    bare: str
    """The word without trailing punctuation or a possessive "'s"."""
    suffix: str
    """What was stripped: "'s", a comma, a colon."""

    @property
    def capitalized(self) -> bool:
        return _TITLE_WORD.fullmatch(self.bare) is not None


def short_names(headline: str, article: str, adjectives: Container[str] = frozenset()) -> str:
    """``headline`` with organisations by the initials ``article`` uses for them and
    people by the surname it calls them by. Words inside quotation marks are left as
    written; ``adjectives`` (lower case) are never taken for given names ("Legendary
    Dutch coach", capitalized as the headline's first word)."""
    words = _words(headline)
    if len(words) < 2:
        return headline
    replacements = _initials(words, article)
    taken = {i for start, end, _ in replacements for i in range(start, end)}
    replacements += _surnames(words, article, taken, adjectives)
    for first, last, short in sorted(replacements, reverse=True):
        span_start, span_end = words[first].start, words[last - 1].end
        headline = f"{headline[:span_start]}{short}{words[last - 1].suffix}{headline[span_end:]}"
    # On the names as shortened: "Chelsea's Damien Duff" is "Chelsea's Duff" by now.
    words = _words(headline)
    for first in reversed(_possessors(words, article)):
        headline = headline[: words[first].start] + headline[words[first + 1].start :]
    return headline


def _words(headline: str) -> list[_Word]:
    quoted = quotation_spans(headline)
    words = []
    for match in re.finditer(r"\S+", headline):
        if any(start <= match.start() < end for start, end in quoted):
            continue
        text = match.group()
        bare = text.rstrip(",:;")
        bare = _POSSESSIVE.sub("", bare)
        words.append(_Word(match.start(), match.end(), bare, text[len(bare) :]))
    return words


def _adjacent(words: list[_Word], first: int, last: int) -> bool:
    """Words ``first`` to ``last`` follow one another with nothing stripped between."""
    return all(
        not words[i].suffix and words[i + 1].start == words[i].end + 1 for i in range(first, last)
    )


def _initials(words: list[_Word], article: str) -> list[tuple[int, int, str]]:
    """(first, end, initials) of each longest run of capitalized words ("Federal Bureau
    of Investigation") whose initials the article uses as a word."""
    found: list[tuple[int, int, str]] = []
    index = 0
    while index < len(words):
        match = _initials_at(words, index, article)
        if match is None:
            index += 1
            continue
        found.append(match)
        index = match[1]
    return found


def _initials_at(words: list[_Word], first: int, article: str) -> tuple[int, int, str] | None:
    if not words[first].capitalized:
        return None
    for end in range(min(len(words), first + _MAX_INITIALS_WORDS), first + 1, -1):
        run = words[first:end]
        if not run[-1].capitalized or not _adjacent(words, first, end - 1):
            continue
        if not all(word.capitalized or word.bare in _INITIALS_JOINERS for word in run):
            continue
        named = [word.bare for word in run if word.capitalized]
        if len(named) < 2:
            continue
        initials = "".join(name[0] for name in named)
        if _has_word(initials, article):
            return first, end, initials
    return None


def _surnames(
    words: list[_Word], article: str, taken: set[int], adjectives: Container[str]
) -> list[tuple[int, int, str]]:
    """(first, end, surname) of each name of two or three words ("Alex Ferguson", "Sir
    Alex Ferguson") whose first words the article never uses alone and whose last it
    uses alone at least as often as the whole name."""
    found = []
    for first in range(len(words) - 1):
        for last in (first + 1, first + 2):
            run = range(first, last + 1)
            if last >= len(words) or any(i in taken or not words[i].capitalized for i in run):
                break
            if not _adjacent(words, first, last):
                break
            if _in_longer_name(words, first, last) or _shares_a_head(words, first):
                continue
            given = [words[i].bare for i in range(first, last)]
            surname = words[last].bare
            if not any(word.lower() in adjectives for word in given) and _called_by_surname(
                given, surname, article, adjectives
            ):
                found.append((first, last + 1, surname))
    return found


def _possessors(words: list[_Word], article: str) -> list[int]:
    """The index of each possessor before a name that the article also names without
    it: "Chelsea's Duff" where the story says "Duff" alone."""
    found = []
    for index in range(len(words) - 1):
        word = words[index]
        if not _POSSESSIVE.search(word.suffix) or not word.capitalized:
            continue
        if index > 0 and words[index - 1].capitalized and _adjacent(words, index - 1, index):
            continue
        end = index + 1
        while end < len(words) and words[end].capitalized and _adjacent(words, index + 1, end):
            end += 1
            if words[end - 1].suffix:
                break
        if end == index + 1 or (end - index - 1) > 3:
            continue
        if any(w.bare.lower() in _PLURAL_PRONOUNS for w in words[end:]):
            continue  # "Chelsea's Gallas believes they will": "they" are Chelsea
        name = " ".join(w.bare for w in words[index + 1 : end])
        # "The Guide" of "Hitchhiker's Guide" is a title's part, not a name used alone.
        alone = len(_word_pattern(name).findall(article)) - len(
            re.findall(rf"\b[Tt]he {re.escape(name)}\b", article)
        )
        owned = len(re.findall(rf"\b{re.escape(word.bare)}['’]s {re.escape(name)}\b", article))
        if alone > owned:
            found.append(index)
    return found


def _in_longer_name(words: list[_Word], first: int, last: int) -> bool:
    """The two words are part of a longer name ("Manchester United Football Club") or of
    a name with a number ("Aero India 2005")."""
    before = first > 0 and words[first - 1].capitalized and _adjacent(words, first - 1, first)
    after = last + 1 < len(words) and _adjacent(words, last, last + 1)
    return before or (
        after and (words[last + 1].bare[:1].isupper() or words[last + 1].bare[:1].isdigit())
    )


def _shares_a_head(words: list[_Word], first: int) -> bool:
    """A word joined to the name by "and" shares its last word: "Daily and Sunday
    Telegraph"."""
    if first < 2 or words[first - 1].bare not in {"and", "&"} or not words[first - 2].capitalized:
        return False
    return first < 3 or not words[first - 3].bare[:1].isupper()


def _called_by_surname(
    given: list[str], surname: str, article: str, adjectives: Container[str] = frozenset()
) -> bool:
    # "Sir Alex Ferguson" may be "Alex Ferguson" further on: both are the whole name.
    rest, whole = article, 0
    for start in range(len(given)):
        full = " ".join([*given[start:], surname])
        whole += rest.count(full)
        rest = rest.replace(full, " ")
    others = [*given, *(word.lower() for word in given), surname.lower()]
    if any(_has_word(word, rest) for word in others):
        # "Hotel Rwanda" (a hotel), "Real Madrid" (Real's next game), "UK Independence
        # Party" (a party): not a person's names.
        return False
    uses = list(_word_pattern(surname).finditer(rest))
    if surname.lower() in adjectives and all(
        _opens_sentence(rest, use.start()) or _ends_a_name(rest, use.start()) for use in uses
    ):
        # "Playstation Portable", "Portable gadgets dominate", "Dubai Open" where the
        # story says "French Open": an adjective capitalized only where a sentence opens
        # or as a name's last word is no one's surname.
        return False
    return len(uses) >= max(whole, 1)


_HONORIFICS = frozenset(["Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Lord", "Lady", "Dame"])
"""Titles before a surname that leave it the person's name alone ("Mr Brown")."""


def _ends_a_name(text: str, start: int) -> bool:
    """Whether the word at ``start`` follows a capitalized word other than a title, as
    the last word of a name does ("French Open")."""
    before = re.search(r"(\S+) $", text[:start])
    return (
        before is not None
        and _TITLE_WORD.fullmatch(before.group(1)) is not None
        and before.group(1) not in _HONORIFICS
    )


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, a paragraph or a quotation, where a
    capital says nothing of a name."""
    before = text[:start]
    stripped = before.rstrip()
    return not stripped or "\n" in before[len(stripped) :] or stripped[-1] in ".!?:\"“‘'"


def _has_word(word: str, text: str) -> bool:
    # The substring test first: most words are not there, and it is ~20x the speed.
    return word in text and _word_pattern(word).search(text) is not None


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-]){re.escape(word)}(?![\w-])")

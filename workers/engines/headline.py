"""Compress a sentence into a headline of at most a dozen words.

Headlines keep the subject, the verb and what happened, and leave out the rest. The
rules below remove, in order, what a sub-editor would cut first: parentheses,
attributions ("he said", "according to"), leading subordinate clauses, appositives and
relative clauses, dates and times, trailing qualifiers, and articles. Each cut is kept
only if enough of the sentence remains, so a short sentence is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from workers.engines.bounds import HEADLINE_MAX_CHARS, HEADLINE_MAX_WORDS, cut
from workers.engines.checks import quotes_balanced, unsourced_numbers
from workers.engines.cleaning import DANGLING_ENDS
from workers.engines.compress import compress
from workers.engines.extractive_scoring import content_terms
from workers.engines.headline_tense import present
from workers.engines.parsing import lemma
from workers.engines.wellformed import well_formed

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MAX_WORDS = HEADLINE_MAX_WORDS
TARGET_WORDS = 11

_PARENS = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
_QUOTES = re.compile(r"[\"“”‘’](?=\s|$|[,.;:!?])|(?<=\s)[\"“‘’]|^[\"“‘’]")
_ATTRIB_TAIL = re.compile(
    r"(?:,?\s*\b(?:he|she|they|it|we|i|officials?|police|analysts?|experts?|sources?"
    r"|the\s+\w+|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+"
    r"(?:said|says|added|told\s+[\w\s]+?|explained|warned|noted|concluded|claimed|stated"
    r"|reported|announced|insisted|argued)"
    # Without a comma before it, "added" or "said" is the sentence's own verb ("Federer
    # added the Dubai trophy to his list"), not an attribution tacked on.
    r"|,\s*(?:said|says|added|according\s+to|reported|told)\b[^,]*"
    r"|\s+according\s+to\b[^,]*)\s*[.!?]?$",
    re.IGNORECASE,
)
_ATTRIB_LEAD = re.compile(
    r"^(?:(?P<subject>[^,]{0,80}?)\s+(?:has\s+|have\s+)?(?:said|says|announced|reported"
    r"|warned|confirmed|revealed|claimed|believes|argued|insisted)(?:\s+on\s+\w+)?"
    r"(?:\s+that)?|according\s+to\s+[^,]+,)\s+(?P<pronoun>(?:it|he|she|they)\s+)?",
    re.IGNORECASE,
)
_LEAD_CLAUSE = re.compile(
    r"^(?:after|although|though|while|when|whilst|as|despite|following|because|since|if"
    r"|amid|with|in|on|at|during|for|by|last|earlier|later|speaking|asked|referring"
    r"|turning|according|meanwhile|however|but|and|so|also|now|yet|still|instead"
    r"|under|over|from|before|until|unlike|like|having|being|once|given)\b[^,]{0,120},\s+",
    re.IGNORECASE,
)
_CONNECTIVE = re.compile(
    r"^(?:however|but|and|so|also|meanwhile|now|yet|still|instead|moreover|furthermore"
    r"|indeed|thus|therefore|in addition|separately|earlier|later)\b,?\s+",
    re.IGNORECASE,
)
# A comma between digits ("12,800") is part of a number, never a clause break.
_NOT_COMMA = r"(?:[^,]|(?<=\d),(?=\d))"
_RELATIVE = re.compile(
    rf",\s+(?:which|who|whose|whom|where)\b{_NOT_COMMA}*(?:,(?!\d)|$)", re.IGNORECASE
)
_APPOSITIVE = re.compile(
    rf",\s+(?:(?:the|a|an|its|his|her|their|now|formerly|once)\b{_NOT_COMMA}{{0,90}}"
    r"|(?:[A-Z][\w'’.&-]*\s*){1,4}),"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH = (
    r"(?:january|february|march|april|(?-i:May)|june|july|august|september|october"
    r"|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)
_DATE = re.compile(
    rf"\s*\b(?:(?:on|by|from|until|since|in|last|this|next|earlier|late|early)\s+)?"
    # A weekday before a capital names something ("Sunday Telegraph"): it stays.
    rf"(?:{_WEEKDAY}(?!\s+[A-Z])(?:\s+(?:morning|afternoon|evening|night))?"
    rf"(?:,?\s+{_MONTH}\s+\d{{1,2}})?"
    rf"|(?:\d{{1,2}}\s+)?{_MONTH}(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?"
    rf"|(?:last|this|next)\s+(?:week|month|year|weekend)"
    rf"|yesterday|today|tonight|tomorrow)\b"
    # "this weekend's clash" is a possessive: cut, it would leave "for's clash".
    rf"(?!['’]s\b)",
    re.IGNORECASE,
)
_PHRASE_WORDS = frozenset(
    [
        "for", "from", "in", "on", "at", "after", "during", "since", "over", "by", "with",
        "as", "amid", "despite", "because", "following", "before", "until", "while", "when",
        "than", "into", "across", "through", "against", "under", "to", "of", "about",
        "which", "who", "that", "and", "but", "or",
    ]
)  # fmt: skip
_TRAILING_PREP = re.compile(
    r"\s+(?:for|from|in|on|at|after|during|since|over|by|with|as|amid|despite|because"
    r"|following|before|until|while|when|than|into|across|through|against|under|to|of"
    r"|about|which|who|that|and|but|or)\b(?!.*\b(?:for|from|in|on|at|after|during|since"
    r"|over|by|with|as|amid|despite|because|following|before|until|while|when|than|into"
    r"|across|through|against|under|to|of|about|which|who|that|and|but|or)\b)",
    re.IGNORECASE,
)
# Beyond the shared ends: auxiliaries, pronouns and question words, which the rule
# compressor leaves bare when it cuts what follows them.
_DANGLING = DANGLING_ENDS | frozenset(
    {
        "such", "which", "who", "whose", "our", "your", "my", "is", "are", "was", "were",
        "be", "been", "has", "have", "had", "will", "would", "could", "should", "can",
        "may", "might", "must", "not", "also", "very", "whether", "if", "how", "what",
        "when", "where", "why", "it", "he", "she", "they", "we", "i",
    }
)  # fmt: skip
_ARTICLE = re.compile(r"\b(?:the|a|an)\s+(?=\S)", re.IGNORECASE)
_NAME_BEFORE_ARTICLE = re.compile(r"(?<=\s)[A-Z][\w'’-]*\s+of\s+$")
# Headlinese: "will decide" -> "to decide", "has been named" -> "named", "is spending"
# -> "spending", and adverbs that carry no news.
# "will not be punished" stays: "to not be punished" is no headlinese.
_FUTURE = re.compile(
    r"\b(?:will|is set to|are set to|is to|are to|is going to|are going to)\s+(?=[a-z])(?!not\b)"
)
# After a modal or "to" the auxiliary stays: "may have abolished" cut to "may abolished"
# would be put in headline tense as "may abolishes".
_AFTER_MODAL = "".join(
    rf"(?<!\b{modal} )"
    for modal in ("may", "might", "must", "can", "could", "would", "should", "shall", "will", "to")
)
_AUXILIARY = re.compile(
    _AFTER_MODAL
    + r"\b(?:has been|have been|had been|has|have|had|is being|are being|is|are|was|were)\s+"
    r"(?=(?:[a-z]+(?:ed|en|ing|wn|ght)|made|said|cut|hit|put|set|held|sold|told|found|won"
    r"|lost|built|sent|spent|left|paid|run|begun|done|gone|struck|hurt|shut|quit|led|met"
    r"|fell|rose|grew)\b)"
)
# Headlines drop possessive determiners and copulas, and write "and" as a comma.
_DETERMINER = re.compile(r"\b(?:his|her|its|their|our)\s+(?=\w)", re.IGNORECASE)
_COPULA = re.compile(
    r"(?<!\bthere )(?<!\bit )(?<!\bthis )(?<!\bthat )(?<!\bwho )(?<!\bwhich )"
    r"\b(?:is|are|was|were)\s+(?=\w)"
)
# "has fallen" -> "falls", "have risen" -> "rise", "had grown" -> "grew": without its
# auxiliary such a participle is no finite verb ("Shares in UK Coal fallen"). Each line:
# participle, present, past.
_IRREGULAR = {
    line.split()[0]: tuple(line.split()[1:])
    for line in (
        "fallen fall fell", "risen rise rose", "grown grow grew", "shown show showed",
        "taken take took", "given give gave", "driven drive drove", "chosen choose chose",
        "broken break broke", "known know knew", "begun begin began", "gone go went",
        "done do did", "seen see saw", "written write wrote", "beaten beat beat",
        "spoken speak spoke", "stolen steal stole", "frozen freeze froze", "drawn draw drew",
        "thrown throw threw", "flown fly flew", "sworn swear swore", "withdrawn withdraw withdrew",
        "overtaken overtake overtook", "undertaken undertake undertook", "forgotten forget forgot",
        "hidden hide hid", "shaken shake shook", "mistaken mistake mistook", "sunk sink sank",
        "shrunk shrink shrank", "eaten eat ate", "become become became", "come come came",
        "run run ran", "slid slide slid", "swung swing swung", "soared soar soared",
    )
}  # fmt: skip
# "have been out" is a copula in headlinese: "Hunt supporters out on first day".
_PERFECT_COPULA = re.compile(
    _AFTER_MODAL + r"\b(?:has|have|had) been\s+(?=[a-z]+\b(?<!ed)(?<!en)(?<!wn))"
)
_PRESENT_FORMS = frozenset(
    form for present, past in _IRREGULAR.values() for form in (present + "s", present + "es", past)
)
_PERFECT = re.compile(
    _AFTER_MODAL + rf"\b(?P<aux>has|have|had)\s+(?P<verb>{'|'.join(_IRREGULAR)})\b", re.IGNORECASE
)
# "she, fellow sprinter Kostas Kenteris" would read as one person: after a pronoun the
# "and" stays.
_AND = re.compile(r"(?<!\bhe)(?<!\bshe)(?<!\bwe)(?<!\bthey)(?<!\bI)\s+and\s+(?=\w)")
_FILLER = re.compile(
    r"\b(?:also|already|now|still|even|just|reportedly|currently|recently|finally|further)\s+",
    re.IGNORECASE,
)
# Words that open a qualifier rather than the news itself: time, cause, comparison,
# manner. "to", "in", "for" and "on" are not here: they often carry the object.
_QUALIFIERS = frozenset(
    [
        "after",
        "before",
        "since",
        "during",
        "despite",
        "amid",
        "following",
        "until",
        "because",
        "while",
        "when",
        "whereas",
        "although",
        "though",
        "unless",
        "than",
        "as",
        "with",
        "by",
        "from",
        "at",
        "against",
        "over",
        "into",
        "which",
        "who",
        "whom",
        "whose",
    ]
)
QUALIFIER_AFTER_WORDS = 5
_UNSUITABLE_OPENING = re.compile(
    r"^(?:[\"“‘']|(?:it|they|he|she|this|these|that|there|if|we|i|you|now|when|what|how"
    r"|why|so|but|and)\b)",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s{2,}")
# A modifier that may go is an adjective by its suffix ("quarterly" no, "Japanese" no:
# lower case only): a noun modifier ("oil firm Yukos") may be what holds the phrase
# together. Negations and the verb after "to" carry the news and stay.
_ADJECTIVE = re.compile(r"[a-z][\w'’-]*(?:al|ive|ous|ic|ful|less|able|ible|ish|ary|ern|ese|ian)")
_MODIFIER = _ADJECTIVE
_KEEP_ALWAYS = frozenset(
    ["no", "not", "never", "nor", "without", "none", "nobody", "nothing", "fewer", "less", "more"]
)
_VERB_FORM = re.compile(
    r"[a-z]ed$|^(?:given|taken|broken|chosen|driven|fallen|risen|shown|grown|known|made|said|cut|hit|put|set|held|sold|told|found|won|lost"
    r"|built|sent|spent|left|paid|run|begun|done|gone|struck|hurt|shut|quit|led|met|fell|rose"
    r"|grew|saw|took|gave|came|became|went|got|began)$"
)
_MIN_KEEP = 5
_CLAUSE_END = re.compile(r"(?<!\d),|,(?!\d)|;|\s[-–—]\s|\s(?:who|which|whose)\s|[.!?](?=\s|$)")
_AUXILIARIES = frozenset(
    [
        "is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can",
        "may", "might", "must", "should", "shall", "does", "do", "did", "be", "been",
    ]
)  # fmt: skip
_PARTICLES = frozenset(["by", "in", "on", "up", "out", "off", "down", "back", "over", "away"])
# Words after which a phrase may end: what follows them starts a new phrase.
_PHRASE_END = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "of", "to", "for", "from", "in", "on", "at",
        "by", "with", "as", "that", "which", "who", "whose", "than", "after", "before",
        "since", "during", "despite", "amid", "following", "until", "because", "while",
        "when", "whereas", "although", "though", "unless", "into", "over", "against",
        "about", "under", "between", "across", "through", "per", "if", "its", "his", "her",
        "their", "is", "are", "was", "were", "has", "have", "had", "will", "would", "could",
        "can", "may", "might", "must", "should", "said", "says", "say", "according",
        "including", "up", "down", "out", "off", "not", "also", "so", "this", "these",
        "those", "it", "he", "she", "they", "we", "there", "where", "ahead", "compared",
        "last", "next", "earlier", "later", "now", "yet", "still", "even", "just",
        "almost", "nearly", "around", "some", "more", "less", "most", "all", "both",
    ]
)  # fmt: skip
_ANY_QUOTE = re.compile(r"[\"“”]")
_CLAUSE_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
_NUMBER_WORDS = frozenset(
    [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred",
        "thousand", "million", "billion", "first", "second", "third", "fourth", "fifth",
        "sixth", "seventh", "eighth", "ninth", "tenth", "last", "next", "half", "quarter",
        "dozen",
    ]
)  # fmt: skip
_SOURCE_MAX_CHARS = 400


LOOSE_WORDS = 20
"""The bound of the compression :func:`checked_headline` cuts back to ``max_words``."""
_MIN_CUT_BACK = 3
"""A clause cut back may end as short as subject and verb ("Brother and sister convicted")."""
PARSE_MAX_CHARS = 200
"""Only this much of the source sentence is parsed: the parse costs time per token, and
a headline's clause starts in a sentence's opening words."""


def parse_text(sentence: str) -> str:
    """What of ``sentence`` is parsed for a headline (the key of a batch's parses)."""
    return cut(_clean(sentence), PARSE_MAX_CHARS)


def parsed_headline(
    parser: Language,
    sentence: str,
    max_words: int = MAX_WORDS,
    salience: Mapping[str, int] | None = None,
    parsed: Mapping[str, Doc] | None = None,
) -> str | None:
    """The sentence's main clause by its dependency parse (:mod:`workers.engines.compress`),
    or ``None`` where the parse gives no well-formed headline. ``parsed`` holds parses
    made ahead, in one batch, keyed by :func:`parse_text`."""
    doc = parse_sentence(parser, sentence, parsed)
    headline = compress(doc, max_words=max_words, salience=salience)
    return headline if headline is not None and fit_to_lead(headline, sentence) else None


def fit_to_lead(headline: str, sentence: str) -> bool:
    """Whether a compression of ``sentence`` may stand as its headline: short enough,
    no number the sentence does not hold as written, no quotation left open."""
    return (
        len(headline) <= HEADLINE_MAX_CHARS
        and not unsourced_numbers(headline, sentence)
        and quotes_balanced(headline)
    )


def checked_headline(
    parser: Language,
    sentence: str,
    max_words: int = MAX_WORDS,
    salience: Mapping[str, int] | None = None,
    parsed: Mapping[str, Doc] | None = None,
) -> str | None:
    """The rule headline, else the opening clause, else the compression to a looser
    bound cut back to ``max_words``: the first that reads whole by the sentence's parse
    (:func:`workers.engines.wellformed.flaws`, which judges better than the word shapes
    of :func:`reads_as_headline`); ``None`` when none does. For sentences
    :func:`parsed_headline` found no clause in: the rules cut by word shapes, and "US
    food, drug regulators to decide on Friday" must not pass."""
    doc = parse_sentence(parser, sentence, parsed)
    options = (
        make_headline(sentence, max_words=max_words, salience=salience),
        lead_clause(sentence, max_words),
    )
    for option in options:
        if option and well_formed(option, doc):
            return _present_tense(option, doc)
    # The main clause compressed to a looser bound, cut back to where it reads whole:
    # "Manic Street Preachers to take over helm [of BBC digital radio station 6 Music]".
    longer = compress(doc, max_words=LOOSE_WORDS, salience=salience)
    words = longer.split() if longer else []
    for end in range(min(len(words), max_words), _MIN_CUT_BACK - 1, -1):
        option = " ".join(words[:end]).rstrip(",;:")
        if (
            len(option) <= HEADLINE_MAX_CHARS
            and well_formed(option, doc)
            and not unsourced_numbers(option, sentence)
        ):
            return option
    return None


def clause_after_opening(doc: Doc, headline: str, max_words: int = MAX_WORDS) -> str | None:
    """Where the rule headline is broken by the parse ("New Yorker Dick Morris [is] that
    thing Americans love"), the opening clause after an adverbial phrase and its comma
    ("[By any measure,] New Yorker Dick Morris is that thing Americans love over
    everything else"), if it reads whole by word shapes: the source's own clause, which
    the parse that broke the rule headline cannot vouch for. For the last resort, where
    nothing the parse checks is found; ``None`` where there is no such clause."""
    rest = _after_opening_phrase(doc)
    if rest is None or well_formed(headline, doc):
        return None
    clause = lead_clause(rest, max_words)
    return clause if clause and reads_as_headline(clause, rest) else None


def _after_opening_phrase(doc: Doc) -> str | None:
    """The sentence after an opening adverbial phrase and its comma ("By any measure,"),
    or ``None`` where it does not open with one."""
    root = next(doc.sents).root
    first = next(root.lefts, None)
    if (
        first is None
        or first.i != 0
        or first.dep_ not in {"prep", "advmod", "npadvmod", "advcl"}
        or first.right_edge.i + 1 >= len(doc)
        or doc[first.right_edge.i + 1].text != ","
    ):
        return None
    return doc[first.right_edge.i + 2 :].text


def checked_compression(
    parser: Language,
    sentence: str,
    max_words: int = MAX_WORDS,
    salience: Mapping[str, int] | None = None,
    parsed: Mapping[str, Doc] | None = None,
) -> str | None:
    """:func:`parsed_headline`, kept only where :func:`well_formed` finds it whole: for a
    sentence other than the lead, which has to earn its place. ``parsed`` as for
    :func:`parse_sentence`."""
    doc = parse_sentence(parser, sentence, parsed)
    headline = parsed_headline(parser, sentence, max_words, salience, {doc.text: doc})
    return headline if headline is not None and well_formed(headline, doc) else None


def _present_tense(headline: str, doc: Doc) -> str:
    """The rules leave a regular verb in the past ("Michels has died" -> "Michels died"):
    the sentence's main verb, active and past, as written in ``headline``, in headline
    tense ("Michels dies")."""
    root = next(doc.sents).root
    perfect = any(c.dep_ == "aux" and c.lower_ in {"has", "have"} for c in root.children)
    passive = any(c.dep_ == "auxpass" for c in root.children)
    subject = next((c for c in root.lefts if c.dep_ in {"nsubj", "dep"}), None)
    if (
        subject is None
        or passive
        or lemma(root) == "be"
        or not (root.tag_ == "VBD" or (root.tag_ == "VBN" and perfect))
    ):
        return headline
    words = headline.split()
    if root.text not in words[1:]:
        return headline
    at = words.index(root.text, 1)
    if words[at - 1].lower() in {"has", "have", "had"}:
        return headline  # "has got": the rules kept the auxiliary, and that reads whole
    words[at] = present(root, subject)
    return " ".join(words)


def parse_sentence(parser: Language, sentence: str, parsed: Mapping[str, Doc] | None = None) -> Doc:
    """The parse of ``sentence`` as headlines read it: made ahead (``parsed``, keyed by
    :func:`parse_text`) or now."""
    text = parse_text(sentence)
    doc = parsed.get(text) if parsed else None
    return doc if doc is not None else parser(text)


def is_headline_material(sentence: str) -> bool:
    """Whether ``sentence`` can stand as a headline source: no quote, question or pronoun lead."""
    stripped = sentence.strip()
    return (
        len(stripped.split()) >= _MIN_KEEP + 1
        and not _UNSUITABLE_OPENING.match(stripped)
        and not stripped.rstrip("\"'”’").endswith("?")
    )


def reads_as_headline(headline: str, sentence: str) -> bool:
    """Whether ``headline`` reads whole: it has a verb, and its last word ends a phrase.

    Without a parser these are word-shape tests: an auxiliary, "to" before a verb, a
    past form or an "-ing" form counts as a verb; the last word must not be a name's
    descriptor cut before its head ("Close associate of former Yukos" where the
    sentence goes on "Yukos boss") or a verb cut before its particle ("to abide" by).
    """
    words = [w.strip(",;:'\"“”‘’").lower() for w in headline.split()]
    if not any(_is_verb_like(words, i) for i in range(len(words))):
        return False
    source = [w.strip(",;:.'\"“”‘’()").lower() for w in sentence.split()]
    last = words[-1] if words else ""
    positions = [i for i, w in enumerate(source) if w == last]
    if not positions:
        return True
    position = positions[-1] if len(positions) == 1 else positions[0]
    after = source[position + 1] if position + 1 < len(source) else ""
    before = words[-2] if len(words) > 1 else ""
    raw_next = sentence.split()[position + 1] if position + 1 < len(source) else ""
    name_cut = headline.split()[-1][:1].isupper() or _ADJECTIVE.fullmatch(last) is not None
    if name_cut and raw_next[:1].islower() and raw_next[:1].isalpha() and after not in _PHRASE_END:
        return False  # the phrase went on: "former Yukos" + "boss"
    return not (before in {"to", "or", "and"} and after in _PARTICLES)


def lead_clause(sentence: str, max_words: int = MAX_WORDS) -> str:
    """The sentence's opening clause, when it is short enough to be a headline."""
    text = _clean(sentence)
    boundary = _CLAUSE_END.search(text)
    clause = _ANY_QUOTE.sub("", text[: boundary.start()] if boundary else text)
    words = _apply(_ARTICLE, clause, _cut_article).split()
    if len(words) > max_words or len(" ".join(words)) > HEADLINE_MAX_CHARS:
        return ""  # 12 words may be long ones
    while len(words) > 1 and words[-1].lower().strip(",;:") in _DANGLING:
        if _object_it(words):
            break  # "Nasa is doing it": the verb's object, not a subject left bare
        words.pop()
    return _capitalize(" ".join(words).rstrip(".!?,;:"))


# Words after which a clause-final "it" opens a clause that was cut: "... because it".
_BEFORE_SUBJECT = frozenset(
    {"because", "although", "though", "unless", "until", "once", "whereas", "so", "since"}
)


def _object_it(words: list[str]) -> bool:
    """Whether a clause's last word "it" is the object of the word before it ("doing
    it"), which a clause may end on, rather than the subject of a clause cut off after
    it ("because it"): the word before is a content word, not a closed-class one."""
    if words[-1].lower() != "it" or len(words) < 2:
        return False
    before = words[-2].lower()
    return before.isalpha() and before not in _DANGLING and before not in _BEFORE_SUBJECT


def _at_phrase_end(words: list[str], max_words: int) -> list[str]:
    """At most ``max_words`` words, ending where a phrase ends if one does past half.

    "... trying to stuff the genie back into the bottle" cut at twelve words leaves
    "to stuff genie"; cut before "into" or after a comma, the phrase is whole.
    """
    if len(words) <= max_words:
        return words
    for end in range(max_words, max_words // 2, -1):
        following = words[end].lower().strip(",;:")
        if words[end - 1].endswith((",", ";", ":")) or following in _PHRASE_END:
            return words[:end]
    return words[:max_words]


def _drop_trailing_phrase(text: str) -> str:
    """``text`` without its last prepositional or clausal phrase; "" when there is none.

    A phrase that completes the verb before it stays: "refused to show", "based on",
    "expected to fetch" lose their meaning without it.
    """
    words = text.split()
    for index in range(len(words) - 1, 0, -1):
        if words[index].lower() not in _PHRASE_WORDS:
            continue
        before = words[index - 1].lower().strip(",;:")
        if _VERB_FORM.search(before) or (index > 1 and words[index - 2].lower() == "to"):
            continue
        return " ".join(words[:index])
    return ""


def _has_verb(text: str) -> bool:
    words = [w.strip(",;:'\"“”‘’").lower() for w in text.split()]
    return any(_is_verb_like(words, i) for i in range(len(words)))


def _is_verb_like(words: list[str], index: int) -> bool:
    word = words[index]
    if word in _AUXILIARIES or word in _PRESENT_FORMS:
        return True
    if word == "to":
        following = words[index + 1] if index + 1 < len(words) else ""
        return following.isalpha() and following not in _DANGLING
    if index == 0:
        return False
    return bool(_VERB_FORM.search(word)) or (len(word) > 5 and word.endswith("ing"))


def make_headline(
    sentence: str,
    max_words: int = MAX_WORDS,
    target_words: int = TARGET_WORDS,
    salience: Mapping[str, int] | None = None,
) -> str:
    """A headline of at most ``max_words`` words built from ``sentence``.

    Trailing phrases are cut while the headline is over ``target_words``. ``salience``
    counts the article's stemmed content words (:func:`content_terms`); with it, modifiers
    the article never mentions again are dropped, as the story is about what recurs.
    """
    text = _clean(sentence)
    if len(text) > _SOURCE_MAX_CHARS:
        # The rules below are regular expressions over the sentence; a bounded input
        # keeps their cost bounded whatever the sentence.
        text = cut(text, _SOURCE_MAX_CHARS)
    text = _apply(_PARENS, text, "")
    text = _apply(_QUOTES, text, "")
    text = _apply(_ATTRIB_TAIL, text, "")
    text = _apply(_CONNECTIVE, text, "", count=1)
    for _ in range(2):
        text = _apply(_LEAD_CLAUSE, text, "", count=1)
        text = _apply(_ATTRIB_LEAD, text, _keep_subject, count=1)
    text = _apply(_RELATIVE, text, " ")
    text = _apply(_APPOSITIVE, text, " ")
    text = _apply(_DATE, text, "")
    text = _cut_at_comma(text)
    # "[and] numbers are climbing fast": however few words are left, none opens on "and".
    text = _CONNECTIVE.sub("", text, count=1)
    text = _apply(_ARTICLE, text, _cut_article)
    text = _apply(_FUTURE, text, "to ")
    text = _apply(_PERFECT, text, _headline_tense)
    text = _apply(_PERFECT_COPULA, text, "")
    text = _apply(_AUXILIARY, text, "")
    text = _apply(_FILLER, text, "")
    text = _apply(_DETERMINER, text, "")
    text = _apply(_COPULA, text, "")
    text = _apply(_AND, text, ", ")
    text = _cut_qualifier(text)
    while len(text.split()) > target_words:
        shorter = _drop_trailing_phrase(text)
        if len(shorter.split()) < _MIN_KEEP or shorter == text or not _has_verb(shorter):
            break
        text = shorter
    words = text.split()
    if salience is not None:
        words = _drop_passing_modifiers(words, salience)
    words = cut(" ".join(_at_phrase_end(words, max_words)), HEADLINE_MAX_CHARS).split()
    while len(words) > 1 and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    headline = " ".join(words).strip(" ,;:-–—")
    headline = headline.rstrip(".!?,;:").strip()
    if not quotes_balanced(headline):
        headline = _SPACES.sub(" ", _ANY_QUOTE.sub("", headline)).strip()
    if not headline or unsourced_numbers(headline, sentence):
        # A cut that broke a number: the sentence's opening words say what it says.
        return _fallback(sentence, max_words)
    return _capitalize(_trim_dangling(headline))


def _trim_dangling(text: str) -> str:
    """``text`` without trailing words that need a continuation ("scheduled for")."""
    words = text.split()
    while len(words) > 1 and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(".!?,;:")


def _capitalize(text: str) -> str:
    """Upper-case the first letter, unless that would write other letters ("ŉ" -> "ʼN")."""
    first = text[:1].upper()
    return first + text[1:] if len(first) == 1 else text


def _drop_passing_modifiers(words: list[str], salience: Mapping[str, int]) -> list[str]:
    """Drop words said once in the article that stand before a kept content word.

    "Quarterly profits at US media giant TimeWarner" keeps "Profits at US TimeWarner":
    the one-off adjective or noun modifier goes, its head stays. Working right to left, a
    word goes only if the word after it stays, so no phrase loses its head.
    """
    counts = [_salience(word, salience) for word in words]
    keep = [True] * len(words)
    for index in range(len(words) - 2, -1, -1):
        word, after = words[index], words[index + 1]
        if (
            counts[index] != 1
            or not keep[index + 1]
            or counts[index + 1] is None
            or not _MODIFIER.fullmatch(word)
            or word.lower() in _KEEP_ALWAYS
            or _VERB_FORM.search(word)
            or (index > 0 and words[index - 1].lower() == "to")
            or _graded(words, index)
            or _narrows_a_rank(words, index)  # "first [romantic] comedy"
            or (word[:1].isupper() and after[:1].isupper() and (counts[index + 1] or 0) < 2)
            # Numbers and what they count, verbs before an object, coordinated words.
            or word.lower() in _NUMBER_WORDS
            or not after[:1].isalpha()
            or _VERB_FORM.search(after)
            or (index > 0 and (words[index - 1].endswith(",") or words[index - 1] == "and"))
        ):
            continue
        keep[index] = False
    kept = [word for word, stays in zip(words, keep, strict=True) if stays]
    if len(kept) < _MIN_KEEP - 1:
        return words
    if kept and kept[0] != words[0]:
        kept[0] = kept[0][:1].upper() + kept[0][1:]
    return kept


_DEGREE_WORDS = frozenset(["most", "least", "more", "less", "very", "so", "too", "as"])


def _graded(words: list[str], index: int) -> bool:
    """ "the most powerful people": an adjective after a degree word stays, as the degree
    word is about it ("most people" says something else)."""
    return index > 0 and words[index - 1].lower() in _DEGREE_WORDS


_ORDINAL_WORDS = frozenset(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
)
_SUPERLATIVE = re.compile(r"[a-z]{3,}est|best|worst", re.IGNORECASE)


def _narrows_a_rank(words: list[str], index: int) -> bool:
    """ "first [romantic] comedy", "biggest [oil] firm": a word after an ordinal or a
    superlative says among what it ranks; without it the claim is of them all."""
    before = words[index - 1].lower() if index > 0 else ""
    return before in _ORDINAL_WORDS or _SUPERLATIVE.fullmatch(before) is not None


def _salience(word: str, salience: Mapping[str, int]) -> int | None:
    """How often the article names ``word``'s content; ``None`` for a function word."""
    terms = content_terms(word)
    return max(salience.get(term, 0) for term in terms) if terms else None


def _keep_subject(match: re.Match[str]) -> str:
    """Drop "X said that"; "X said it will" keeps X in place of the pronoun."""
    if match.group("pronoun") and match.group("subject"):
        return match.group("subject") + " "
    return ""


def _apply(
    pattern: re.Pattern[str],
    text: str,
    replacement: str | Callable[[re.Match[str]], str],
    count: int = 0,
) -> str:
    """Run one cut; keep it only if at least a few words survive."""
    result = _SPACES.sub(" ", pattern.sub(replacement, text, count=count)).strip(" ,")
    result = result.replace(" ,", ",").replace(",,", ",")
    return result if len(result.split()) >= _MIN_KEEP else text


def _cut_article(match: re.Match[str]) -> str:
    """ "" for an article, except inside a name ("Top of the Pops")."""
    before = match.string[: match.start()]
    after = match.string[match.end() : match.end() + 1]
    return match.group() if after.isupper() and _NAME_BEFORE_ARTICLE.search(before) else ""


def _cut_qualifier(text: str) -> str:
    """Drop a trailing qualifier ("... after the firm said", "... by 2%") past the core."""
    words = text.split()
    for index in range(QUALIFIER_AFTER_WORDS, len(words)):
        if words[index].lower() in _QUALIFIERS:
            return " ".join(words[:index])
    return text


def _cut_at_comma(text: str) -> str:
    """Drop what follows the first comma once the clause before it can stand alone."""
    comma = _CLAUSE_COMMA.search(text)
    if comma and len(text[: comma.start()].split()) >= _MIN_KEEP + 1:
        return text[: comma.start()]
    return text


def _headline_tense(match: re.Match[str]) -> str:
    """A perfect with an irregular participle in headline tense: present, or past for "had"."""
    present, past = _IRREGULAR[match.group("verb").lower()]
    aux = match.group("aux").lower()
    if aux == "had":
        return past
    if aux == "have":
        return present
    return present + ("es" if present.endswith(("s", "sh", "ch", "o")) else "s")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def _fallback(sentence: str, max_words: int) -> str:
    text = " ".join(_clean(sentence[: _SOURCE_MAX_CHARS * 2]).split()[:max_words])
    words = _ANY_QUOTE.sub("", cut(text, HEADLINE_MAX_CHARS)).split()
    while len(words) > 1 and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(".!?,;:")

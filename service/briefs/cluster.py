"""Same-story clustering: articles that report one story become one cluster.

Two signals, both looked up through indexes so that adding an article costs about
the same whatever the number already held (near-linear for a day's articles):

- **Near-duplicates** (the same text lightly edited: sentences reordered, a word
  changed, a paragraph dropped): MinHash over word 3-shingles with datasketch's LSH;
  an estimated Jaccard at or over ``near_duplicate`` joins the stories.
- **The same event from different outlets**: cosine of TF-IDF vectors (log term
  frequency, smoothed IDF) over content words, plus the named entities both carry
  (capitalized phrases, found cheaply by a pattern), within a time window. Candidates
  come from an inverted index of each article's top keywords and entities; only the
  few sharing the most keys are compared.

Written by hand rather than with scikit-learn (not a dependency of the service): an
incremental TF-IDF needs only a dict per article, and the index bounds the work.
Stories are joined with a union-find, so clustering is incremental: :meth:`add` one
article at a time, or :func:`cluster` a batch (which learns IDF from the whole batch
first, the better estimate when the batch is known up front).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from datasketch import MinHash, MinHashLSH

# fmt: off
STOPWORDS = frozenset("a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves said says say mr mrs ms one two three new year years also told last first would could may might must shall us".split())  # noqa: E501, SIM905
ENTITY_STOPWORDS = frozenset("the a an and but or if in on at to for of by from with as it its he she they we i you this that these those there here his her their our my your what when where which who why how after before while mr mrs ms monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december however meanwhile also".split())  # noqa: E501, SIM905
# fmt: on

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# A run of capitalized words (a name, a place, an organization), "of" allowed inside.
_ENTITY = re.compile(r"\b[A-Z][\w'’&-]*(?:[ \t]+(?:of[ \t]+|de[ \t]+)?[A-Z][\w'’&-]*)*")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def content_terms(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1 and not w.isdigit()]


def entities(text: str) -> set[str]:
    """Capitalized phrases, lower-cased; sentence-initial function words dropped."""
    found: set[str] = set()
    for match in _ENTITY.finditer(text):
        parts = [p.strip("'’-") for p in match.group(0).split()]
        while parts and parts[0].lower() in ENTITY_STOPWORDS:
            parts = parts[1:]
        phrase = " ".join(parts).lower()
        if len(phrase) > 2 and phrase not in ENTITY_STOPWORDS:
            found.add(phrase)
    return found


def shingles(text: str, size: int = 3) -> set[bytes]:
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)}


@dataclass(frozen=True)
class Doc:
    """What clustering reads of an article."""

    key: Hashable
    text: str
    title: str | None = None
    source: str | None = None
    published_at: datetime | None = None


def _full_text(doc: Doc) -> str:
    return f"{doc.title}\n{doc.text}" if doc.title else doc.text


@dataclass(frozen=True)
class ClusterOptions:
    near_duplicate: float = 0.5
    """Estimated Jaccard of 3-shingles at or over which two texts are one."""
    similar: float = 0.6
    """TF-IDF cosine at or over which two articles report one story."""
    related: float = 0.45
    """A lower cosine that is enough when the articles share ``min_shared_entities``."""
    min_shared_entities: int = 4
    window: timedelta = timedelta(hours=48)
    """Articles further apart in time than this are never joined (unless near-copies)."""
    num_perm: int = 64
    keywords: int = 12
    """Top TF-IDF terms per article put in the candidate index."""
    candidates: int = 8
    """Articles compared by cosine per added article (those sharing most keys)."""
    max_posting: int = 400
    """A key carried by more articles than this is too common to find candidates."""


@dataclass
class _Entry:
    doc: Doc
    vector: dict[str, float]
    entities: set[str]


@dataclass
class StoryClusterer:
    """Incremental clustering: :meth:`add` articles, read :meth:`stories`."""

    options: ClusterOptions = field(default_factory=ClusterOptions)
    learn_idf: bool = True
    """Count each added article into the document frequencies (off after :meth:`observe`)."""

    def __post_init__(self) -> None:
        self._df: Counter[str] = Counter()
        self._n = 0
        self._entries: list[_Entry] = []
        self._parent: list[int] = []
        self._postings: dict[str, list[int]] = {}
        self._lsh = MinHashLSH(
            threshold=self.options.near_duplicate, num_perm=self.options.num_perm
        )
        self._minhashes: list[MinHash] = []
        # Drawn once (seeded), not per article: datasketch draws them in every MinHash.
        template = MinHash(num_perm=self.options.num_perm)
        self._permutations, self._scheme = template.permutations, template.scheme
        self._observed: dict[Hashable, list[str]] = {}
        self._idf_memo: dict[str, float] = {}

    def observe(self, docs: Iterable[Doc]) -> None:
        """Learn document frequencies from a whole batch before adding it; IDF is then
        fixed (what :meth:`add` learns no more)."""
        for doc in docs:
            terms = content_terms(_full_text(doc))
            self._observed[doc.key] = terms  # tokenized once: add() takes them back
            self._df.update(set(terms))
            self._n += 1
        self.learn_idf = False
        self._idf_memo.clear()

    def _idf(self, term: str) -> float:
        if self.learn_idf:
            return math.log((1 + self._n) / (1 + self._df[term])) + 1.0
        idf = self._idf_memo.get(term)
        if idf is None:
            idf = self._idf_memo[term] = math.log((1 + self._n) / (1 + self._df[term])) + 1.0
        return idf

    def _vector(self, terms: list[str]) -> dict[str, float]:
        counts = Counter(terms)
        weights = {t: (1.0 + math.log(c)) * self._idf(t) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    def _entry(self, doc: Doc) -> _Entry:
        text = _full_text(doc)
        terms = self._observed.pop(doc.key, None) or content_terms(text)
        if self.learn_idf:
            self._df.update(set(terms))
            self._n += 1
        return _Entry(doc=doc, vector=self._vector(terms), entities=entities(text))

    def add(self, doc: Doc) -> int:
        """Add an article; returns the index of the story it now belongs to."""
        entry = self._entry(doc)
        index = len(self._entries)
        self._entries.append(entry)
        self._parent.append(index)

        minhash = MinHash(
            num_perm=self.options.num_perm,
            hashfunc=zlib.crc32,
            permutations=self._permutations,
            scheme=self._scheme,
        )
        grams = shingles(doc.text)
        if grams:
            minhash.update_batch(list(grams))
        for other in self._lsh.query(minhash):
            if minhash.jaccard(self._minhashes[other]) >= self.options.near_duplicate:
                self._union(index, other)
        self._minhashes.append(minhash)
        self._lsh.insert(index, minhash)

        for other in self._candidates(entry):
            if self._same_event(entry, self._entries[other]):
                self._union(index, other)
        self._index(index, entry)
        return self._find(index)

    def _keys(self, entry: _Entry) -> list[str]:
        top = sorted(entry.vector, key=entry.vector.__getitem__, reverse=True)
        return [f"w:{t}" for t in top[: self.options.keywords]] + [f"e:{e}" for e in entry.entities]

    def _index(self, index: int, entry: _Entry) -> None:
        for key in self._keys(entry):
            self._postings.setdefault(key, []).append(index)

    def _candidates(self, entry: _Entry) -> list[int]:
        shared: Counter[int] = Counter()
        for key in self._keys(entry):
            posting = self._postings.get(key)
            if posting and len(posting) <= self.options.max_posting:
                shared.update(posting)
        return [other for other, _ in shared.most_common(self.options.candidates)]

    def _same_event(self, a: _Entry, b: _Entry) -> bool:
        when_a, when_b = a.doc.published_at, b.doc.published_at
        if when_a and when_b and abs(when_a - when_b) > self.options.window:
            return False
        va, vb = a.vector, b.vector
        cosine = sum(va[t] * vb[t] for t in va.keys() & vb.keys())
        if cosine >= self.options.similar:
            return True
        return (
            cosine >= self.options.related
            and len(a.entities & b.entities) >= self.options.min_shared_entities
        )

    def _find(self, index: int) -> int:
        root = index
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[index] != root:  # path compression
            self._parent[index], index = root, self._parent[index]
        return root

    def _union(self, a: int, b: int) -> None:
        root_a, root_b = self._find(a), self._find(b)
        if root_a != root_b:
            # The earlier article's root stays, so story ids are stable as articles arrive.
            self._parent[max(root_a, root_b)] = min(root_a, root_b)

    def stories(self) -> list[list[Hashable]]:
        """The articles' keys grouped by story, in the order the stories first appeared."""
        groups: dict[int, list[Hashable]] = {}
        for index, entry in enumerate(self._entries):
            groups.setdefault(self._find(index), []).append(entry.doc.key)
        return list(groups.values())


def cluster(docs: Sequence[Doc], options: ClusterOptions | None = None) -> list[list[Hashable]]:
    """Group a batch of articles by story (IDF learned from the whole batch)."""
    clusterer = StoryClusterer(options=options or ClusterOptions())
    clusterer.observe(docs)
    for doc in docs:
        clusterer.add(doc)
    return clusterer.stories()

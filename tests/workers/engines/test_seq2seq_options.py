"""Per-request options on the seq2seq engine, on both backends: headline candidates
drawn by sampling (distinct, the beam search's best first, flagged ones ranked last)
and ``summary_length`` as whole sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from service.drafts import build_draft
from service.text.sentences import split_sentences
from tests.models import corpus_lines
from tests.workers.engines.conftest import SMALL_GENERATION
from workers.engines.backends import Decoding, GenerationBackend, Sampling
from workers.engines.base import ArticleInput
from workers.engines.cleaning import is_terminated
from workers.engines.extractive import ExtractiveEngine
from workers.engines.lengths import keep_sentences, top_up
from workers.engines.seq2seq import Seq2SeqEngine

pytestmark = pytest.mark.slow

ARTICLE = " ".join(corpus_lines()[60:66])
RANGES = {"short": (1, 1), "medium": (2, 3), "long": (3, 5)}


class Recording:
    """The real backend, with each call's decoding written down."""

    def __init__(self, backend: GenerationBackend) -> None:
        self.backend = backend
        self.name = backend.name
        self.device = backend.device
        self.calls: list[Decoding] = []

    def generate(self, batch: Sequence[Sequence[int]], decoding: Decoding) -> list[list[int]]:
        self.calls.append(decoding)
        return self.backend.generate(batch, decoding)


def recorded(engine: Seq2SeqEngine) -> tuple[Seq2SeqEngine, Recording]:
    recording = Recording(engine.backend)
    copy = Seq2SeqEngine(
        backend=recording,
        tokenizer=engine.tokenizer,
        config=engine.config,
        model_id=engine.model_id,
        prompts=engine.prompts,
        generation=engine.generation,
    )
    return copy, recording


@pytest.fixture(scope="module")
def ct2_engine(t5_ct2_dir: Path, one_torch_thread: None) -> Seq2SeqEngine:
    return Seq2SeqEngine.from_pretrained(
        str(t5_ct2_dir), generation=SMALL_GENERATION, compute_type="float32"
    )


ENGINES = ["t5_engine", "bart_engine", "ct2_engine"]


@pytest.mark.parametrize("engine_fixture", ENGINES)
@pytest.mark.parametrize("wanted", [3, 5])
def test_headline_candidates_are_sampled_distinct_and_the_best_beam_leads(
    engine_fixture: str, wanted: int, request: pytest.FixtureRequest
) -> None:
    engine, recording = recorded(request.getfixturevalue(engine_fixture))
    article = ArticleInput(text=ARTICLE, headline_candidates=wanted, headline_max_words=6)

    [briefing] = engine.summarize([article])

    candidates = briefing.details["headline_candidates"]
    assert isinstance(candidates, list)
    assert len(candidates) == wanted
    assert len({c.casefold() for c in candidates}) == wanted
    assert candidates[0] == briefing.headline
    assert all(c and len(c.split()) <= 6 for c in candidates)
    sampled = [call for call in recording.calls if call.sampling is not None]
    assert sampled and all(call.num_return_sequences >= 2 for call in sampled)
    # Every other call is one beam search's best: no n-best lists any more.
    assert all(call.num_return_sequences == 1 for call in recording.calls if not call.sampling)
    # As the worker stores them: flagged candidates below unflagged, first = headline.
    draft = build_draft(
        headline=briefing.headline,
        summary=briefing.summary,
        bullets=briefing.bullets,
        source=ARTICLE,
        engine_details=briefing.details,
    )
    ranked = draft.details["headline_candidates"]
    assert ranked[0]["text"] == draft.headline
    flagged = [bool(c["flags"]) for c in ranked]
    assert flagged == sorted(flagged)


@pytest.mark.parametrize("engine_fixture", ["t5_engine", "ct2_engine"])
def test_sampling_draws_other_headlines_than_the_n_best_beams(
    engine_fixture: str, request: pytest.FixtureRequest
) -> None:
    engine: Seq2SeqEngine = request.getfixturevalue(engine_fixture)
    prompt = engine.prompts.headline.render(text=corpus_lines()[60], title="")
    encoded = engine.preprocess([prompt])
    beams = Decoding(max_new_tokens=8, num_beams=6, num_return_sequences=6)
    sampling = replace(beams, sampling=Sampling(seed=3))

    beam_texts = {g.text for g in engine.postprocess(engine.backend.generate(encoded, beams))}
    first = engine.postprocess(engine.backend.generate(encoded, sampling))
    second = engine.postprocess(engine.backend.generate(encoded, sampling))

    assert len(first) == 6
    assert {g.text for g in first} != beam_texts
    assert len({g.text for g in first}) > 1
    if engine.backend.name == "torch":  # seeded per call; CTranslate2 per process
        assert [g.text for g in first] == [g.text for g in second]
        other = replace(beams, sampling=Sampling(seed=4))
        third = engine.postprocess(engine.backend.generate(encoded, other))
        assert [g.text for g in third] != [g.text for g in first]


@pytest.mark.parametrize("engine_fixture", [*ENGINES, "extractive"])
@pytest.mark.parametrize("length", ["short", "medium", "long"])
def test_summary_length_is_whole_sentences_in_range(
    engine_fixture: str, length: str, request: pytest.FixtureRequest
) -> None:
    engine = (
        ExtractiveEngine()
        if engine_fixture == "extractive"
        else request.getfixturevalue(engine_fixture)
    )
    text = " ".join(corpus_lines()[60:72])

    [briefing] = engine.summarize([ArticleInput(text=text, summary_length=length)])

    sentences = [s.text for s in split_sentences(briefing.summary)]
    at_least, at_most = RANGES[length]
    assert at_least <= len(sentences) <= at_most, sentences
    assert all(is_terminated(sentence) for sentence in sentences)


def test_a_longer_summary_may_use_more_tokens(t5_engine: Seq2SeqEngine) -> None:
    limits = {}
    for length in ("short", "medium", "long"):
        engine, recording = recorded(t5_engine)
        engine.summarize([ArticleInput(text=corpus_lines()[5], summary_length=length, bullets=1)])
        limits[length] = recording.calls[0].max_new_tokens  # the summary comes first
    assert limits["short"] < limits["medium"] < limits["long"]


def test_keep_sentences_drops_whole_sentences_past_the_range() -> None:
    text = (
        "The council voted. It passed 12,800 to 3.5 million. Critics objected. "
        "Aid rose. Bids fell. Costs grew."
    )
    assert keep_sentences(text, "short") == "The council voted."
    assert keep_sentences(text, "medium") == (
        "The council voted. It passed 12,800 to 3.5 million. Critics objected."
    )
    assert keep_sentences(text, "long") == (
        "The council voted. It passed 12,800 to 3.5 million. Critics objected. Aid rose. Bids fell."
    )
    sentence = "Word " * 100 + "ends here."  # 510 characters: two fit in 1,200
    assert keep_sentences(" ".join([sentence] * 4), "long") == f"{sentence} {sentence}"


def test_top_up_adds_new_sentences_only_until_the_range_is_met() -> None:
    summary = "The council voted on Monday."
    extra = [
        "The council voted on Monday.",  # a repeat
        "council members objected",  # not a sentence of its own after the summary
        "Taxes on small businesses will fall.",
        "Emergency crews worked through the night.",
        "Parliament will debate the budget.",
    ]
    assert top_up(summary, extra, "medium") == (
        "The council voted on Monday. Taxes on small businesses will fall."
    )
    assert top_up(summary, extra, "long") == (
        "The council voted on Monday. Taxes on small businesses will fall. "
        "Emergency crews worked through the night."
    )
    assert top_up(summary, extra, "short") == summary


def test_samples_drawn_most_often_come_first_and_repeats_are_dropped() -> None:
    from workers.engines.candidates import add_distinct, most_drawn_first

    samples = ["Rates held", "", "Bank cuts rates", "Rates held", "bank cuts rates", "Rates held"]
    assert most_drawn_first(samples) == ["Rates held", "Bank cuts rates"]
    kept = ["Bank holds rates at 5%"]
    more = ["Bank holds rates", "Markets rally after vote", "Pound falls", "Oil rises"]
    # "Bank holds rates" says nothing new; the first candidate is never replaced.
    assert add_distinct(kept, more, limit=3) == [
        "Bank holds rates at 5%",
        "Markets rally after vote",
        "Pound falls",
    ]

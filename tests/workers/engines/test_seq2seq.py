"""The seq2seq engine on tiny real T5 and BART checkpoints (see ``tests/models.py``)."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import huggingface_hub
import pytest
import torch

from service.errors import ConfigError, EngineError, ModelLoadError
from service.text.sentences import split_sentences
from tests.models import corpus_lines
from tests.workers.engines.conftest import SMALL_GENERATION
from workers.engines.base import ArticleInput, Briefing, Engine
from workers.engines.seq2seq import Seq2SeqEngine, batch_order, sections
from workers.engines.torch_backend import TorchBackend, pad_batch, resolve_device, resolve_dtype

ARTIFACT = re.compile(r"<n>|</?s>|<pad>|<unk>|<extra_id_\d+>")


def long_article() -> str:
    return " ".join(corpus_lines()[:40])


def with_settings(engine: Seq2SeqEngine, **changes: int) -> Seq2SeqEngine:
    """The same loaded model and tokenizer under other generation settings."""
    return Seq2SeqEngine(
        backend=engine.backend,
        tokenizer=engine.tokenizer,
        config=engine.config,
        model_id=engine.model_id,
        prompts=engine.prompts,
        generation=SMALL_GENERATION.model_copy(update=changes),
    )


def assert_clean(text: str) -> None:
    assert text == text.strip()
    assert "  " not in text and "\n" not in text
    assert not ARTIFACT.search(text)


# -- loading ---------------------------------------------------------------------------


@pytest.mark.slow
def test_t5_loads_from_a_local_directory(t5_engine: Seq2SeqEngine, tiny_t5_dir: Path) -> None:
    assert isinstance(t5_engine, Engine)
    assert (t5_engine.name, t5_engine.model_id) == ("seq2seq", str(tiny_t5_dir))
    assert t5_engine.prompt_version == "flan-t5/1"
    assert isinstance(t5_engine.backend, TorchBackend)
    assert t5_engine.backend.model.device.type == "cpu"
    assert t5_engine.backend.model.dtype == torch.float32


@pytest.mark.slow
def test_bart_loads_from_a_local_directory(bart_engine: Seq2SeqEngine) -> None:
    assert bart_engine.prompt_version == "bart/1"
    assert bart_engine.prompts.family == "bart"


@pytest.mark.slow
def test_input_limit_is_the_models_own_when_not_set(tiny_t5_dir: Path, tiny_bart_dir: Path) -> None:
    unset = SMALL_GENERATION.model_copy(update={"max_input_tokens": 0})
    for directory in (tiny_t5_dir, tiny_bart_dir):
        engine = Seq2SeqEngine.from_pretrained(str(directory), device="cpu", generation=unset)
        assert engine.input_limit == 256  # tokenizer and positions of the tiny models


@pytest.mark.slow
def test_an_input_limit_too_small_for_the_prompt_is_a_config_error(
    t5_engine: Seq2SeqEngine,
) -> None:
    with pytest.raises(ConfigError, match="MAX_INPUT_TOKENS"):
        with_settings(t5_engine, max_input_tokens=24)


@pytest.mark.parametrize("where", ["missing-dir", "empty-dir"])
def test_a_missing_local_model_fails_fast_naming_the_setting(tmp_path: Path, where: str) -> None:
    directory = tmp_path / "model"
    if where == "empty-dir":
        directory.mkdir()

    started = time.monotonic()
    with pytest.raises(ModelLoadError) as caught:
        Seq2SeqEngine.from_pretrained(str(directory), device="cpu")

    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert "BRIEFING_MODEL" in message
    assert "BRIEFING_ENGINE=extractive" in message


def test_an_uncached_hub_id_fails_fast_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert huggingface_hub.is_offline_mode(), "tests/conftest.py sets HF_HUB_OFFLINE early"

    started = time.monotonic()
    with pytest.raises(ModelLoadError, match="BRIEFING_MODEL='briefing-tests/no-such-model'"):
        Seq2SeqEngine.from_pretrained("briefing-tests/no-such-model", device="cpu")

    assert time.monotonic() - started < 10


def test_an_unreachable_hub_fails_fast_online(monkeypatch: pytest.MonkeyPatch) -> None:
    # Online, with a Hub that refuses connections: from_pretrained alone would retry
    # for most of a minute; the engine's probe gives up at once.
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(huggingface_hub.constants, "ENDPOINT", "http://127.0.0.1:9")

    started = time.monotonic()
    with pytest.raises(ModelLoadError, match="the Hub does not provide it"):
        Seq2SeqEngine.from_pretrained("briefing-tests/no-such-model", device="cpu")

    assert time.monotonic() - started < 10


def test_device_and_dtype_resolution_on_cpu() -> None:
    assert resolve_device("cpu").type == "cpu"
    assert resolve_dtype("auto", torch.device("cpu")) == torch.float32
    assert resolve_dtype("bfloat16", torch.device("cpu")) == torch.bfloat16
    with pytest.raises(ConfigError, match="BRIEFING_DTYPE"):
        resolve_dtype("float7", torch.device("cpu"))


# -- preprocess: chunking ----------------------------------------------------------------


@pytest.mark.slow
def test_long_article_chunks_fit_the_prompt_and_cover_every_sentence(
    t5_engine: Seq2SeqEngine,
) -> None:
    text = long_article()

    chunks = t5_engine.chunk(text)

    assert len(chunks) > 1
    assert all(chunk.tokens <= t5_engine.chunk_budget for chunk in chunks)
    sentences = split_sentences(text)
    assert {c.start for c in chunks} <= {s.start for s in sentences}
    assert {c.end for c in chunks} <= {s.end for s in sentences}
    assert [s.text for c in chunks for s in split_sentences(c.text)] == [s.text for s in sentences]
    for task in t5_engine.prompts.templates():
        encoded = t5_engine.preprocess([task.render(text=c.text, title="") for c in chunks])
        assert max(len(ids) for ids in encoded) <= t5_engine.input_limit


@pytest.mark.slow
def test_preprocess_refuses_rather_than_truncates(t5_engine: Seq2SeqEngine) -> None:
    with pytest.raises(EngineError, match="over the input limit"):
        t5_engine.preprocess(["word " * 500])


def test_sections_split_at_sentences_into_at_most_count_runs() -> None:
    text = " ".join(corpus_lines()[:7])

    runs = sections(text, 3)

    assert len(runs) == 3
    assert " ".join(runs) == " ".join(s.text for s in split_sentences(text))
    assert sections("One sentence only.", 5) == ["One sentence only."]
    assert sections("Some text.", 0) == []


# -- forward: batching -----------------------------------------------------------------


def test_batches_group_similar_lengths_longest_first() -> None:
    assert batch_order([3, 9, 5, 1, 7], 2) == [[1, 4], [2, 0], [3]]


def test_pad_batch_pads_right_with_a_mask() -> None:
    input_ids, mask = pad_batch([[5, 6, 7], [8]], pad_id=0)

    assert input_ids.tolist() == [[5, 6, 7], [8, 0, 0]]
    assert mask.tolist() == [[1, 1, 1], [1, 0, 0]]


@pytest.mark.slow
def test_batched_forward_lines_up_with_the_inputs(t5_engine: Seq2SeqEngine) -> None:
    lines = corpus_lines()
    # Lengths out of order, so sorting by length really reorders the batch.
    prompts = [" ".join(lines[i : i + n]) for i, n in [(0, 1), (10, 3), (20, 2), (30, 4), (40, 1)]]
    greedy_batched = with_settings(t5_engine, num_beams=1, batch_size=2, max_input_tokens=256)
    greedy_single = with_settings(t5_engine, num_beams=1, batch_size=1, max_input_tokens=256)
    encoded = greedy_batched.preprocess(prompts)

    batched = greedy_batched.forward(encoded, max_new_tokens=8)
    one_by_one = [greedy_single.forward([ids], max_new_tokens=8)[0] for ids in encoded]

    assert [trim(ids) for ids in batched] == [trim(ids) for ids in one_by_one]


def trim(ids: list[int], eos: int = 1, pad: int = 0) -> list[int]:
    """Keep an output up to its EOS: a batch pads shorter outputs after it (beam search
    with pad or with more EOS), and how much depends on the batch's longest."""
    body = ids[1:]
    end = next((i for i, t in enumerate(body) if t in (eos, pad)), len(body))
    return ids[: 2 + end] if end < len(body) and body[end] == eos else ids[: 1 + end]


# -- postprocess and summarize -----------------------------------------------------------


@pytest.mark.slow
def test_postprocess_marks_outputs_that_hit_the_token_limit(t5_engine: Seq2SeqEngine) -> None:
    eos = t5_engine.tokenizer.eos_token_id
    assert eos is not None
    words = t5_engine.tokenizer("The council voted.", add_special_tokens=False)["input_ids"]

    finished, cut = t5_engine.postprocess([[0, *words, eos, 0], [0, *words]])

    assert (finished.text, finished.truncated) == ("The council voted.", False)
    assert cut.truncated


@pytest.mark.slow
@pytest.mark.parametrize("engine_fixture", ["t5_engine", "bart_engine"])
def test_summarize_writes_a_clean_briefing_per_article_in_order(
    engine_fixture: str, request: pytest.FixtureRequest
) -> None:
    engine: Seq2SeqEngine = request.getfixturevalue(engine_fixture)
    lines = corpus_lines()
    articles = [
        ArticleInput(text=" ".join(lines[60:63]), title="Fire", bullets=3),
        ArticleInput(text=long_article(), bullets=5),
        ArticleInput(text=lines[100], bullets=1),
    ]

    briefings = engine.summarize(articles)

    assert len(briefings) == 3
    assert all(isinstance(briefing, Briefing) for briefing in briefings)
    for article, briefing in zip(articles, briefings, strict=True):
        assert briefing.summary and briefing.headline
        assert_clean(briefing.summary)
        assert_clean(briefing.headline)
        assert len(briefing.bullets) <= article.bullets
        assert len({b.casefold() for b in briefing.bullets}) == len(briefing.bullets)
        for bullet in briefing.bullets:
            assert_clean(bullet)
        assert briefing.details["prompt_family"] == engine.prompts.family
    assert briefings[1].chunks_read > 1
    assert briefings[2].chunks_read == 1
    assert briefings[1].details["condense_levels"] in range(1, 8)


@pytest.mark.slow
def test_summarize_of_nothing_is_nothing(t5_engine: Seq2SeqEngine) -> None:
    assert t5_engine.summarize([]) == []


@pytest.mark.slow
def test_an_article_without_text_is_an_engine_error(t5_engine: Seq2SeqEngine) -> None:
    with pytest.raises(EngineError, match="article 1 has no text"):
        t5_engine.summarize([ArticleInput(text="Fine."), ArticleInput(text=" ")])


@pytest.mark.slow
def test_bart_headline_and_bullets_come_from_its_summary(bart_engine: Seq2SeqEngine) -> None:
    text = " ".join(corpus_lines()[120:124])

    (briefing,) = bart_engine.summarize([ArticleInput(text=text, bullets=10)])

    assert briefing.summary.startswith(briefing.headline)
    summary_sentences = [s.text for s in split_sentences(briefing.summary)]
    assert set(briefing.bullets) <= set(summary_sentences)


@pytest.mark.slow
@pytest.mark.parametrize("num_beams", [1, 2])
def test_checkpoint_generation_defaults_do_not_clash_with_settings(
    tiny_bart_dir: Path, tmp_path: Path, num_beams: int
) -> None:
    # bart-large-cnn's own defaults: a minimum length, beam-only options, a forced BOS.
    checkpoint = tmp_path / "bart-cnn-like"
    shutil.copytree(tiny_bart_dir, checkpoint)
    (checkpoint / "generation_config.json").write_text(
        json.dumps(
            {
                "bos_token_id": 0,
                "decoder_start_token_id": 2,
                "eos_token_id": 2,
                "pad_token_id": 1,
                "forced_bos_token_id": 0,
                "forced_eos_token_id": 2,
                "early_stopping": True,
                "length_penalty": 2.0,
                "max_length": 142,
                "min_length": 56,
                "no_repeat_ngram_size": 3,
                "num_beams": 4,
            }
        )
    )
    settings = SMALL_GENERATION.model_copy(update={"num_beams": num_beams})
    engine = Seq2SeqEngine.from_pretrained(str(checkpoint), device="cpu", generation=settings)

    (briefing,) = engine.summarize([ArticleInput(text=corpus_lines()[5])])

    assert briefing.summary


@pytest.mark.slow
def test_forward_returns_the_n_best_beams_per_input_in_order(t5_engine: Seq2SeqEngine) -> None:
    lines = corpus_lines()
    prompts = [" ".join(lines[i : i + n]) for i, n in [(0, 1), (10, 3), (20, 2)]]
    engine = with_settings(t5_engine, num_beams=1, batch_size=2, max_input_tokens=256)
    encoded = engine.preprocess(prompts)

    best = engine.forward(encoded, max_new_tokens=6)
    three = engine.forward(encoded, max_new_tokens=6, alternatives=3)

    assert len(three) == 3 * len(prompts)
    beam_best = with_settings(t5_engine, num_beams=3, batch_size=2, max_input_tokens=256)
    assert [trim(ids) for ids in three[::3]] == [
        trim(ids) for ids in beam_best.forward(encoded, max_new_tokens=6)
    ]
    assert all(three[i * 3 : i * 3 + 3] != [three[i * 3]] * 3 for i in range(len(prompts)))
    assert len(best) == len(prompts)


@pytest.mark.slow
def test_headline_candidates_are_distinct_with_the_headline_first(
    t5_engine: Seq2SeqEngine,
) -> None:
    lines = corpus_lines()
    article = ArticleInput(
        text=" ".join(lines[60:66]), headline_candidates=3, headline_max_words=6, bullets=2
    )
    [briefing] = t5_engine.summarize([article])
    candidates = briefing.details["headline_candidates"]
    assert isinstance(candidates, list) and 1 <= len(candidates) <= 3
    assert candidates[0] == briefing.headline
    assert len({c.casefold() for c in candidates}) == len(candidates)
    assert all(len(c.split()) <= 6 for c in candidates)


@pytest.mark.slow
def test_a_short_summary_keeps_one_whole_sentence(t5_engine: Seq2SeqEngine) -> None:
    from workers.engines.lengths import keep_sentences

    text = "The council voted. It passed 12-3. Critics objected."
    assert keep_sentences(text, "short") == "The council voted."
    assert keep_sentences(text, "medium") == text
    assert keep_sentences(text, "long") == text
    [briefing] = t5_engine.summarize(
        [ArticleInput(text=" ".join(corpus_lines()[60:66]), summary_length="short")]
    )
    assert len(split_sentences(briefing.summary)) == 1

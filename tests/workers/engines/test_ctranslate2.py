"""The CTranslate2 backend: `briefing model convert`, loading, and equal outputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli.main import app
from service.config import GenerationSettings
from service.errors import ConfigError
from tests.workers.engines.conftest import SMALL_GENERATION
from tests.workers.engines.test_seq2seq import trim
from workers.engines.backends import CTranslate2Backend, Decoding
from workers.engines.base import ArticleInput
from workers.engines.seq2seq import Seq2SeqEngine
from workers.engines.torch_backend import TorchBackend

pytestmark = pytest.mark.slow

TEXT = (
    "The city council approved a new budget on Monday after a long debate. "
    "The plan raises spending on schools and roads by five percent. "
    "Opponents said the increase would burden taxpayers."
)


def test_convert_writes_a_model_the_engine_runs_on_ctranslate2(t5_ct2_dir: Path) -> None:
    assert (t5_ct2_dir / "model.bin").is_file()
    assert (t5_ct2_dir / "hf" / "config.json").is_file()
    engine = Seq2SeqEngine.from_pretrained(str(t5_ct2_dir), generation=SMALL_GENERATION)
    assert isinstance(engine.backend, CTranslate2Backend)
    assert engine.backend.compute_type in {"int8", "int8_bfloat16"}  # auto on a CPU
    briefing = engine.summarize([ArticleInput(text=TEXT, title=None, bullets=2)])[0]
    assert briefing.headline and briefing.summary


def test_both_backends_write_the_same_greedy_tokens(
    t5_ct2_dir: Path, tiny_t5_dir: Path, one_torch_thread: None
) -> None:
    greedy = SMALL_GENERATION.model_copy(update={"num_beams": 1, "no_repeat_ngram_size": 0})
    original = Seq2SeqEngine.from_pretrained(str(tiny_t5_dir), device="cpu", generation=greedy)
    converted = Seq2SeqEngine.from_pretrained(
        str(t5_ct2_dir), generation=greedy, compute_type="float32"
    )
    prompts = [TEXT, "Opponents said the increase would burden taxpayers."]
    assert [g.text for g in converted.generate(prompts, max_new_tokens=12)] == [
        g.text for g in original.generate(prompts, max_new_tokens=12)
    ]


def test_ignore_eos_generates_every_output_to_its_limit(
    t5_ct2_dir: Path, tiny_t5_dir: Path, one_torch_thread: None
) -> None:
    original = Seq2SeqEngine.from_pretrained(str(tiny_t5_dir), device="cpu")
    ids = original.preprocess([TEXT, "A short one."])
    for backend in (original.backend, Seq2SeqEngine.from_pretrained(str(t5_ct2_dir)).backend):
        outputs = backend.generate(ids, Decoding(max_new_tokens=9, ignore_eos=True))
        assert [len(row) for row in outputs] == [10, 10], backend.name  # start token + 9


def test_bart_converts_with_the_fairseq_keys_its_converter_needs(
    tiny_bart_dir: Path, tmp_path: Path
) -> None:
    output = tmp_path / "bart-ct2"
    result = CliRunner().invoke(app, ["model", "convert", str(tiny_bart_dir), str(output)])
    assert result.exit_code == 0, result.output
    engine = Seq2SeqEngine.from_pretrained(str(output), generation=SMALL_GENERATION)
    assert engine.prompts.family == "bart" and isinstance(engine.backend, CTranslate2Backend)


def test_a_backend_that_does_not_fit_the_model_says_what_to_set(
    t5_ct2_dir: Path, tiny_t5_dir: Path
) -> None:
    with pytest.raises(ConfigError, match="BRIEFING_BACKEND"):
        Seq2SeqEngine.from_pretrained(str(t5_ct2_dir), backend="torch")
    with pytest.raises(ConfigError, match="briefing model convert"):
        Seq2SeqEngine.from_pretrained(str(tiny_t5_dir), backend="ctranslate2")
    assert isinstance(
        Seq2SeqEngine.from_pretrained(
            str(tiny_t5_dir), device="cpu", generation=GenerationSettings()
        ).backend,
        TorchBackend,
    )


def test_convert_refuses_to_overwrite_without_force(t5_ct2_dir: Path, tiny_t5_dir: Path) -> None:
    result = CliRunner().invoke(app, ["model", "convert", str(tiny_t5_dir), str(t5_ct2_dir)])
    assert result.exit_code == 2 and "--force" in result.output


def test_auto_converts_once_where_ctranslate2_is_the_faster_way(
    tiny_t5_dir: Path, tmp_path: Path
) -> None:
    from workers.engines.seq2seq import prefers_ctranslate2

    models = tmp_path / "models"
    first = Seq2SeqEngine.from_pretrained(str(tiny_t5_dir), device="cpu", convert_dir=models)
    if not prefers_ctranslate2("cpu"):  # an AMX CPU: torch in bf16 is the fast way there
        assert isinstance(first.backend, TorchBackend) and not models.exists()
        return
    assert isinstance(first.backend, CTranslate2Backend)
    assert first.model_id == str(tiny_t5_dir)  # the same work, whatever runs it
    [converted] = [path for path in models.iterdir() if path.is_dir()]
    stamp = (converted / "model.bin").stat().st_mtime_ns
    again = Seq2SeqEngine.from_pretrained(str(tiny_t5_dir), device="cpu", convert_dir=models)
    assert isinstance(again.backend, CTranslate2Backend)
    assert (converted / "model.bin").stat().st_mtime_ns == stamp
    pinned = Seq2SeqEngine.from_pretrained(
        str(tiny_t5_dir), device="cpu", convert_dir=models, backend="torch"
    )
    assert isinstance(pinned.backend, TorchBackend)


def test_both_backends_return_the_n_best_beams_per_input(
    t5_ct2_dir: Path, tiny_t5_dir: Path, one_torch_thread: None
) -> None:
    original = Seq2SeqEngine.from_pretrained(str(tiny_t5_dir), device="cpu")
    converted = Seq2SeqEngine.from_pretrained(str(t5_ct2_dir), compute_type="float32")
    ids = original.preprocess([TEXT, "A short one."])
    decoding = Decoding(max_new_tokens=6, num_beams=1, num_return_sequences=3)
    for backend in (original.backend, converted.backend):
        outputs = backend.generate(ids, decoding)
        assert len(outputs) == 6, backend.name
        best = backend.generate(ids, Decoding(max_new_tokens=6, num_beams=3))
        # Best first, per input (compared up to EOS: padding depends on the batch).
        assert [trim(outputs[0]), trim(outputs[3])] == [trim(ids) for ids in best], backend.name


def test_a_batch_split_across_cores_keeps_each_input_with_its_output(
    t5_ct2_dir: Path, tiny_t5_dir: Path
) -> None:
    original = Seq2SeqEngine.from_pretrained(str(tiny_t5_dir), device="cpu")
    texts = [TEXT, "A short one.", "Opponents said the increase would burden taxpayers.", TEXT[:90]]
    ids = original.preprocess(texts)
    tokenizer = original.tokenizer
    start = int(original.config.decoder_start_token_id or 0)
    split = CTranslate2Backend(
        t5_ct2_dir, tokenizer=tokenizer, decoder_start_id=start, compute_type="float32", threads=2
    )
    whole = CTranslate2Backend(
        t5_ct2_dir, tokenizer=tokenizer, decoder_start_id=start, compute_type="float32", threads=1
    )
    assert (split.parallel_batches, whole.parallel_batches) == (2, 1)
    decoding = Decoding(max_new_tokens=8, num_beams=1)
    assert split.generate(ids, decoding) == whole.generate(ids, decoding)
    assert split.generate(ids, decoding) != split.generate(ids[::-1], decoding)


def test_a_token_bound_splits_a_batch_into_smaller_parts_with_the_same_outputs(
    t5_ct2_dir: Path, tiny_t5_dir: Path
) -> None:
    original = Seq2SeqEngine.from_pretrained(str(tiny_t5_dir), device="cpu")
    texts = [TEXT, "A short one.", "Opponents said the increase would burden taxpayers.", TEXT[:90]]
    ids = original.preprocess(texts)
    bounded = Seq2SeqEngine.from_pretrained(
        str(t5_ct2_dir),
        generation=SMALL_GENERATION.model_copy(update={"max_batch_tokens": 16}),
        compute_type="float32",
    ).backend
    unbounded = Seq2SeqEngine.from_pretrained(str(t5_ct2_dir), compute_type="float32").backend
    assert isinstance(bounded, CTranslate2Backend) and isinstance(unbounded, CTranslate2Backend)
    source = [original.tokenizer.convert_ids_to_tokens(row) for row in ids]
    parts = -(-len(source) // unbounded.parallel_batches)
    assert unbounded._parts(source) == {"max_batch_size": parts}
    assert bounded._parts(source) == {"max_batch_size": 16, "batch_type": "tokens"}
    decoding = Decoding(max_new_tokens=8, num_beams=1)
    assert bounded.generate(ids, decoding) == unbounded.generate(ids, decoding)

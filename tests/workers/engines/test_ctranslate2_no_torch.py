"""A CTranslate2 worker needs no torch: torch (which transformers 5 imports with any
tokenizer or config class) costs a worker process ~200 MB that it never uses."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.models import corpus_lines
from tests.workers.engines.conftest import SMALL_GENERATION
from workers.engines.backends import HF_SUBDIR, CTranslate2Backend
from workers.engines.base import ArticleInput
from workers.engines.converted import JsonTokenizer, ModelConfig
from workers.engines.seq2seq import Seq2SeqEngine, _prompts_for

pytestmark = pytest.mark.slow

TEXTS = [
    " ".join(corpus_lines()[:12]),
    "The city council approved a new budget on Monday after a long debate about schools.",
]
GREEDY = SMALL_GENERATION.model_copy(update={"num_beams": 1})


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_ctranslate2_engine_briefs_without_loading_torch_as_it_does_with_transformers(
    t5_ct2_dir: Path,
) -> None:
    code = (
        "import json, sys\n"
        "from workers.engines import load_engine\n"
        "from workers.engines.base import ArticleInput\n"
        "from service.config import GenerationSettings\n"
        f"generation = GenerationSettings.model_validate_json({GREEDY.model_dump_json()!r})\n"
        f"engine = load_engine('seq2seq', model={str(t5_ct2_dir)!r}, generation=generation)\n"
        f"briefings = engine.summarize([ArticleInput(text=t, bullets=2) for t in {TEXTS!r}])\n"
        "print(json.dumps([[b.headline, b.summary, b.bullets] for b in briefings]))\n"
        "print(json.dumps(sorted({'torch', 'transformers'} & set(sys.modules))))\n"
    )
    briefings, loaded = (json.loads(line) for line in run_python(code).splitlines()[-2:])
    assert loaded == []

    # The same engine on transformers' own tokenizer writes the same briefings.
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(t5_ct2_dir / HF_SUBDIR)
    config = ModelConfig.from_directory(t5_ct2_dir / HF_SUBDIR)
    engine = Seq2SeqEngine(
        backend=CTranslate2Backend(
            t5_ct2_dir, tokenizer=tokenizer, decoder_start_id=config.decoder_start_token_id or 0
        ),
        tokenizer=tokenizer,
        config=config,
        model_id=str(t5_ct2_dir),
        prompts=_prompts_for(config),
        generation=GREEDY,
    )
    expected = engine.summarize([ArticleInput(text=text, bullets=2) for text in TEXTS])
    assert briefings == [[b.headline, b.summary, b.bullets] for b in expected]
    assert any(briefing[0] and briefing[1] for briefing in briefings)


def test_the_worker_parent_process_imports_no_torch() -> None:
    code = (
        "import sys\n"
        "import workers.celery_app, workers.tasks\n"
        "print(sorted({'torch', 'transformers'} & set(sys.modules)))\n"
    )
    assert run_python(code).split() == ["[]"]


@pytest.mark.parametrize("model_dir", ["tiny_t5_dir", "tiny_bart_dir"])
def test_the_torch_free_tokenizer_reads_as_transformers_does(
    model_dir: str, request: pytest.FixtureRequest
) -> None:
    from transformers import AutoTokenizer

    directory: Path = request.getfixturevalue(model_dir)
    expected = AutoTokenizer.from_pretrained(directory)
    tokenizer = JsonTokenizer.from_directory(directory)
    assert tokenizer is not None
    texts = [*corpus_lines()[:200], "Isn't it  odd , they said ?", "</s> <pad> inside", ""]
    for special in (True, False):
        ids = tokenizer(texts, add_special_tokens=special)["input_ids"]
        assert ids == expected(texts, add_special_tokens=special)["input_ids"]
    assert tokenizer(texts[0])["input_ids"] == expected(texts[0])["input_ids"]
    draw = random.Random(0)
    for _ in range(200):
        ids = [draw.randrange(len(expected)) for _ in range(draw.randrange(1, 30))]
        tokens = tokenizer.convert_ids_to_tokens(ids)
        assert tokens == expected.convert_ids_to_tokens(ids)
        assert tokenizer.convert_tokens_to_ids(tokens) == expected.convert_tokens_to_ids(tokens)
        for skip in (True, False):
            text = tokenizer.decode(ids, skip_special_tokens=skip)
            assert text == expected.decode(ids, skip_special_tokens=skip)
    assert (tokenizer.eos_token_id, tokenizer.pad_token_id, tokenizer.model_max_length) == (
        expected.eos_token_id,
        expected.pad_token_id,
        expected.model_max_length,
    )


def test_a_folder_without_tokenizer_json_is_read_by_transformers(
    t5_ct2_dir: Path, tmp_path: Path
) -> None:
    from workers.engines.converted import load_tokenizer

    assert isinstance(load_tokenizer(t5_ct2_dir / HF_SUBDIR), JsonTokenizer)
    (tmp_path / "tokenizer_config.json").write_text("{}")
    assert JsonTokenizer.from_directory(tmp_path) is None


def test_convert_checks_the_light_tokenizer_and_falls_back_where_it_reads_otherwise(
    tiny_t5_dir: Path, t5_ct2_dir: Path, tmp_path: Path
) -> None:
    """`briefing model convert` compares the torch-free tokenizer with transformers' on
    check texts (accents, quotes, currency, CJK, emoji, special tokens in the text);
    where one differs, workers must use transformers' tokenizer, never a wrong one."""
    from transformers import AutoTokenizer

    from workers.engines.conversion import torch_free_differences
    from workers.engines.converted import TRANSFORMERS_ONLY, load_tokenizer

    expected = AutoTokenizer.from_pretrained(tiny_t5_dir)
    assert torch_free_differences(expected, t5_ct2_dir / HF_SUBDIR) == []
    assert not (t5_ct2_dir / HF_SUBDIR / TRANSFORMERS_ONLY).exists()

    altered = tmp_path / "hf"
    shutil.copytree(t5_ct2_dir / HF_SUBDIR, altered)
    tokenizer_json = altered / "tokenizer.json"
    data = json.loads(tokenizer_json.read_text())
    data["normalizer"] = {"type": "Lowercase"}  # reads "Profits" as "profits"
    tokenizer_json.write_text(json.dumps(data))
    differences = torch_free_differences(expected, altered)
    assert any(text.startswith("Profits fell") for text in differences)
    assert "" not in differences
    assert isinstance(load_tokenizer(altered), JsonTokenizer)
    (altered / TRANSFORMERS_ONLY).write_text("\n".join(differences))
    assert not isinstance(load_tokenizer(altered), JsonTokenizer)


def test_convert_marks_a_model_whose_light_tokenizer_differs(
    tiny_t5_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from service.cli.main import app
    from workers.engines import conversion
    from workers.engines.converted import TRANSFORMERS_ONLY, load_tokenizer

    monkeypatch.setattr(conversion, "torch_free_differences", lambda *_: ["Müller"])
    output = tmp_path / "ct2"
    result = CliRunner().invoke(
        app, ["model", "convert", str(tiny_t5_dir), str(output), "--quantization", "float32"]
    )
    assert result.exit_code == 0, result.output
    assert "use transformers' tokenizer" in result.output
    assert "Müller" in (output / HF_SUBDIR / TRANSFORMERS_ONLY).read_text()
    assert not isinstance(load_tokenizer(output / HF_SUBDIR), JsonTokenizer)

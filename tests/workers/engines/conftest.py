"""Engines over the tiny real checkpoints (``tiny_t5_dir``, ``tiny_bart_dir`` in
tests/conftest.py), loaded once per session through the real loading code.

torch and transformers are imported inside the fixtures so that tests of the
extractive engine, which share this folder, do not pay for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from service.config import GenerationSettings

if TYPE_CHECKING:
    from workers.engines.seq2seq import Seq2SeqEngine

# Small enough that the whole seq2seq module runs in well under a minute on 2 cores,
# and a 96-token input limit makes a few dozen sentences span several chunks.
SMALL_GENERATION = GenerationSettings(
    num_beams=2,
    batch_size=4,
    max_input_tokens=96,
    headline_max_tokens=8,
    summary_max_tokens=24,
    bullets_max_tokens=32,
    no_repeat_ngram_size=3,
)


@pytest.fixture(scope="session")
def one_torch_thread() -> Iterator[None]:
    """The tiny models run on one thread for the session (see ``single_thread``)."""
    from tests.models import single_thread

    with single_thread():
        yield


@pytest.fixture(scope="session")
def t5_engine(tiny_t5_dir: Path, one_torch_thread: None) -> Seq2SeqEngine:
    from workers.engines.seq2seq import Seq2SeqEngine

    return Seq2SeqEngine.from_pretrained(
        str(tiny_t5_dir), device="cpu", generation=SMALL_GENERATION
    )


@pytest.fixture(scope="session")
def bart_engine(tiny_bart_dir: Path, one_torch_thread: None) -> Seq2SeqEngine:
    from workers.engines.seq2seq import Seq2SeqEngine

    return Seq2SeqEngine.from_pretrained(
        str(tiny_bart_dir), device="cpu", generation=SMALL_GENERATION
    )


@pytest.fixture(scope="session")
def t5_ct2_dir(tiny_t5_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny T5 converted to CTranslate2 at full precision, through the real command."""
    from typer.testing import CliRunner

    from service.cli.main import app

    output = tmp_path_factory.mktemp("ct2") / "tiny-t5-ct2"
    result = CliRunner().invoke(
        app, ["model", "convert", str(tiny_t5_dir), str(output), "--quantization", "float32"]
    )
    assert result.exit_code == 0, result.output
    assert "agree on 100.0% of tokens" in result.output
    return output

"""`briefing model convert`: a transformers seq2seq model to CTranslate2, checked.

The output directory holds CTranslate2's ``model.bin`` and, under ``hf/``, the
tokenizer and the transformers config the engine needs; point BRIEFING_MODEL at
it. The conversion is checked before it is kept: greedy outputs of both models on
sample inputs must agree (the same tokens, within a small tolerance that int8
rounding allows).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from transformers import (
    AutoModelForSeq2SeqLM,
    AutoTokenizer,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)

from service.errors import ConfigError
from workers.engines.backends import HF_SUBDIR, Decoding
from workers.engines.converted import TRANSFORMERS_ONLY, JsonTokenizer
from workers.engines.torch_backend import TorchBackend

# CTranslate2's BART converter reads fairseq's names for these; transformers' BART
# configs lack them. BART: post-norm layers, a layer norm on the embeddings.
FAIRSEQ_DEFAULTS = {
    "bart": {"normalize_before": False, "add_final_layer_norm": False, "normalize_embedding": True},
    "mbart": {"normalize_before": True, "add_final_layer_norm": True, "normalize_embedding": True},
}
SAMPLE_TEXTS = (
    "The city council approved a new budget on Monday after a long debate about schools.",
    "Shares in the shipping group fell sharply after it said it would cut thousands of jobs.",
    "The minister said the talks would continue next week in Brussels with all members.",
)
MIN_AGREEMENT = 0.9
TOKENIZER_CHECK_TEXTS = (
    *SAMPLE_TEXTS,
    "Profits fell 9% to £6.2bn ($11.1bn) — “a record”, said Ms Müller of København.",
    "Isn't it  odd , they said ?\nA new line\tand a tab; 1,200 jobs (2.5%) & more...",
    "東京 naïve émigré ÆØÅ ß ﬁle – emoji 😀 done.",
    "</s> <pad> <unk> written inside the text",
    "",
)
"""What the torch-free tokenizer must read and write as transformers does."""


@dataclass(frozen=True)
class Conversion:
    directory: Path
    quantization: str
    agreement: float
    """Share of greedy output tokens on which the converted model agrees with the original."""
    tokenizer_differences: tuple[str, ...] = ()
    """Check texts that ``tokenizers`` read otherwise than transformers; where there are
    any, the workers use transformers' tokenizer for this model."""


def convert_to_ctranslate2(
    source: str,
    output: Path,
    *,
    quantization: str = "int8",
    force: bool = False,
    min_agreement: float = MIN_AGREEMENT,
    samples: Sequence[str] = SAMPLE_TEXTS,
) -> Conversion:
    """Convert, check agreement on ``samples``, and keep the result in ``output``."""
    from ctranslate2.converters import TransformersConverter

    if output.exists() and any(output.iterdir()) and not force:
        raise ConfigError(f"{output} is not empty; pass --force to replace it")
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = AutoModelForSeq2SeqLM.from_pretrained(source, dtype=torch.float32).eval()
    for key, value in FAIRSEQ_DEFAULTS.get(model.config.model_type, {}).items():
        if not hasattr(model.config, key):
            setattr(model.config, key, value)
    with tempfile.TemporaryDirectory(prefix="briefing-convert-") as scratch:
        staged = Path(scratch) / "hf"
        model.save_pretrained(staged)
        tokenizer.save_pretrained(staged)
        converted = Path(scratch) / "ct2"
        TransformersConverter(str(staged)).convert(str(converted), quantization=quantization)
        tokenizer.save_pretrained(converted / HF_SUBDIR)
        differences = torch_free_differences(tokenizer, converted / HF_SUBDIR)
        if differences:
            (converted / HF_SUBDIR / TRANSFORMERS_ONLY).write_text(
                "tokenizers read these otherwise than transformers:\n"
                + "\n".join(differences)
                + "\n",
                encoding="utf-8",
            )
        model.config.save_pretrained(converted / HF_SUBDIR)
        model.generation_config.save_pretrained(converted / HF_SUBDIR)
        agreement = greedy_agreement(model, tokenizer, converted, samples)
        if agreement < min_agreement:
            raise ConfigError(
                f"the converted model agrees with {source} on only {agreement:.0%} of greedy "
                f"tokens (at least {min_agreement:.0%} needed); try --quantization float32"
            )
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(converted), output)
    return Conversion(output, quantization, agreement, tuple(differences))


def torch_free_differences(
    expected: PreTrainedTokenizerBase,
    directory: Path,
    texts: Sequence[str] = TOKENIZER_CHECK_TEXTS,
) -> list[str]:
    """The texts that the torch-free tokenizer of ``directory`` encodes, or whose ids it
    decodes, otherwise than transformers' ``expected`` (none where the folder has no
    torch-free tokenizer: the workers then use transformers' anyway)."""
    tokenizer = JsonTokenizer.from_directory(directory)
    if tokenizer is None:
        return []
    differ = []
    for text in texts:
        ids = expected(text)["input_ids"]
        if tokenizer(text)["input_ids"] != ids or any(
            tokenizer.decode(ids, skip_special_tokens=skip)
            != expected.decode(ids, skip_special_tokens=skip)
            for skip in (True, False)
        ):
            differ.append(text)
    return differ


def greedy_agreement(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    converted: Path,
    samples: Sequence[str],
    max_new_tokens: int = 24,
) -> float:
    """Share of the original's greedy tokens that the converted model picks too, each
    given the same preceding tokens (teacher forcing): one early difference must not
    count as a whole sentence of differences."""
    import ctranslate2

    ids = tokenizer(list(samples))["input_ids"]
    decoding = Decoding(max_new_tokens=max_new_tokens)
    original = TorchBackend(model, pad_id=tokenizer.pad_token_id or 0).generate(ids, decoding)
    translator = ctranslate2.Translator(str(converted), compute_type="default")
    same = total = 0
    for source_ids, output in zip(ids, original, strict=True):
        target = _without_padding(output, tokenizer)
        if not target:
            continue
        tokens = tokenizer.convert_ids_to_tokens(target)
        source = tokenizer.convert_ids_to_tokens(source_ids)
        prefixes = [tokens[:position] for position in range(len(tokens))]
        results = translator.translate_batch(
            [source] * len(prefixes),
            target_prefix=prefixes,  # type: ignore[arg-type]
            beam_size=1,
            max_decoding_length=len(tokens) + 1,
            return_end_token=True,
        )
        for position, result in enumerate(results):
            picked = result.hypotheses[0][position : position + 1]
            same += picked == [tokens[position]]
        total += len(tokens)
    return same / total if total else 1.0


def _without_padding(ids: Sequence[int], tokenizer: PreTrainedTokenizerBase) -> list[int]:
    pad = tokenizer.pad_token_id
    return [token for token in ids[1:] if token != pad]

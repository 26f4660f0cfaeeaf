"""Where ``generate`` runs: torch (any device, fp32 or bf16) or CTranslate2 (int8 on CPU).

Both take token ids and give back token ids shaped like ``model.generate``'s output
(decoder start token first, EOS last when the output ended by itself), so the
engine's pre- and postprocessing do not care which one ran.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol, cast

import torch
from transformers import GenerationConfig, GenerationMixin, PreTrainedModel

from service.errors import ConfigError, EngineError, TransientEngineError

CT2_MARKER = "model.bin"
"""A CTranslate2 model directory holds this file (and ``hf/`` with the tokenizer)."""
HF_SUBDIR = "hf"


@dataclass(frozen=True)
class Decoding:
    """How to decode one call's outputs."""

    max_new_tokens: int
    num_beams: int = 1
    no_repeat_ngram_size: int = 0
    ignore_eos: bool = False
    """Generate every output to ``max_new_tokens`` (benchmarks with random weights)."""
    num_return_sequences: int = 1
    """Outputs per input, consecutive in the output: the n best beams, best first, or
    with ``sampling`` n independent samples."""
    sampling: Sampling | None = None
    """Sample instead of searching (``num_beams`` is then ignored): diverse outputs for
    headline candidates. Group (diverse) beam search would do it too, but transformers
    5 moved it to a Hub repository run with ``trust_remote_code``, which an offline
    worker cannot fetch and CTranslate2 does not have."""


@dataclass(frozen=True)
class Sampling:
    """Top-k / nucleus sampling, seeded so that a run can be repeated."""

    top_k: int = 50
    top_p: float = 0.9
    temperature: float = 1.0
    seed: int = 0


class GenerationBackend(Protocol):
    name: str
    device: str

    def generate(self, batch: Sequence[Sequence[int]], decoding: Decoding) -> list[list[int]]:
        """Token ids in, generated ids out (decoder start first), in input order;
        ``decoding.num_return_sequences`` consecutive outputs per input."""
        ...


class TorchBackend:
    """``model.generate`` on a transformers model."""

    name = "torch"

    def __init__(self, model: PreTrainedModel, *, pad_id: int) -> None:
        self.model = model
        self.pad_id = pad_id
        self.device = str(model.device)

    def generate(self, batch: Sequence[Sequence[int]], decoding: Decoding) -> list[list[int]]:
        config = self._config(decoding)
        input_ids, attention_mask = pad_batch(batch, pad_id=self.pad_id)
        device = self.model.device
        try:
            with torch.inference_mode(), seeded(decoding.sampling, device):
                output = cast(GenerationMixin, self.model).generate(
                    input_ids=input_ids.to(device),
                    attention_mask=attention_mask.to(device),
                    generation_config=config,
                )
        except torch.OutOfMemoryError as exc:
            raise TransientEngineError(f"out of memory generating a batch of {len(batch)}") from exc
        except RuntimeError as exc:
            raise EngineError(f"generate failed: {exc}") from exc
        return [row.tolist() for row in output.cpu()]

    def _config(self, decoding: Decoding) -> GenerationConfig:
        config = copy.deepcopy(self.model.generation_config)
        config.max_new_tokens = decoding.max_new_tokens
        config.max_length = None
        config.num_return_sequences = decoding.num_return_sequences
        config.no_repeat_ngram_size = decoding.no_repeat_ngram_size
        sampling = decoding.sampling
        config.do_sample = sampling is not None
        if sampling is not None:
            config.num_beams = 1
            config.top_k = sampling.top_k
            config.top_p = sampling.top_p
            config.temperature = sampling.temperature
        else:
            config.num_beams = max(decoding.num_beams, decoding.num_return_sequences)
        config.early_stopping = config.num_beams > 1
        # Some checkpoints (bart-large-cnn) set a minimum length longer than a headline.
        if (config.min_length or 0) >= decoding.max_new_tokens:
            config.min_length = 0
        if decoding.ignore_eos:
            config.min_new_tokens = decoding.max_new_tokens
        if config.num_beams == 1:
            config.length_penalty = 1.0  # only beam search reads it; greedy warns if set
        return config


class CTranslate2Backend:
    """``Translator.translate_batch`` on a model converted by ``briefing model convert``."""

    name = "ctranslate2"

    def __init__(
        self,
        directory: Path,
        *,
        tokenizer: Any,
        decoder_start_id: int,
        device: str = "cpu",
        compute_type: str = "auto",
        threads: int = 0,
    ) -> None:
        import ctranslate2

        self.tokenizer = tokenizer
        self.decoder_start_id = decoder_start_id
        self.device = device
        self.compute_type = resolve_compute_type(compute_type, device)
        self._seed: int | None = None
        cores = threads or torch.get_num_threads()
        # On the CPU one decoding step of a small batch cannot keep several cores busy
        # (each waits on the others at every layer); a batch split into one part per
        # core, decoded side by side on one shared copy of the weights, can.
        self.parallel_batches = cores if device == "cpu" else 1
        try:
            self.translator = ctranslate2.Translator(
                str(directory),
                device=device,
                compute_type=self.compute_type,
                inter_threads=self.parallel_batches,
                intra_threads=1 if device == "cpu" else cores,
            )
        except (RuntimeError, ValueError) as exc:
            raise ConfigError(f"cannot load the CTranslate2 model in {directory}: {exc}") from exc

    def generate(self, batch: Sequence[Sequence[int]], decoding: Decoding) -> list[list[int]]:
        source = [self.tokenizer.convert_ids_to_tokens(list(ids)) for ids in batch]
        try:
            results = self.translator.translate_batch(
                source,
                **self._search(decoding),
                num_hypotheses=decoding.num_return_sequences,
                no_repeat_ngram_size=decoding.no_repeat_ngram_size,
                max_decoding_length=decoding.max_new_tokens,
                min_decoding_length=decoding.max_new_tokens if decoding.ignore_eos else 1,
                max_input_length=0,  # our chunking already bounds the input
                max_batch_size=-(-len(source) // self.parallel_batches),
                return_end_token=True,
            )
        except RuntimeError as exc:
            raise EngineError(f"translate_batch failed: {exc}") from exc
        return [
            [self.decoder_start_id, *self.tokenizer.convert_tokens_to_ids(hypothesis)]
            for result in results
            for hypothesis in result.hypotheses[: decoding.num_return_sequences]
        ]

    def _search(self, decoding: Decoding) -> dict[str, Any]:
        sampling = decoding.sampling
        if sampling is None:
            return {"beam_size": max(decoding.num_beams, decoding.num_return_sequences)}
        if sampling.seed != self._seed:
            # CTranslate2 seeds each thread's generator at that thread's first draw and
            # ignores later seeds: a fresh process making the same calls draws the same
            # samples, but two equal calls in one process do not.
            import ctranslate2

            ctranslate2.set_random_seed(sampling.seed)
            self._seed = sampling.seed
        return {
            "beam_size": 1,
            "sampling_topk": sampling.top_k,
            "sampling_topp": sampling.top_p,
            "sampling_temperature": sampling.temperature,
        }


@contextmanager
def seeded(sampling: Sampling | None, device: torch.device) -> Iterator[None]:
    """Draw the samples from ``sampling.seed``, leaving torch's global generator as it
    was (transformers samples with ``torch.multinomial`` on the global generator)."""
    if sampling is None:
        yield
        return
    devices = [device] if device.type == "cuda" else []
    with torch.random.fork_rng(devices=devices, device_type=device.type):
        torch.manual_seed(sampling.seed)
        yield


def pad_batch(batch: Sequence[Sequence[int]], *, pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-pad token ids into ``input_ids`` and ``attention_mask`` tensors."""
    width = max(len(ids) for ids in batch)
    input_ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    attention_mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, ids in enumerate(batch):
        input_ids[row, : len(ids)] = torch.tensor(ids, dtype=torch.long)
        attention_mask[row, : len(ids)] = 1
    return input_ids, attention_mask


def is_ctranslate2_model(path: Path) -> bool:
    return (path / CT2_MARKER).is_file() and (path / HF_SUBDIR / "config.json").is_file()


def ctranslate2_available() -> bool:
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def cpu_flags() -> frozenset[str]:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.split(":", 1)[1].split())
    return frozenset()


def cpu_has_amx() -> bool:
    """AMX tiles make bf16 matrix work several times faster than fp32 on the CPU."""
    return "amx_bf16" in cpu_flags()


def resolve_compute_type(compute_type: str, device: str) -> str:
    """``auto``: int8 on a CPU (bf16 where AMX has it), bfloat16 on a GPU."""
    if compute_type != "auto":
        return compute_type
    if device.startswith("cuda"):
        return "bfloat16"
    return "int8_bfloat16" if cpu_has_amx() else "int8"


def cuda_available() -> bool:
    return torch.cuda.is_available() and os.environ.get("CUDA_VISIBLE_DEVICES") != ""

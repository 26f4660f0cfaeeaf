"""Where ``generate`` runs: torch (any device, fp32 or bf16) or CTranslate2 (int8 on CPU).

This module holds what both share and the CTranslate2 backend, and never imports
torch or transformers: a CTranslate2 worker does without them (torch alone costs a
process ~200 MB). The torch backend is in :mod:`workers.engines.torch_backend`.

Both take token ids and give back token ids shaped like ``model.generate``'s output
(decoder start token first, EOS last when the output ended by itself), so the
engine's pre- and postprocessing do not care which one ran.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from service.errors import ConfigError, EngineError

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
        max_batch_tokens: int = 0,
    ) -> None:
        import ctranslate2

        self.tokenizer = tokenizer
        self.decoder_start_id = decoder_start_id
        self.device = device
        self.compute_type = resolve_compute_type(compute_type, device)
        self.max_batch_tokens = max_batch_tokens
        self._seed: int | None = None
        cores = threads or default_threads()
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
                **self._parts(source),
                return_end_token=True,
            )
        except RuntimeError as exc:
            raise EngineError(f"translate_batch failed: {exc}") from exc
        return [
            [self.decoder_start_id, *self.tokenizer.convert_tokens_to_ids(hypothesis)]
            for result in results
            for hypothesis in result.hypotheses[: decoding.num_return_sequences]
        ]

    def _parts(self, source: Sequence[Sequence[str]]) -> dict[str, Any]:
        """How CTranslate2 splits the batch: one part per core, each at most
        ``max_batch_tokens`` tokens (padding included) where that is set."""
        if not self.max_batch_tokens:
            return {"max_batch_size": -(-len(source) // self.parallel_batches)}
        padded = len(source) * max(len(tokens) for tokens in source)
        per_core = -(-padded // self.parallel_batches)
        return {"max_batch_size": min(self.max_batch_tokens, per_core), "batch_type": "tokens"}

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


def ctranslate2_device(device: str) -> str:
    """``cuda`` or ``cpu`` for CTranslate2; ``auto`` is CUDA when CTranslate2 sees a GPU
    (asked of CTranslate2, not torch, so that a CTranslate2 worker never loads torch)."""
    if device == "auto":
        import ctranslate2

        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    return "cuda" if device.startswith("cuda") else "cpu"


def default_threads() -> int:
    """torch's thread count where torch is loaded anyway; else what it would be: the
    count the worker pinned in ``OMP_NUM_THREADS`` (``workers.runtime.limit_threads``),
    or every core this process may run on."""
    torch = sys.modules.get("torch")
    if torch is not None:
        return int(torch.get_num_threads())
    pinned = os.environ.get("OMP_NUM_THREADS", "")
    if pinned.isdigit() and int(pinned) > 0:
        return int(pinned)
    return len(os.sched_getaffinity(0))

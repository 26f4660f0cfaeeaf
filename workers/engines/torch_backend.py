"""The torch backend: ``model.generate`` on a transformers model, any device, fp32 or bf16.

Imported only on the torch path (and by ``briefing model convert``), so that a
CTranslate2 worker never loads torch.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import cast

import torch
from transformers import GenerationConfig, GenerationMixin, PreTrainedModel

from service.errors import ConfigError, EngineError, TransientEngineError
from workers.engines.backends import Decoding, Sampling, cpu_has_amx


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


def resolve_device(device: str) -> torch.device:
    """``auto`` picks CUDA when there is one."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


def resolve_dtype(dtype: str, device: torch.device) -> torch.dtype:
    """``auto`` is bfloat16 on a GPU that supports it or a CPU with AMX, else float32."""
    if dtype == "auto":
        if device.type == "cuda" and torch.cuda.is_bf16_supported():
            return torch.bfloat16
        if device.type == "cpu" and cpu_has_amx():
            return torch.bfloat16
        return torch.float32
    resolved = getattr(torch, dtype, None)
    if not isinstance(resolved, torch.dtype):
        raise ConfigError(f"BRIEFING_DTYPE={dtype!r} is not a torch dtype")
    return resolved

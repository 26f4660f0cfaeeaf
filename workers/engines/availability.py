"""Is the configured model on this machine? Answered without importing torch.

The worker's supervisor process checks this before it forks children that load
the model, so a missing model stops start-up at once with a message saying what
to set, instead of children failing one by one.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from service.errors import ModelLoadError

WEIGHT_FILES = (
    "model.safetensors",
    "pytorch_model.bin",
    "model.safetensors.index.json",
    "pytorch_model.bin.index.json",
    "model.bin",  # converted by `briefing model convert` (CTranslate2)
)


def missing_model_message(model: str, reason: str) -> str:
    return (
        f"cannot load the model {model!r}: {reason}. Set BRIEFING_MODEL to a local "
        "directory that holds a saved seq2seq model (config.json, weights and tokenizer, "
        "as written by save_pretrained), or to a hub id already in the Hugging Face cache "
        "(HF_HOME), or allow downloads; or run without model files with "
        "BRIEFING_ENGINE=extractive."
    )


def check_model_available(model: str) -> None:
    """Raise ModelLoadError unless ``model`` is a local model directory or a cached or
    downloadable hub model."""
    path = Path(model).expanduser()
    if path.exists() or model.startswith((".", "/", "~")):
        if not (path / "config.json").is_file():
            raise ModelLoadError(missing_model_message(model, f"{path} has no config.json"))
        if not any((path / name).is_file() for name in WEIGHT_FILES):
            raise ModelLoadError(missing_model_message(model, f"{path} holds no weights"))
        return
    from huggingface_hub import try_to_load_from_cache

    cached = try_to_load_from_cache(model, "config.json")
    if isinstance(cached, str):
        return
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}:
        raise ModelLoadError(
            missing_model_message(model, "it is not in the local cache and HF_HUB_OFFLINE is set")
        )
    from huggingface_hub import model_info

    try:
        model_info(model, timeout=5)
    except Exception as exc:  # HTTP errors, DNS and socket errors all mean "not reachable"
        reason = (
            f"it is not in the local cache and the hub cannot be reached ({exc.__class__.__name__})"
        )
        raise ModelLoadError(missing_model_message(model, reason)) from exc


def missing_parser_message(name: str) -> str:
    return (
        f"cannot load the headline parser {name!r}: no such package is installed. The "
        "extractive engine parses its headline sentence with a spaCy pipeline; install the "
        "project's dependencies (pip install -e .), or set BRIEFING_HEADLINE_PARSER to an "
        "installed spaCy pipeline package."
    )


def check_parser_available(name: str) -> None:
    """Raise ModelLoadError unless the spaCy pipeline package ``name`` is installed."""
    if not name.isidentifier() or importlib.util.find_spec(name) is None:
        raise ModelLoadError(missing_parser_message(name))

"""The tokenizer and config of a converted model (its ``hf/`` folder), read without
transformers.

transformers 5 imports torch with any tokenizer or config class whenever torch is
installed, ~200 MB a worker process that a CTranslate2 worker never uses. The
``tokenizers`` library reads the same ``tokenizer.json`` that transformers' own fast
tokenizer wraps, so ids and text come out the same; a folder without that file (or
without the special tokens it needs) is read by transformers as before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tokenizers import Tokenizer

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

TOKENIZER_FILE = "tokenizer.json"
TRANSFORMERS_ONLY = "briefing-transformers-tokenizer"
"""Written by `briefing model convert` where ``tokenizers`` reads the folder otherwise
than transformers does: the workers then use transformers' tokenizer."""
TOKENIZER_CONFIG = "tokenizer_config.json"
CONFIG_FILE = "config.json"
UNLIMITED_LENGTH = int(1e30)
"""transformers' ``model_max_length`` when the tokenizer names none."""


@dataclass(frozen=True)
class ModelConfig:
    """What the engine reads of a transformers ``config.json``."""

    model_type: str
    decoder_start_token_id: int | None
    max_position_embeddings: int | None

    @classmethod
    def from_directory(cls, directory: Path) -> ModelConfig:
        values = json.loads((directory / CONFIG_FILE).read_text(encoding="utf-8"))
        return cls(
            model_type=str(values["model_type"]),
            decoder_start_token_id=values.get("decoder_start_token_id"),
            max_position_embeddings=values.get("max_position_embeddings"),
        )


class JsonTokenizer:
    """The part of transformers' fast tokenizer API the engine uses, on ``tokenizers``."""

    def __init__(self, tokenizer: Tokenizer, settings: dict[str, Any]) -> None:
        self._tokenizer = tokenizer
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self.eos_token_id = self._special_id(settings, "eos_token")
        self.pad_token_id = self._special_id(settings, "pad_token")
        self.unk_token_id = self._special_id(settings, "unk_token")
        self.model_max_length = int(settings.get("model_max_length") or UNLIMITED_LENGTH)
        self._clean_up_spaces = bool(settings.get("clean_up_tokenization_spaces", False))

    @classmethod
    def from_directory(cls, directory: Path) -> JsonTokenizer | None:
        """The tokenizer in ``directory``, or None where it lacks ``tokenizer.json``, names
        no EOS token (transformers then fills in its class's defaults) or was found to
        read otherwise than transformers' (:data:`TRANSFORMERS_ONLY`)."""
        path = directory / TOKENIZER_FILE
        settings_path = directory / TOKENIZER_CONFIG
        if (
            not path.is_file()
            or not settings_path.is_file()
            or (directory / TRANSFORMERS_ONLY).exists()
        ):
            return None
        settings = json.loads(settings_path.read_text(encoding="utf-8"))
        tokenizer = cls(Tokenizer.from_file(str(path)), settings)
        return tokenizer if tokenizer.eos_token_id is not None else None

    def __call__(
        self,
        text: str | Sequence[str],
        *,
        add_special_tokens: bool = True,
        truncation: bool = False,
    ) -> dict[str, Any]:
        """``{"input_ids": ...}``: one list for a string, a list of lists for a list."""
        if truncation:
            raise ValueError("the engine never truncates; chunking bounds the input")
        texts = [text] if isinstance(text, str) else list(text)
        encodings = self._tokenizer.encode_batch(texts, add_special_tokens=add_special_tokens)
        ids = [encoding.ids for encoding in encodings]
        return {"input_ids": ids[0] if isinstance(text, str) else ids}

    def decode(self, ids: Sequence[int], *, skip_special_tokens: bool = False) -> str:
        text = self._tokenizer.decode(list(ids), skip_special_tokens=skip_special_tokens)
        if self._clean_up_spaces and type(self._tokenizer.model).__name__ != "BPE":
            text = clean_up_tokenization(text)
        return text

    def convert_ids_to_tokens(self, ids: Sequence[int]) -> list[str]:
        return [self._tokenizer.id_to_token(int(index)) or "" for index in ids]

    def convert_tokens_to_ids(self, tokens: Sequence[str]) -> list[int]:
        ids = (self._tokenizer.token_to_id(token) for token in tokens)
        return [self.unk_token_id if index is None else index for index in ids]  # type: ignore[misc]

    def _special_id(self, settings: dict[str, Any], key: str) -> int | None:
        token = settings.get(key)
        if isinstance(token, dict):  # an AddedToken written out in full
            token = token.get("content")
        return self._tokenizer.token_to_id(token) if isinstance(token, str) else None


def clean_up_tokenization(text: str) -> str:
    """transformers' ``clean_up_tokenization``, for tokenizers that ask for it."""
    for spaced, joined in CLEAN_UPS:
        text = text.replace(spaced, joined)
    return text


CLEAN_UPS = (
    (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"),
    (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
)  # fmt: skip


def load_tokenizer(directory: Path) -> JsonTokenizer | PreTrainedTokenizerBase:
    """The torch-free tokenizer where the folder allows it, else transformers' own."""
    tokenizer = JsonTokenizer.from_directory(directory)
    if tokenizer is not None:
        return tokenizer
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(directory, local_files_only=True)

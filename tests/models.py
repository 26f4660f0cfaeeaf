"""Factories for tiny real seq2seq models, saved like any checkpoint on the Hub.

The tokenizers are SentencePiece models trained on ``tests/data/tokenizer_corpus.txt``
and the networks get a few seconds of training to copy an article's first sentence,
so that they emit words and stop, rather than noise to the token limit.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sentencepiece
import torch
from tokenizers import processors
from transformers import (
    BartConfig,
    BartForConditionalGeneration,
    PreTrainedModel,
    PreTrainedTokenizerBase,
    T5Config,
    T5ForConditionalGeneration,
    T5Tokenizer,
    TokenizersBackend,
)

CORPUS = Path(__file__).parent / "data" / "tokenizer_corpus.txt"
VOCAB_SIZE = 600
MAX_POSITIONS = 256


def corpus_lines() -> list[str]:
    """The tokenizer corpus, one sentence a line."""
    return [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def train_sentencepiece(directory: Path, **options: Any) -> Path:
    """Train a unigram SentencePiece model on the corpus; ``options``: pad_id, eos_id..."""
    directory.mkdir(parents=True, exist_ok=True)
    prefix = directory / "spiece"
    sentencepiece.SentencePieceTrainer.train(
        input=str(CORPUS),
        model_prefix=str(prefix),
        vocab_size=VOCAB_SIZE,
        model_type="unigram",
        character_coverage=1.0,
        minloglevel=2,
        num_threads=1,  # more threads can learn a different vocabulary from run to run
        **options,
    )
    return prefix.with_suffix(".model")


def t5_tokenizer(work: Path) -> PreTrainedTokenizerBase:
    """A T5 tokenizer (pad 0, eos 1, unk 2) over a freshly trained SentencePiece model."""
    raw = work / "t5-spm"
    train_sentencepiece(raw, pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    return T5Tokenizer.from_pretrained(raw, extra_ids=0, model_max_length=MAX_POSITIONS)


def bart_tokenizer(work: Path) -> PreTrainedTokenizerBase:
    """A SentencePiece tokenizer with BART's special ids (<s> 0, <pad> 1, </s> 2, <unk> 3)."""
    raw = work / "bart-spm"
    model_file = train_sentencepiece(
        raw, bos_id=0, pad_id=1, eos_id=2, unk_id=3, user_defined_symbols=["<mask>"]
    )
    tokenizer = TokenizersBackend.from_pretrained(
        raw,
        vocab_file=str(model_file),
        bos_token="<s>",
        eos_token="</s>",
        pad_token="<pad>",
        unk_token="<unk>",
        mask_token="<mask>",
        model_max_length=MAX_POSITIONS,
    )
    tokenizer.backend_tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", 0), ("</s>", 2)],
    )
    return tokenizer


def tiny_t5(vocab_size: int) -> PreTrainedModel:
    config = T5Config(
        vocab_size=vocab_size,
        d_model=48,
        d_kv=12,
        d_ff=96,
        num_layers=2,
        num_decoder_layers=2,
        num_heads=4,
        dropout_rate=0.0,
        pad_token_id=0,
        eos_token_id=1,
    )
    config.decoder_start_token_id = 0  # T5 starts decoding from <pad>
    return T5ForConditionalGeneration(config)


def tiny_bart(vocab_size: int) -> PreTrainedModel:
    config = BartConfig(
        vocab_size=vocab_size,
        d_model=48,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=96,
        decoder_ffn_dim=96,
        max_position_embeddings=MAX_POSITIONS,
        dropout=0.0,
        attention_dropout=0.0,
        bos_token_id=0,
        pad_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=2,
    )
    return BartForConditionalGeneration(config)


@contextmanager
def single_thread() -> Iterator[None]:
    """Run torch on one thread inside the block.

    Tiny matrices gain nothing from more, and on a busy 2-core machine two threads
    wait on each other at every parallel region: training ran ten times slower so.
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def teach_lead(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, *, steps: int, seed: int = 0
) -> None:
    """Train briefly on "passage -> its first sentence" so the model writes words and stops."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    lines = corpus_lines()
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3)
    model.train()
    with single_thread():
        for _ in range(steps):
            starts = [rng.randrange(len(lines) - 2) for _ in range(8)]
            passages = [" ".join(lines[start : start + 2]) for start in starts]
            leads = [lines[start] for start in starts]
            batch = tokenizer(passages, padding=True, return_tensors="pt")
            labels = tokenizer(leads, padding=True, return_tensors="pt")["input_ids"]
            labels[labels == tokenizer.pad_token_id] = -100
            model(**batch, labels=labels).loss.backward()
            optimizer.step()
            optimizer.zero_grad()
    model.eval()


def save_model(directory: Path, model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase) -> Path:
    """Save like a Hub checkpoint, so loading goes through ``from_pretrained``."""
    if directory.exists():
        shutil.rmtree(directory)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def build_tiny_t5(directory: Path, *, steps: int = 40) -> Path:
    """A tiny T5 checkpoint in ``directory`` (its ``config.model_type`` is ``t5``)."""
    tokenizer = t5_tokenizer(directory.parent / f"{directory.name}-work")
    torch.manual_seed(0)  # the initial weights too: otherwise they depend on earlier tests
    model = tiny_t5(len(tokenizer))
    teach_lead(model, tokenizer, steps=steps)
    return save_model(directory, model, tokenizer)


def build_tiny_bart(directory: Path, *, steps: int = 40) -> Path:
    """A tiny BART checkpoint in ``directory`` (its ``config.model_type`` is ``bart``)."""
    tokenizer = bart_tokenizer(directory.parent / f"{directory.name}-work")
    torch.manual_seed(0)  # the initial weights too: otherwise they depend on earlier tests
    model = tiny_bart(len(tokenizer))
    teach_lead(model, tokenizer, steps=steps)
    return save_model(directory, model, tokenizer)


# Real sizes for speed benchmarks: random weights cost the same compute as trained ones.
REAL_SIZES: dict[str, dict[str, Any]] = {
    "t5-small": {
        "vocab_size": 32128,
        "d_model": 512,
        "d_kv": 64,
        "d_ff": 2048,
        "num_layers": 6,
        "num_decoder_layers": 6,
        "num_heads": 8,
    },
    "bart-base": {
        "vocab_size": 50265,
        "d_model": 768,
        "encoder_layers": 6,
        "decoder_layers": 6,
        "encoder_attention_heads": 12,
        "decoder_attention_heads": 12,
        "encoder_ffn_dim": 3072,
        "decoder_ffn_dim": 3072,
        "max_position_embeddings": 1024,
    },
}


def build_random_model(directory: Path, size: str, *, seed: int = 0) -> Path:
    """An untrained model of a real architecture's size (``t5-small``, ``bart-base``).

    The tokenizer is the small trained one, padded with placeholder tokens up to the
    real vocabulary, so that every id the model can emit decodes.
    """
    torch.manual_seed(seed)
    dims = REAL_SIZES[size]
    work = directory.parent / f"{directory.name}-work"
    if size.startswith("t5"):
        tokenizer = t5_tokenizer(work)
        config: Any = T5Config(dropout_rate=0.0, pad_token_id=0, eos_token_id=1, **dims)
        config.decoder_start_token_id = 0
        model: PreTrainedModel = T5ForConditionalGeneration(config)
    else:
        tokenizer = bart_tokenizer(work)
        config = BartConfig(
            dropout=0.0,
            bos_token_id=0,
            pad_token_id=1,
            eos_token_id=2,
            decoder_start_token_id=2,
            **dims,
        )
        model = BartForConditionalGeneration(config)
    tokenizer.model_max_length = 512
    missing = dims["vocab_size"] - len(tokenizer)
    tokenizer.add_tokens([f"<fill_{n}>" for n in range(missing)])
    return save_model(directory, model.eval(), tokenizer)

"""The Hugging Face seq2seq engine: Flan-T5, BART, Pegasus and friends.

Split like transformers' text2text pipeline, each stage testable alone:

- :meth:`Seq2SeqEngine.preprocess`: rendered prompts -> token ids (never truncated;
  long articles are chunked at sentence boundaries beforehand by :meth:`chunk`);
- :meth:`Seq2SeqEngine.forward`: token ids -> generated ids, batched by length;
- :meth:`Seq2SeqEngine.postprocess`: generated ids -> text, plus whether it was cut off.

:meth:`summarize` runs them over a batch: an article longer than one chunk has each
chunk summarized, then the summaries summarized (again, if they still do not fit),
and the headline and bullets follow the prompt family's file in ``prompts/``.
"""

from __future__ import annotations

import fcntl
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prompts import PromptSet, PromptTemplate, family_for_model_type, load_prompt_set
from service.config import GenerationSettings
from service.errors import ConfigError, EngineError, ModelLoadError
from service.text.sentences import split_sentences
from workers.engines.backends import (
    HF_SUBDIR,
    CTranslate2Backend,
    Decoding,
    GenerationBackend,
    Sampling,
    cpu_has_amx,
    ctranslate2_available,
    ctranslate2_device,
    is_ctranslate2_model,
)
from workers.engines.base import ArticleInput, Briefing
from workers.engines.bounds import bound_bullet, bound_summary
from workers.engines.candidates import (
    SAMPLES_PER_CANDIDATE,
    SAMPLING_ROUNDS,
    add_distinct,
    most_drawn_first,
    temperature,
)
from workers.engines.chunking import Chunk, chunk_text
from workers.engines.cleaning import (
    clean_headline,
    clean_passage,
    end_sentence,
    first_sentence,
    headline_bounds,
    headline_from_summary,
    is_terminated,
    normalize,
    unique,
)
from workers.engines.converted import JsonTokenizer, ModelConfig, load_tokenizer
from workers.engines.lengths import (
    keep_sentences,
    sentence_count,
    sentence_range,
    token_limit,
    top_up,
)

if TYPE_CHECKING:
    # Only for types: the torch path imports them when it runs, so that a CTranslate2
    # worker never loads torch (transformers 5 imports it with any model class).
    import torch
    from transformers import PretrainedConfig, PreTrainedModel, PreTrainedTokenizerBase

    Tokenizer = PreTrainedTokenizerBase | JsonTokenizer

logger = logging.getLogger(__name__)

MAX_INPUT_TOKENS = 1024
MAX_BULLETS = 10
# Rendering a prompt can merge a token or two at the seams of the template.
PROMPT_MARGIN = 4
MIN_CHUNK_TOKENS = 16
MAX_CONDENSE_LEVELS = 8
HUB_PROBE_TIMEOUT_S = 10
AUTO_QUANTIZATIONS = ("int8", "float32")
MIN_BULLET_TOKENS = 16


@dataclass(frozen=True)
class Generation:
    """One decoded output; ``truncated`` when it stopped at the token limit, not at EOS."""

    text: str
    truncated: bool


class Seq2SeqEngine:
    """Summarizes with an encoder-decoder model, one loaded per process."""

    name = "seq2seq"

    def __init__(
        self,
        *,
        backend: GenerationBackend,
        tokenizer: Tokenizer,
        config: PretrainedConfig | ModelConfig,
        model_id: str,
        prompts: PromptSet,
        generation: GenerationSettings,
    ) -> None:
        self.backend = backend
        self.config = config
        self.tokenizer = tokenizer
        self.model_id = model_id
        self.prompts = prompts
        self.prompt_version = prompts.version
        self.generation = generation
        self.input_limit = _input_limit(tokenizer, config, generation.max_input_tokens)
        overhead = max(self._count_prompt(task) for task in prompts.templates())
        self.chunk_budget = self.input_limit - overhead - PROMPT_MARGIN
        if self.chunk_budget < MIN_CHUNK_TOKENS:
            raise ConfigError(
                f"BRIEFING_GENERATION__MAX_INPUT_TOKENS={self.input_limit} leaves "
                f"{self.chunk_budget} tokens for text after the prompt; raise it"
            )

    @classmethod
    def from_pretrained(
        cls,
        model: str,
        *,
        device: str = "auto",
        dtype: str = "auto",
        generation: GenerationSettings | None = None,
        backend: str = "auto",
        compute_type: str = "auto",
        convert_dir: Path | None = None,
    ) -> Seq2SeqEngine:
        """Load ``model`` (a local directory or a hub id); ``ModelLoadError`` if impossible.

        A directory written by ``briefing model convert`` runs on CTranslate2; any
        other model on torch (``backend`` may insist on one or the other). With
        ``backend="auto"`` and a ``convert_dir``, a CPU without AMX gets the model
        converted once to CTranslate2 int8 there (several times faster than torch
        fp32 on such CPUs); a conversion that fails its check keeps torch, logged.
        """
        path = Path(model).expanduser()
        if _looks_like_path(model) and not path.is_dir():
            # Before any conversion is tried: there is nothing to convert.
            raise ModelLoadError(_load_message(model, "there is no such directory"))
        if path.is_dir() and is_ctranslate2_model(path):
            if backend == "torch":
                raise ConfigError(
                    f"BRIEFING_MODEL={model!r} is a CTranslate2 model; set BRIEFING_BACKEND="
                    "ctranslate2 (or auto), or point BRIEFING_MODEL at the transformers model"
                )
            return cls._from_ctranslate2(
                path, model, device=device, compute_type=compute_type, generation=generation
            )
        if backend == "ctranslate2":
            raise ConfigError(
                f"BRIEFING_MODEL={model!r} is not a CTranslate2 model: convert it with "
                "`briefing model convert MODEL DIRECTORY` and set BRIEFING_MODEL to that "
                "directory, or set BRIEFING_BACKEND=torch"
            )
        if backend == "auto" and convert_dir is not None and prefers_ctranslate2(device):
            converted = converted_model(model, convert_dir)
            if converted is not None:
                return cls._from_ctranslate2(
                    converted,
                    model,
                    device=device,
                    compute_type=compute_type,
                    generation=generation,
                )
        return cls._from_torch(model, device=device, dtype=dtype, generation=generation)

    @classmethod
    def _from_torch(
        cls, model: str, *, device: str, dtype: str, generation: GenerationSettings | None
    ) -> Seq2SeqEngine:
        from workers.engines.torch_backend import TorchBackend, resolve_device, resolve_dtype

        torch_device = resolve_device(device)
        tokenizer, network = load_pretrained(model, dtype=resolve_dtype(dtype, torch_device))
        network.to(torch_device).eval()  # type: ignore[arg-type]
        return cls(
            backend=TorchBackend(network, pad_id=tokenizer.pad_token_id or 0),
            tokenizer=tokenizer,
            config=network.config,
            model_id=model,
            prompts=_prompts_for(network.config),
            generation=generation or GenerationSettings(),
        )

    @classmethod
    def _from_ctranslate2(
        cls,
        path: Path,
        model: str,
        *,
        device: str,
        compute_type: str,
        generation: GenerationSettings | None,
    ) -> Seq2SeqEngine:
        try:
            tokenizer = load_tokenizer(path / HF_SUBDIR)
            config = ModelConfig.from_directory(path / HF_SUBDIR)
        except Exception as exc:
            raise ModelLoadError(_load_message(model, f"{type(exc).__name__}: {exc}")) from exc
        start = config.decoder_start_token_id
        backend = CTranslate2Backend(
            path,
            tokenizer=tokenizer,
            decoder_start_id=int(start if start is not None else tokenizer.pad_token_id or 0),
            device=ctranslate2_device(device),
            compute_type=compute_type,
            max_batch_tokens=(generation or GenerationSettings()).max_batch_tokens,
        )
        return cls(
            backend=backend,
            tokenizer=tokenizer,
            config=config,
            model_id=model,
            prompts=_prompts_for(config),
            generation=generation or GenerationSettings(),
        )

    # -- the pipeline stages ---------------------------------------------------------

    def chunk(self, text: str, *, budget: int | None = None) -> list[Chunk]:
        """``text`` in sentence-aligned chunks that fit any prompt of this engine."""
        return chunk_text(text, budget=budget or self.chunk_budget, count_tokens=self.count_tokens)

    def preprocess(self, prompts: Sequence[str]) -> list[list[int]]:
        """Tokenize rendered prompts; refuse (never truncate) one over the input limit."""
        encoded: list[list[int]] = self.tokenizer(list(prompts), truncation=False)["input_ids"]
        for ids in encoded:
            if len(ids) > self.input_limit:
                raise EngineError(
                    f"a prompt of {len(ids)} tokens is over the input limit of "
                    f"{self.input_limit}; chunking should have prevented this"
                )
        return encoded

    def forward(
        self,
        encoded: Sequence[Sequence[int]],
        *,
        max_new_tokens: int,
        alternatives: int = 1,
        sampling: Sampling | None = None,
    ) -> list[list[int]]:
        """Generate for each input, in batches of similar length; output order = input
        order, with ``alternatives`` consecutive outputs per input (the best beams, best
        first; or samples, with ``sampling``)."""
        decoding = Decoding(
            max_new_tokens=max_new_tokens,
            num_beams=self.generation.num_beams,
            no_repeat_ngram_size=self.generation.no_repeat_ngram_size,
            ignore_eos=self.generation.ignore_eos,
            num_return_sequences=alternatives,
            sampling=sampling,
        )
        outputs: list[list[int]] = [[] for _ in range(len(encoded) * alternatives)]
        lengths = [len(ids) for ids in encoded]
        for batch in batch_order(lengths, self.generation.batch_size):
            generated = self.backend.generate([encoded[i] for i in batch], decoding)
            for position, ids in enumerate(generated):
                index = batch[position // alternatives]
                outputs[index * alternatives + position % alternatives] = ids
        return outputs

    def postprocess(self, outputs: Sequence[Sequence[int]]) -> list[Generation]:
        """Decode generated ids; note which ones ran out of tokens before EOS."""
        eos = self.tokenizer.eos_token_id
        return [
            Generation(
                text=str(self.tokenizer.decode(list(ids), skip_special_tokens=True)),
                # The first id is the decoder's start token, which is EOS for BART.
                truncated=eos not in ids[1:],
            )
            for ids in outputs
        ]

    def generate(
        self,
        prompts: Sequence[str],
        *,
        max_new_tokens: int,
        alternatives: int = 1,
        sampling: Sampling | None = None,
    ) -> list[Generation]:
        """The three stages in a row: prompts in, decoded generations out
        (``alternatives`` consecutive ones per prompt, as :meth:`forward` orders them)."""
        if not prompts:
            return []
        encoded = self.preprocess(prompts)
        ids = self.forward(
            encoded, max_new_tokens=max_new_tokens, alternatives=alternatives, sampling=sampling
        )
        return self.postprocess(ids)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Tokens in each text, without special tokens."""
        if not texts:
            return []
        encoded = self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in encoded]

    # -- summarize -------------------------------------------------------------------

    def summarize(self, articles: Sequence[ArticleInput]) -> list[Briefing]:
        """Brief each article; the output list lines up with the input."""
        if not articles:
            return []
        plans = [self._plan(index, article) for index, article in enumerate(articles)]
        self._condense(plans)
        summaries = self._summaries(plans)
        candidates = self._headlines(plans, summaries)
        bullets = self._bullets(plans, summaries)
        return [
            Briefing(
                headline=headline_bounds(options[0]),
                summary=bound_summary(keep_sentences(summary, plan.summary_length)),
                bullets=[bound_bullet(point) for point in points],
                chunks_read=plan.chunks_read,
                details={
                    "prompt_family": self.prompts.family,
                    "input_tokens": plan.input_tokens,
                    "condense_levels": plan.levels,
                    "headline_candidates": [headline_bounds(text) for text in options],
                },
            )
            for plan, summary, options, points in zip(
                plans, summaries, candidates, bullets, strict=True
            )
        ]

    def _plan(self, index: int, article: ArticleInput) -> _Plan:
        title = article.title or ""
        budget = max(self.chunk_budget - self._title_tokens(title), MIN_CHUNK_TOKENS)
        chunks = self.chunk(article.text, budget=budget)
        if not chunks:
            raise EngineError(f"article {index} has no text to summarize")
        return _Plan(
            index=index,
            title=title,
            text=article.text,
            bullets=max(0, min(article.bullets, MAX_BULLETS)),
            headline_candidates=max(1, min(article.headline_candidates, 5)),
            headline_max_words=article.headline_max_words,
            summary_length=article.summary_length,
            budget=budget,
            chunks=chunks,
            chunks_read=len(chunks),
            input_tokens=sum(chunk.tokens for chunk in chunks),
        )

    def _condense(self, plans: list[_Plan]) -> None:
        """Summarize chunks, then their summaries, until each article fits one chunk."""
        for _ in range(MAX_CONDENSE_LEVELS):
            pending = [plan for plan in plans if len(plan.chunks) > 1]
            if not pending:
                return
            work = [(plan, chunk) for plan in pending for chunk in plan.chunks]
            prompts = [self._render(self.prompts.summary, chunk.text, plan) for plan, chunk in work]
            # A third of a chunk per summary lets two or more share the next round's
            # chunk, so each round at least halves the chunk count.
            third = min(plan.budget for plan in pending) // 3
            limit = min(self.generation.summary_max_tokens, max(third, 8))
            generations = self.generate(prompts, max_new_tokens=limit)
            for plan in pending:
                texts = [
                    clean_passage(output.text, truncated=output.truncated)
                    for (owner, _), output in zip(work, generations, strict=True)
                    if owner is plan
                ]
                plan.condensed(self.chunk(" ".join(texts), budget=plan.budget))
        raise EngineError(f"could not condense an article in {MAX_CONDENSE_LEVELS} rounds")

    def _summaries(self, plans: list[_Plan]) -> list[str]:
        """Each article's summary, as many whole sentences as its length asks for."""
        outputs: dict[int, Generation] = {}
        for length in sorted({plan.summary_length for plan in plans}):
            indices = [i for i, plan in enumerate(plans) if plan.summary_length == length]
            prompts = [
                self._render(self.prompts.summary, plans[i].digest, plans[i]) for i in indices
            ]
            limit = token_limit(length, self.generation.summary_max_tokens)
            for i, output in zip(
                indices, self.generate(prompts, max_new_tokens=limit), strict=True
            ):
                outputs[i] = output
        summaries = [
            clean_passage(outputs[i].text, truncated=outputs[i].truncated)
            for i in range(len(plans))
        ]
        for plan, summary in zip(plans, summaries, strict=True):
            if not summary:
                raise EngineError(f"the model wrote an empty summary for article {plan.index}")
        return self._top_up(plans, summaries)

    def _top_up(self, plans: list[_Plan], summaries: list[str]) -> list[str]:
        """A summary with fewer sentences than its length asks for gets more: one
        sentence written for each section of the article, added in article order (one
        cut off at the token limit is not). Where the model's sentences only repeat
        one another, the opening sentences of the article's sections make up the count.

        With ``ignore_eos`` (benchmarks on random weights) nothing is added, so that
        every way of running still does the same work.
        """
        if self.generation.ignore_eos:
            return summaries
        work = [
            (plan, text)
            for plan, summary in zip(plans, summaries, strict=True)
            if (missing := sentence_range(plan.summary_length)[0] - sentence_count(summary)) > 0
            # One section more than is missing: the first often repeats the summary.
            for text in sections(plan.digest, missing + 1)
        ]
        if not work:
            return summaries
        prompts = [self._render(self.prompts.summary, text, plan) for plan, text in work]
        outputs = self.generate(prompts, max_new_tokens=self.generation.summary_max_tokens)
        topped = list(summaries)
        for index, plan in enumerate(plans):
            mine = [
                (text, out)
                for (owner, text), out in zip(work, outputs, strict=True)
                if owner is plan
            ]
            if not mine:
                continue
            written = [
                end_sentence(first)
                for _, out in mine
                if (first := first_sentence(normalize(out.text)))
                and (not out.truncated or is_terminated(first))
            ]
            at_most = sentence_range(plan.summary_length)[1]
            leads = [first_sentence(text) for text in sections(plan.text, at_most)]
            topped[index] = top_up(summaries[index], [*written, *leads], plan.summary_length)
        return topped

    def _headlines(self, plans: list[_Plan], summaries: list[str]) -> list[list[str]]:
        """Each article's distinct headlines: the beam search's best, then samples."""
        default_words = max(4, self.generation.headline_max_tokens // 2)
        words = [plan.headline_max_words or default_words for plan in plans]
        derived = [
            headline_from_summary(summary, max_words=limit)
            for summary, limit in zip(summaries, words, strict=True)
        ]
        task = self.prompts.headline
        if task.generates:
            prompts = [self._render(task, plan.digest, plan) for plan in plans]
            best = self.generate(prompts, max_new_tokens=self.generation.headline_max_tokens)
            # A model that wrote nothing usable still gets a headline from its summary.
            found = [
                [clean_headline(out.text, max_words=limit) or fallback]
                for out, limit, fallback in zip(best, words, derived, strict=True)
            ]
        else:
            # Families whose headline is the summary's first sentence (BART, Pegasus)
            # get alternatives from sampled summaries' first sentences.
            prompts = [self._render(self.prompts.summary, plan.digest, plan) for plan in plans]
            found = [[text] for text in derived]
        for round_number in range(SAMPLING_ROUNDS):
            short = [i for i, plan in enumerate(plans) if len(found[i]) < plan.headline_candidates]
            if not short:
                break
            missing = max(plans[i].headline_candidates - len(found[i]) for i in short)
            draws = SAMPLES_PER_CANDIDATE * missing
            outputs = self.generate(
                [prompts[i] for i in short],
                max_new_tokens=self.generation.headline_max_tokens,
                alternatives=draws,
                sampling=Sampling(
                    top_p=self.generation.sampling_top_p,
                    temperature=temperature(round_number),
                    seed=self.generation.sampling_seed + round_number,
                ),
            )
            for position, i in enumerate(short):
                samples = outputs[position * draws : (position + 1) * draws]
                texts = [clean_headline(out.text, max_words=words[i]) for out in samples]
                found[i] = add_distinct(
                    found[i], most_drawn_first(texts), limit=plans[i].headline_candidates
                )
        return [
            add_distinct(texts, [fallback], limit=plan.headline_candidates)
            for texts, fallback, plan in zip(found, derived, plans, strict=True)
        ]

    def _bullets(self, plans: list[_Plan], summaries: list[str]) -> list[list[str]]:
        task = self.prompts.bullets
        if not task.generates:
            return [
                unique(s.text for s in split_sentences(summary))[: plan.bullets]
                for plan, summary in zip(plans, summaries, strict=True)
            ]
        work = [(plan, text) for plan in plans for text in sections(plan.digest, plan.bullets)]
        outputs = self._generate_sections(task, work)
        return [
            unique(
                end_sentence(first_sentence(clean_passage(out.text, truncated=out.truncated)))
                for (owner, _), out in zip(work, outputs, strict=True)
                if owner is plan
            )[: plan.bullets]
            for plan in plans
        ]

    def _generate_sections(
        self, task: PromptTemplate, work: list[tuple[_Plan, str]]
    ) -> list[Generation]:
        """One bullet per section; an article's bullets share ``bullets_max_tokens``."""
        outputs: list[Generation | None] = [None] * len(work)
        shares = {self._bullet_tokens(plan.bullets) for plan, _ in work}
        for share in sorted(shares):
            indices = [
                i for i, (plan, _) in enumerate(work) if self._bullet_tokens(plan.bullets) == share
            ]
            prompts = [self._render(task, work[i][1], work[i][0]) for i in indices]
            for i, output in zip(
                indices, self.generate(prompts, max_new_tokens=share), strict=True
            ):
                outputs[i] = output
        return [output for output in outputs if output is not None]

    def _bullet_tokens(self, count: int) -> int:
        total = self.generation.bullets_max_tokens
        return min(total, max(total // max(count, 1), MIN_BULLET_TOKENS))

    # -- helpers ---------------------------------------------------------------------

    def _render(self, task: PromptTemplate, text: str, plan: _Plan) -> str:
        return task.render(text=text, title=plan.title)

    def _count_prompt(self, task: PromptTemplate) -> int:
        return len(self.tokenizer(task.render(text="", title=""))["input_ids"])

    def _title_tokens(self, title: str) -> int:
        uses_title = any("{title}" in (task.template or "") for task in self.prompts.templates())
        return self.count_tokens([title])[0] if title and uses_title else 0


@dataclass
class _Plan:
    """One article's way through :meth:`Seq2SeqEngine.summarize`."""

    index: int
    title: str
    text: str
    bullets: int
    headline_candidates: int
    headline_max_words: int | None
    summary_length: str
    budget: int
    chunks: list[Chunk]
    chunks_read: int
    input_tokens: int
    levels: int = 0

    @property
    def digest(self) -> str:
        """The article, or the summaries of its chunks, in one chunk."""
        return self.chunks[0].text

    def condensed(self, chunks: list[Chunk]) -> None:
        if not chunks:
            raise EngineError(f"the model wrote nothing for the chunks of article {self.index}")
        if len(chunks) >= len(self.chunks):
            raise EngineError(f"summaries of article {self.index} do not get shorter")
        self.chunks = chunks
        self.levels += 1


def batch_order(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Indices grouped into batches of similar length, longest first (less padding)."""
    order = sorted(range(len(lengths)), key=lambda index: -lengths[index])
    return [order[start : start + batch_size] for start in range(0, len(order), batch_size)]


def sections(text: str, count: int) -> list[str]:
    """Cut ``text`` at sentence boundaries into at most ``count`` runs of similar length."""
    sentences = split_sentences(text)
    count = min(count, len(sentences))
    if count <= 0:
        return []
    total = sum(len(sentence.text) for sentence in sentences)
    runs: list[list[str]] = [[] for _ in range(count)]
    seen = 0
    for sentence in sentences:
        # Place each sentence by where its middle falls in the text.
        middle = seen + len(sentence.text) / 2
        runs[min(int(middle * count / total), count - 1)].append(sentence.text)
        seen += len(sentence.text)
    return [" ".join(run) for run in runs if run]


def prefers_ctranslate2(device: str) -> bool:
    """CTranslate2 int8 beats torch on a CPU unless AMX makes torch bf16 fast."""
    return ctranslate2_available() and ctranslate2_device(device) == "cpu" and not cpu_has_amx()


def converted_model(model: str, convert_dir: Path) -> Path | None:
    """``model`` converted to CTranslate2 under ``convert_dir``, once (a file lock keeps
    worker processes starting together from converting it twice).

    int8 first; a model whose int8 weights disagree with the original too often gets
    float32 (still without Python's per-token overhead); one that cannot be converted
    at all stays on torch, logged.
    """
    from workers.engines.conversion import convert_to_ctranslate2

    local = Path(model).expanduser()
    name = str(local.resolve()) if local.is_dir() else model
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")[-120:]
    convert_dir.mkdir(parents=True, exist_ok=True)
    with open(convert_dir / f"{slug}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for quantization in AUTO_QUANTIZATIONS:
            target = convert_dir / f"{slug}-ct2-{quantization}"
            if is_ctranslate2_model(target):
                return target
        for quantization in AUTO_QUANTIZATIONS:
            target = convert_dir / f"{slug}-ct2-{quantization}"
            logger.info("converting %s to CTranslate2 %s in %s (once)", model, quantization, target)
            try:
                convert_to_ctranslate2(model, target, quantization=quantization, force=True)
            except Exception as exc:  # an architecture it cannot convert, or a failed check
                logger.warning(
                    "CTranslate2 %s conversion of %s failed: %s", quantization, model, exc
                )
                continue
            return target
    logger.warning("running %s on torch: no CTranslate2 conversion passed its check", model)
    return None


def load_pretrained(
    model: str, *, dtype: torch.dtype
) -> tuple[PreTrainedTokenizerBase, PreTrainedModel]:
    """Tokenizer and model from a local directory, the HF cache, or (if online) the Hub.

    Fails within seconds when the weights are nowhere to be had: the cache is tried
    first, and the Hub only when ``HF_HUB_OFFLINE`` is not set and it answers a quick
    probe (``from_pretrained`` itself retries an unreachable Hub for most of a minute).
    """
    from huggingface_hub import is_offline_mode

    path = Path(model).expanduser()
    if path.is_dir():
        return _load_or_explain(str(path), dtype=dtype, local_only=True)
    if _looks_like_path(model):
        raise ModelLoadError(_load_message(model, "there is no such directory"))
    try:
        return _load(model, dtype=dtype, local_only=True)
    except Exception as exc:  # any failure here just means "not cached"
        if is_offline_mode():
            reason = "it is not in the Hugging Face cache and HF_HUB_OFFLINE is set"
            raise ModelLoadError(_load_message(model, reason)) from exc
    _probe_hub(model)
    return _load_or_explain(model, dtype=dtype, local_only=False)


def _probe_hub(model: str) -> None:
    from huggingface_hub import HfApi

    try:
        HfApi().model_info(model, timeout=HUB_PROBE_TIMEOUT_S)
    except Exception as exc:
        reason = f"it is not in the Hugging Face cache, and the Hub does not provide it ({exc})"
        raise ModelLoadError(_load_message(model, reason)) from exc


def _load_or_explain(
    model: str, *, dtype: torch.dtype, local_only: bool
) -> tuple[PreTrainedTokenizerBase, PreTrainedModel]:
    try:
        return _load(model, dtype=dtype, local_only=local_only)
    except Exception as exc:
        # Loading fails in many ways (missing files, network, unknown architecture);
        # the worker needs one clear message and the cause chained for the log.
        raise ModelLoadError(_load_message(model, f"{type(exc).__name__}: {exc}")) from exc


def _load(
    model: str, *, dtype: torch.dtype, local_only: bool
) -> tuple[PreTrainedTokenizerBase, PreTrainedModel]:
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model, local_files_only=local_only)
    network = AutoModelForSeq2SeqLM.from_pretrained(model, dtype=dtype, local_files_only=local_only)
    return tokenizer, network


def _prompts_for(config: PretrainedConfig | ModelConfig) -> PromptSet:
    family = family_for_model_type(config.model_type)
    if family == "generic":
        logger.warning(
            "no prompt file for model type %r; using prompts/generic.toml (plain text in)",
            config.model_type,
        )
    return load_prompt_set(family)


def _looks_like_path(model: str) -> bool:
    # Hub ids are "name" or "owner/name"; anything else can only be a directory.
    return model.startswith(("/", ".", "~")) or model.count("/") > 1 or "\\" in model


def _load_message(model: str, reason: str) -> str:
    return (
        f"cannot load the model BRIEFING_MODEL={model!r}: {reason}. Set BRIEFING_MODEL to a "
        "local model directory, or to a hub id whose weights are in the Hugging Face cache "
        "(HF_HOME) or can be downloaded; or set BRIEFING_ENGINE=extractive, which needs no "
        "model weights."
    )


def _input_limit(tokenizer: Tokenizer, config: Any, configured: int) -> int:
    """Tokens one prompt may have: the setting, else the model's own limit up to 1024."""
    positions = getattr(config, "max_position_embeddings", None)
    # T5 has relative positions (no hard limit); its tokenizer knows the trained length.
    limits = [configured] if configured else [MAX_INPUT_TOKENS, tokenizer.model_max_length]
    if isinstance(positions, int) and positions > 0:
        limits.append(positions)
    return min(limits)

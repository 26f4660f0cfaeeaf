"""The `briefing` command.

The CLI is where the parts meet: `worker`, `summarize` and `eval` import the
worker's code lazily, inside the command, so `briefing api` never loads torch.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from service.cli import batch, keys
from service.cli.model import model_app
from service.config import EngineName, Settings, get_settings
from service.errors import BriefingError
from service.storage.migrate import upgrade_database

app = typer.Typer(help="briefing: headlines, summaries and bullets for news articles.")
db_app = typer.Typer(help="Database schema.")
app.add_typer(db_app, name="db")
app.add_typer(model_app, name="model")
app.add_typer(keys.app, name="keys")
app.add_typer(batch.app, name="batch")

EngineOption = Annotated[
    EngineName | None, typer.Option("--engine", help="seq2seq or extractive (BRIEFING_ENGINE).")
]
ModelOption = Annotated[
    str | None, typer.Option("--model", help="Hub id or local directory (BRIEFING_MODEL).")
]
HostOption = Annotated[str, typer.Option("--host", help="Address to listen on.")]
PortOption = Annotated[int, typer.Option("--port", help="Port to listen on.")]


def _apply_overrides(engine: str | None = None, model: str | None = None) -> Settings:
    """Command-line overrides go through the environment so worker children see them."""
    if engine:
        os.environ["BRIEFING_ENGINE"] = engine
    if model:
        os.environ["BRIEFING_MODEL"] = model
    get_settings.cache_clear()
    try:
        return get_settings()
    except ValueError as exc:
        _fail(f"invalid settings: {exc}")
        raise


def _fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def _preflight(settings: Settings) -> None:
    """Stop at once, saying what to set, when the configured model is not here."""
    from workers.engines.availability import check_model_available, check_parser_available

    try:
        if settings.engine == "extractive":
            check_parser_available(settings.headline_parser)
        else:
            check_model_available(settings.model)
    except BriefingError as exc:
        _fail(str(exc))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations."""
    settings = _apply_overrides()
    upgrade_database(settings.resolved_database_url)
    typer.echo(f"database is up to date: {settings.resolved_database_url}")


@app.command()
def api(host: HostOption = "127.0.0.1", port: PortOption = 8000) -> None:
    """Run the HTTP API alone (production: run `briefing db upgrade` first)."""
    import uvicorn

    uvicorn.run("service.api.app:create_app", factory=True, host=host, port=port)


@app.command()
def worker(
    engine: EngineOption = None,
    model: ModelOption = None,
    concurrency: Annotated[
        int | None, typer.Option(help="Worker processes (BRIEFING_WORKER__CONCURRENCY).")
    ] = None,
    queues: Annotated[str | None, typer.Option(help="Queues to consume, comma-separated.")] = None,
    nice: Annotated[
        int | None, typer.Option(min=0, max=19, help="CPU niceness (BRIEFING_WORKER__NICE).")
    ] = None,
    name: Annotated[str, typer.Option(help="Celery node name.")] = "celery@%h",
    beat: Annotated[
        bool, typer.Option("--beat", help="Also run the beat (feeds, scheduled briefs) here.")
    ] = False,
    loglevel: Annotated[str, typer.Option(help="Celery log level.")] = "INFO",
) -> None:
    """Run a Celery worker alone: loads the model once per process."""
    if concurrency:
        os.environ["BRIEFING_WORKER__CONCURRENCY"] = str(concurrency)
    if queues:
        os.environ["BRIEFING_WORKER__QUEUES"] = queues
    if nice is not None:
        os.environ["BRIEFING_WORKER__NICE"] = str(nice)
    settings = _apply_overrides(engine, model)
    _preflight(settings)
    if settings.worker.nice:
        # Inherited by the pool children; a worker restarted in place already has it.
        os.nice(max(0, settings.worker.nice - os.nice(0)))
    from workers.runtime import limit_threads, threads_per_process

    limit_threads(threads_per_process(settings))
    from service.cli.worker_restart import run_restarting
    from workers.celery_app import create_worker_app

    celery_app = create_worker_app(settings)
    run_restarting(
        lambda: celery_app.worker_main(
            [
                "worker",
                f"--loglevel={loglevel}",
                f"--concurrency={settings.worker.concurrency}",
                f"--queues={','.join(settings.worker.queue_list)}",
                "--pool=prefork",
                f"--hostname={name}",
                "--without-gossip",
                "--without-mingle",
                *(["--beat", f"--schedule={settings.data_dir / 'beat-schedule'}"] if beat else []),
            ]
        )
    )


@app.command("beat")
def run_beat(loglevel: Annotated[str, typer.Option(help="Celery log level.")] = "INFO") -> None:
    """Run the beat (feed polling, scheduled briefs): exactly one per deployment."""
    settings = _apply_overrides()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    from workers.celery_app import create_worker_app

    create_worker_app(settings).Beat(
        loglevel=loglevel, schedule=str(settings.data_dir / "beat-schedule")
    ).run()


@app.command()
def up(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    engine: EngineOption = None,
    model: ModelOption = None,
) -> None:
    """Run the API and one worker on the embedded defaults; Ctrl-C stops both."""
    if "BRIEFING_AUTH" not in os.environ and os.environ.get("BRIEFING_ENVIRONMENT") != "production":
        # One person's embedded service: no keys unless asked for (BRIEFING_AUTH=keys).
        os.environ["BRIEFING_AUTH"] = "open"
    settings = _apply_overrides(engine, model)
    if settings.auth == "open":
        typer.echo(
            "briefing up: OPEN MODE (BRIEFING_AUTH=open): no API key is needed and every "
            "request acts for the default tenant; set BRIEFING_AUTH=keys to require keys",
            err=True,
        )
    _preflight(settings)
    upgrade_database(settings.resolved_database_url)
    from service.cli.supervise import run_api_with_worker

    run_api_with_worker(host=host, port=port)


@app.command()
def summarize(
    file: Annotated[str, typer.Argument(help="A text file, or - for standard input.")],
    engine: EngineOption = None,
    model: ModelOption = None,
    bullets: Annotated[int | None, typer.Option(min=1, max=10, help="Bullets, 1-10.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Input is JSON Lines; write one JSON object per line.")
    ] = False,
    text_field: Annotated[str, typer.Option(help="With --jsonl: the article text field.")] = "text",
    id_field: Annotated[str, typer.Option(help="With --jsonl: the id field.")] = "id",
    title_field: Annotated[
        str, typer.Option(help="With --jsonl: the title field, if present.")
    ] = "title",
) -> None:
    """Summarize in this process, no server needed."""
    settings = _apply_overrides(engine, model)
    _preflight(settings)
    from service.cli.summarize import summarize_jsonl, summarize_text

    count = bullets or settings.default_bullets
    stream = sys.stdin if file == "-" else _open(file)
    try:
        if jsonl:
            failed = summarize_jsonl(
                stream,
                sys.stdout,
                settings=settings,
                bullets=count,
                text_field=text_field,
                id_field=id_field,
                title_field=title_field,
            )
            if failed:
                typer.secho(f"{failed} lines could not be summarized", err=True)
                raise typer.Exit(3)
        else:
            result = summarize_text(stream.read(), settings=settings, bullets=count)
            typer.echo(
                json.dumps(result, ensure_ascii=False, indent=2) if as_json else _pretty(result)
            )
    except BriefingError as exc:
        _fail(str(exc))
    finally:
        if stream is not sys.stdin:
            stream.close()


@app.command("eval")
def evaluate(
    dataset: Annotated[Path, typer.Argument(help="A JSON Lines file of articles and references.")],
    engine: EngineOption = None,
    model: ModelOption = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N rows.")] = None,
    article_field: Annotated[str | None, typer.Option(help="Article text field.")] = None,
    reference_field: Annotated[str | None, typer.Option(help="Reference summary field.")] = None,
    title_field: Annotated[str | None, typer.Option(help="Title field (headline scores).")] = None,
    bullets: Annotated[int | None, typer.Option(min=1, max=10, help="Bullets, 1-10.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Score an engine with ROUGE against references, beside Lead-3 and Lead-1."""
    settings = _apply_overrides(engine, model)
    if not dataset.is_file():
        _fail(f"no such file: {dataset}")
    _preflight(settings)
    from service.cli.summarize import engine_from_settings
    from workers.evaluation import evaluate as run_evaluation
    from workers.evaluation import format_report, report_to_dict

    try:
        report = run_evaluation(
            dataset,
            engine_from_settings(settings),
            limit=limit,
            article_field=article_field,
            reference_field=reference_field,
            title_field=title_field,
            bullets=bullets or settings.default_bullets,
        )
    except BriefingError as exc:
        _fail(str(exc))
    typer.echo(json.dumps(report_to_dict(report), indent=2) if as_json else format_report(report))


def _open(path: str) -> Any:
    if not Path(path).is_file():
        _fail(f"no such file: {path}")
    return open(path, encoding="utf-8")


def _pretty(result: dict[str, Any]) -> str:
    lines = [result["headline"], "", result["summary"], ""]
    lines += [f"- {bullet}" for bullet in result["bullets"]]
    return "\n".join(lines)


if __name__ == "__main__":
    app()

"""`briefing batch`: submit an archive to a running API, watch it, export the results.

The CLI talks HTTP only (``--api``, default ``BRIEFING_API_URL``, with the key in
``BRIEFING_API_KEY``). ``submit`` first makes an empty batch and prints
``batch <id>``, then streams the file's records into it, so an interrupted upload
(Ctrl-C, a dropped connection) is resumed with ``--resume <id>``: the batch says
how many lines it holds, and only the records after them are read and sent.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from service.batches.export import write_csv, write_jsonl, write_parquet
from service.batches.sources import read_records, source_format, to_line
from service.errors import InputError

app = typer.Typer(help="Bulk jobs: submit an archive, watch it, export the results.")

DEFAULT_API = "http://127.0.0.1:8000"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


SEND_CHUNK_BYTES = 256 * 1024
POLL_S = 1.0

ApiOption = Annotated[
    str,
    typer.Option("--api", envvar="BRIEFING_API_URL", help="The briefing API (BRIEFING_API_URL)."),
]
KeyOption = Annotated[
    str | None,
    typer.Option(
        "--key",
        envvar="BRIEFING_API_KEY",
        help="API key (BRIEFING_API_KEY); none in open mode.",
        show_default=False,
    ),
]


def _client(api: str, key: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    # No read timeout: an upload's answer comes when the last chunk is stored.
    timeout = httpx.Timeout(30.0, read=None)
    return httpx.Client(base_url=api.rstrip("/"), headers=headers, timeout=timeout)


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def _check(response: httpx.Response) -> Any:
    if response.is_success:
        return response.json()
    try:
        detail = response.json().get("detail", response.text)
    except ValueError:
        detail = response.text
    _fail(f"{response.request.method} {response.request.url.path}: {response.status_code} {detail}")


def _status(client: httpx.Client, job: int) -> dict[str, Any]:
    result: dict[str, Any] = _check(client.get(f"/v1/batches/{job}"))
    return result


class _Watch:
    """The progress bar: done / failed / queued, rate and ETA, from the API's counts."""

    def __init__(self) -> None:
        self.progress = Progress(
            TextColumn("[bold]batch {task.fields[job]}"),
            BarColumn(),
            TextColumn(
                "{task.fields[done]} done · {task.fields[failed]} failed · "
                "{task.fields[queued]} queued · {task.fields[sent]} sent"
            ),
            TextColumn("{task.fields[rate]:.1f}/s · ETA {task.fields[eta]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )
        self.task: TaskID | None = None

    def start(self, job: int, sent: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task(
            "batch", total=None, job=job, done=0, failed=0, queued=0, sent=sent, rate=0.0, eta="-"
        )

    def sent(self, count: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, sent=count)

    def show(self, state: dict[str, Any]) -> None:
        if self.task is None:
            return
        counts = state["counts"]
        eta = state.get("eta_s")
        self.progress.update(
            self.task,
            total=counts["total"] or None,
            completed=counts["done"] + counts["failed"],
            done=counts["done"],
            failed=counts["failed"],
            queued=counts["queued"] + counts["running"],
            rate=state.get("rate_per_s") or 0.0,
            eta="-" if eta is None else f"{eta:.0f}s",
        )

    def stop(self) -> None:
        self.progress.stop()


def _lines(
    file: Path, skip: int, fields: tuple[str, str, str], watch: _Watch, sent: list[int]
) -> Iterator[bytes]:
    """The file's records after the first ``skip``, as NDJSON in chunks of bytes."""
    text_field, id_field, title_field = fields
    records = read_records(file, fields)
    buffer = bytearray()
    for index, record in enumerate(itertools.islice(records, skip, None), start=skip):
        buffer += to_line(
            record, index, text_field=text_field, id_field=id_field, title_field=title_field
        )
        sent[0] += 1
        if len(buffer) >= SEND_CHUNK_BYTES:
            yield bytes(buffer)
            buffer.clear()
            watch.sent(sent[0])
    if buffer:
        yield bytes(buffer)
    watch.sent(sent[0])


def _poll_while(api: str, key: str | None, job: int, watch: _Watch, stop: threading.Event) -> None:
    with _client(api, key) as client:
        while not stop.wait(POLL_S):
            try:
                response = client.get(f"/v1/batches/{job}")
            except httpx.HTTPError:
                continue
            if response.is_success:
                watch.show(response.json())


@app.command("submit")
def submit_batch(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    api: ApiOption = DEFAULT_API,
    key: KeyOption = None,
    text_field: Annotated[
        str, typer.Option("--text-field", help="Field holding the text.")
    ] = "text",
    id_field: Annotated[str, typer.Option("--id-field", help="Field holding your id.")] = "id",
    title_field: Annotated[
        str, typer.Option("--title-field", help="Field holding the title.")
    ] = "title",
    resume: Annotated[
        int | None, typer.Option("--resume", help="Continue this batch where it stopped.")
    ] = None,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="Return once the file is sent.")
    ] = False,
) -> None:
    """Send a JSON Lines, CSV or Parquet archive as a batch and watch it to the end."""
    try:
        source_format(file)
    except InputError as exc:
        _fail(str(exc), code=2)
    fields = (text_field, id_field, title_field)
    with _client(api, key) as client:
        try:
            if resume is None:
                state = _check(client.post("/v1/batches", params={"close": "false"}))
            else:
                state = _status(client, resume)
        except httpx.HTTPError as exc:
            _fail(f"cannot reach the API at {api}: {exc}")
        job = int(state["id"])
        typer.echo(f"batch {job}")
        sys.stdout.flush()
        watch = _Watch()
        watch.start(job, sent=state["counts"]["total"])
        try:
            try:
                state = _send_and_watch(client, file, fields, state, watch, no_wait, (api, key))
            finally:
                watch.stop()
        except KeyboardInterrupt:
            typer.echo(
                f"interrupted: continue with `briefing batch submit {file} --resume {job}`",
                err=True,
            )
            raise typer.Exit(130) from None
        except httpx.HTTPError as exc:
            _fail(f"lost the API at {api} ({exc}); continue with --resume {job}")
    _print_state(state)


def _send_and_watch(
    client: httpx.Client,
    file: Path,
    fields: tuple[str, str, str],
    state: dict[str, Any],
    watch: _Watch,
    no_wait: bool,
    credentials: tuple[str, str | None],
) -> dict[str, Any]:
    """Send the records the batch does not hold yet, then poll until it is done."""
    job = int(state["id"])
    if state["status"] == "accepting":
        skip = int(state["counts"]["total"])
        stop = threading.Event()
        poller = threading.Thread(
            target=_poll_while, args=(*credentials, job, watch, stop), daemon=True
        )
        poller.start()
        try:
            state = _check(
                client.post(
                    f"/v1/batches/{job}/items",
                    params={"offset": skip, "close": "true"},
                    content=_lines(file, skip, fields, watch, [skip]),
                    headers={"Content-Type": "application/x-ndjson"},
                )
            )
        finally:
            stop.set()
            poller.join(timeout=5)
    watch.show(state)
    while not no_wait and state["status"] != "done":
        time.sleep(POLL_S)
        state = _status(client, job)
        watch.show(state)
    return state


def _print_state(state: dict[str, Any]) -> None:
    counts = state["counts"]
    eta = state.get("eta_s")
    typer.echo(
        f"status {state['status']}: {counts['total']} lines, {counts['done']} done, "
        f"{counts['failed']} failed, {counts['queued']} queued, {counts['running']} running; "
        f"{state['rate_per_s']}/s, ETA {'-' if eta is None else f'{eta:.0f}s'}"
    )


@app.command("status")
def batch_status(
    job: Annotated[int, typer.Argument(help="The batch id `submit` printed.")],
    api: ApiOption = DEFAULT_API,
    key: KeyOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="The API's answer as JSON.")] = False,
) -> None:
    """Where a batch stands: its lines by status, rate and time left."""
    with _client(api, key) as client:
        try:
            state = _status(client, job)
        except httpx.HTTPError as exc:
            _fail(f"cannot reach the API at {api}: {exc}")
    if as_json:
        typer.echo(json.dumps(state))
    else:
        typer.echo(f"batch {job}")
        _print_state(state)


def _results(client: httpx.Client, job: int) -> Iterator[dict[str, Any]]:
    with client.stream("GET", f"/v1/batches/{job}/results") as response:
        if not response.is_success:
            response.read()
            _check(response)
        for line in response.iter_lines():
            if line:
                yield json.loads(line)


@app.command("export")
def export_batch(
    job: Annotated[int, typer.Argument(help="The batch id `submit` printed.")],
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="jsonl, csv or parquet.")
    ] = ExportFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write; default stdout.")
    ] = None,
    api: ApiOption = DEFAULT_API,
    key: KeyOption = None,
) -> None:
    """Every input id with its headline, summary, bullets or error, in input order."""
    with _client(api, key) as client:
        rows = _results(client, job)
        try:
            if output_format is ExportFormat.csv:
                if output is None:
                    count = write_csv(rows, sys.stdout)
                else:
                    with output.open("w", encoding="utf-8", newline="") as out:
                        count = write_csv(rows, out)
            elif output is None:
                writer = write_jsonl if output_format is ExportFormat.jsonl else write_parquet
                count = writer(rows, sys.stdout.buffer)
                sys.stdout.flush()
            else:
                with output.open("wb") as binary:
                    if output_format is ExportFormat.jsonl:
                        count = write_jsonl(rows, binary)
                    else:
                        count = write_parquet(rows, binary)
        except httpx.HTTPError as exc:
            _fail(f"cannot reach the API at {api}: {exc}")
    if output is not None:
        typer.echo(f"wrote {count} rows to {output}", err=True)

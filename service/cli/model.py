"""`briefing model ...`: prepare model files for the workers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from service.errors import BriefingError

model_app = typer.Typer(help="Model files: convert for faster inference.")


@model_app.command("convert")
def convert(
    source: Annotated[str, typer.Argument(help="A transformers model: local directory or hub id.")],
    output: Annotated[Path, typer.Argument(help="Directory to write the converted model to.")],
    quantization: Annotated[
        str,
        typer.Option(help="int8, int8_float32, int8_bfloat16, bfloat16, float16 or float32."),
    ] = "int8",
    force: Annotated[bool, typer.Option(help="Replace OUTPUT if it is not empty.")] = False,
) -> None:
    """Convert a seq2seq model to CTranslate2 (int8 by default), checked against the original.

    Then set BRIEFING_MODEL=OUTPUT; BRIEFING_BACKEND=auto runs it on CTranslate2.
    """
    from workers.engines.conversion import convert_to_ctranslate2

    try:
        done = convert_to_ctranslate2(source, output, quantization=quantization, force=force)
    except BriefingError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from exc
    typer.echo(
        f"converted {source} to {done.directory} ({done.quantization}); greedy outputs agree "
        f"on {done.agreement:.1%} of tokens. Use it with BRIEFING_MODEL={done.directory}"
    )
    if done.tokenizer_differences:
        typer.secho(
            f"note: the light tokenizer (tokenizers) reads {len(done.tokenizer_differences)} "
            "check texts otherwise than transformers, so workers will use transformers' "
            "tokenizer for this model (correct, but it loads torch in each worker)",
            fg=typer.colors.YELLOW,
            err=True,
        )

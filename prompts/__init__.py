"""Prompt templates are data: one TOML file per model family, validated on load.

A file has a ``version`` (stored on every summary), an optional ``description`` and
three tables::

    [summary]   template = "... {text} ..."              # also condenses long articles
    [headline]  mode = "generate" | "first_sentence"     # template when mode = generate
    [bullets]   mode = "per_section" | "summary_sentences"  # template when per_section

Templates use ``str.format`` fields; the only variables are ``text`` and ``title``.
Unknown keys or fields are refused with :class:`PromptError` naming the file and key;
rendering without a variable raises :class:`MissingPromptVariable`.

The family follows the model's ``config.model_type`` (:func:`family_for_model_type`).
Model types we have no file for get ``generic``: the text goes in as is, which suits
summarization-tuned checkpoints; instruction-tuned models need their own file.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from service.errors import PromptError

__all__ = [
    "MissingPromptVariable",
    "PromptSet",
    "PromptTemplate",
    "family_for_model_type",
    "load_prompt_set",
    "parse_prompt_set",
]

VARIABLES = frozenset({"text", "title"})
HeadlineMode = Literal["generate", "first_sentence"]
BulletsMode = Literal["per_section", "summary_sentences"]

_FAMILIES = {
    "t5": "flan-t5",
    "mt5": "flan-t5",
    "umt5": "flan-t5",
    "bart": "bart",
    "pegasus": "pegasus",
    "pegasus_x": "pegasus",
}
_TOP_KEYS = {"version", "description", "summary", "headline", "bullets"}
_TABLE_KEYS = {
    "summary": {"template"},
    "headline": {"mode", "template"},
    "bullets": {"mode", "template"},
}
_MODES = {
    "summary": ("generate",),
    "headline": ("generate", "first_sentence"),
    "bullets": ("per_section", "summary_sentences"),
}


class MissingPromptVariable(PromptError):
    """A template was rendered without one of the variables it uses."""

    def __init__(self, source: str, variable: str) -> None:
        super().__init__(f"{source}: template needs the variable {variable!r}")
        self.source = source
        self.variable = variable


@dataclass(frozen=True)
class PromptTemplate:
    """One task of a prompt file: how it is done and, if generated, the text to send."""

    source: str
    mode: str
    template: str | None

    @property
    def generates(self) -> bool:
        return self.template is not None

    def render(self, **variables: str) -> str:
        """Fill the template; raise :class:`MissingPromptVariable` for a missing variable."""
        if self.template is None:
            raise PromptError(f"{self.source}: mode {self.mode!r} has no template to render")
        try:
            return self.template.format_map(variables)
        except KeyError as exc:
            raise MissingPromptVariable(self.source, str(exc.args[0])) from None


@dataclass(frozen=True)
class PromptSet:
    """The prompts for one model family."""

    family: str
    version: str
    description: str
    summary: PromptTemplate
    headline: PromptTemplate
    bullets: PromptTemplate

    def templates(self) -> list[PromptTemplate]:
        return [task for task in (self.summary, self.headline, self.bullets) if task.generates]


def family_for_model_type(model_type: str) -> str:
    """The prompt family for a ``config.model_type``; ``generic`` when we have none."""
    return _FAMILIES.get(model_type.lower(), "generic")


@lru_cache
def load_prompt_set(family: str) -> PromptSet:
    """Read and validate ``prompts/<family>.toml`` from the installed package."""
    name = f"{family}.toml"
    resource = resources.files(__package__).joinpath(name)
    if not resource.is_file():
        raise PromptError(f"no prompt file prompts/{name} for the family {family!r}")
    return parse_prompt_set(resource.read_text(encoding="utf-8"), family=family, source=name)


def parse_prompt_set(text: str, *, family: str, source: str) -> PromptSet:
    """Validate one prompt file's text; ``source`` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PromptError(f"{source}: not valid TOML: {exc}") from exc
    _refuse_unknown(source, "", data, _TOP_KEYS)
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise PromptError(f"{source}: 'version' must be a non-empty string")
    return PromptSet(
        family=family,
        version=version.strip(),
        description=str(data.get("description", "")),
        summary=_parse_task(source, "summary", data),
        headline=_parse_task(source, "headline", data),
        bullets=_parse_task(source, "bullets", data),
    )


def _parse_task(source: str, task: str, data: Mapping[str, Any]) -> PromptTemplate:
    table = data.get(task)
    if not isinstance(table, dict):
        raise PromptError(f"{source}: missing table [{task}]")
    _refuse_unknown(source, f"{task}.", table, _TABLE_KEYS[task])
    modes = _MODES[task]
    mode = table.get("mode", modes[0])
    if mode not in modes:
        raise PromptError(f"{source}: '{task}.mode' must be one of {', '.join(modes)}")
    template = table.get("template")
    needs_template = mode in ("generate", "per_section")
    if needs_template != (template is not None):
        verb = "needs" if needs_template else "takes no"
        raise PromptError(f"{source}: '{task}' with mode {mode!r} {verb} a template")
    if template is not None:
        _check_fields(source, task, template)
    return PromptTemplate(source=f"{source} [{task}]", mode=mode, template=template)


def _check_fields(source: str, task: str, template: object) -> None:
    if not isinstance(template, str) or not template.strip():
        raise PromptError(f"{source}: '{task}.template' must be a non-empty string")
    try:
        parsed = list(string.Formatter().parse(template))
        fields = {field for _, field, _, _ in parsed if field is not None}
    except ValueError as exc:
        raise PromptError(f"{source}: '{task}.template' is malformed: {exc}") from exc
    unknown = fields - VARIABLES
    if unknown:
        raise PromptError(
            f"{source}: '{task}.template' uses unknown variable(s) {sorted(unknown)}; "
            f"known: {sorted(VARIABLES)}"
        )
    if "text" not in fields:
        raise PromptError(f"{source}: '{task}.template' must use {{text}}")


def _refuse_unknown(source: str, prefix: str, table: Mapping[str, Any], known: set[str]) -> None:
    for key in table:
        if key not in known:
            raise PromptError(f"{source}: unknown key '{prefix}{key}'")

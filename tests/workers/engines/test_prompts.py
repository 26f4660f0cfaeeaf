"""The prompt files and their loader."""

from __future__ import annotations

import pytest

from prompts import (
    MissingPromptVariable,
    family_for_model_type,
    load_prompt_set,
    parse_prompt_set,
)
from service.errors import PromptError

VALID = """
version = "test/1"

[summary]
template = "Summarize: {text}"

[headline]
mode = "first_sentence"

[bullets]
mode = "summary_sentences"
"""


def parse(text: str):
    return parse_prompt_set(text, family="test", source="test.toml")


@pytest.mark.parametrize(
    ("family", "version"),
    [
        ("flan-t5", "flan-t5/1"),
        ("bart", "bart/1"),
        ("pegasus", "pegasus/1"),
        ("generic", "generic/1"),
    ],
)
def test_shipped_files_load_with_their_version(family: str, version: str) -> None:
    prompts = load_prompt_set(family)

    assert prompts.version == version
    assert prompts.family == family
    assert "{text}" not in prompts.summary.render(text="An article.", title="")


def test_flan_t5_generates_every_part_and_plain_families_derive_them() -> None:
    flan, bart = load_prompt_set("flan-t5"), load_prompt_set("bart")

    assert [task.mode for task in flan.templates()] == ["generate", "generate", "per_section"]
    assert bart.summary.render(text="Just the text.") == "Just the text."
    assert (bart.headline.mode, bart.bullets.mode) == ("first_sentence", "summary_sentences")


@pytest.mark.parametrize(
    ("model_type", "family"),
    [
        ("t5", "flan-t5"),
        ("mt5", "flan-t5"),
        ("umt5", "flan-t5"),
        ("bart", "bart"),
        ("pegasus", "pegasus"),
        ("pegasus_x", "pegasus"),
        ("led", "generic"),
    ],
)
def test_family_follows_model_type(model_type: str, family: str) -> None:
    assert family_for_model_type(model_type) == family


def test_valid_file_parses() -> None:
    prompts = parse(VALID)

    assert prompts.version == "test/1"
    assert prompts.summary.render(text="x") == "Summarize: x"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('author = "me"\n' + VALID, "'author'"),
        (
            VALID.replace('mode = "first_sentence"', 'mode = "first_sentence"\nmax = 3'),
            "'headline.max'",
        ),
    ],
)
def test_unknown_keys_are_refused_naming_file_and_key(text: str, key: str) -> None:
    with pytest.raises(PromptError, match=f"test.toml: unknown key {key}"):
        parse(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (VALID.replace('version = "test/1"', ""), "'version'"),
        (VALID.replace("{text}", "{text} {author}"), "unknown variable"),
        (VALID.replace("{text}", "{title}"), "must use {text}"),
        (VALID.replace('"first_sentence"', '"invent"'), "'headline.mode' must be one of"),
        (VALID.replace('mode = "first_sentence"', 'mode = "generate"'), "needs a template"),
        (VALID.replace("Summarize: {text}", "{text"), "malformed"),
        ("version = ", "not valid TOML"),
    ],
)
def test_malformed_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(PromptError, match=message):
        parse(text)


def test_missing_variable_is_named() -> None:
    template = load_prompt_set("flan-t5").summary

    with pytest.raises(MissingPromptVariable) as caught:
        template.render(title="no text")

    assert caught.value.variable == "text"
    assert "flan-t5.toml" in str(caught.value)
    assert isinstance(caught.value, PromptError)


def test_unknown_family_is_a_prompt_error() -> None:
    with pytest.raises(PromptError, match="no prompt file"):
        load_prompt_set("gpt-2")

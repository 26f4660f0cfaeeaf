"""The layer contracts in pyproject.toml (import-linter), checked with `lint-imports`:
the whole import graph, lazy imports inside functions included, not only what one
process happens to load (tests/service/test_layering.py checks that)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.fail("lint-imports is missing: pip install -e '.[dev]' (import-linter)")
    return subprocess.run(
        [command, "--no-cache", "--no-logo"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": str(Path(sys.executable).parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_code_keeps_every_layer_contract() -> None:
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _package(root: Path, name: str, modules: dict[str, str]) -> None:
    (root / name).mkdir(parents=True)
    (root / name / "__init__.py").write_text("")
    for module, source in modules.items():
        path = root / name / f"{module.replace('.', '/')}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root / name).parents:
            (root / name / parent / "__init__.py").touch()
        path.write_text(source)


@pytest.mark.parametrize(
    ("offender", "imported"),
    [
        ("import torch\n", "torch"),
        ("from transformers import AutoTokenizer\n", "transformers"),
        ("import ctranslate2\n", "ctranslate2"),
        ("from service.helper import run\n", "workers"),  # through another module
    ],
)
def test_a_service_module_importing_a_model_library_breaks_the_contract(
    tmp_path: Path, offender: str, imported: str
) -> None:
    """The contracts of this repository's pyproject.toml, on a small tree that breaks them."""
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    _package(
        tmp_path,
        "service",
        {
            "ingest": offender,
            "helper": "from workers.engines import run\n",
            # The CLI may import workers, lazily inside a command.
            "cli.main": "def worker() -> None:\n    from workers.engines import run\n",
        },
    )
    _package(tmp_path, "workers", {"engines": "def run() -> None: ...\n"})
    _package(tmp_path, "prompts", {})
    if imported != "workers":
        (tmp_path / "service" / "helper.py").write_text("")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"service is not allowed to import {imported}" in result.stdout
    assert "service.cli" not in result.stdout.split("Broken contracts")[-1]

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


def _tree(root: Path, service: dict[str, str], workers: dict[str, str] | None = None) -> None:
    """A small project with this repository's pyproject.toml: the modules the contracts
    name (empty unless ``service`` gives their source) and the ignored imports."""
    shutil.copy(REPO / "pyproject.toml", root)
    named = ["ingest", "submissions", "feeds", "batches.importer", "briefs.build"]
    named += ["storage.models", "text.normalize", "api.problems"]
    modules = {name: "" for name in named}
    modules["observability"] = "def fail() -> None:\n    from service.api import problems\n"
    # The CLI may import workers, lazily inside a command.
    modules["cli.main"] = "def worker() -> None:\n    from workers.engines import run\n"
    _package(root, "service", {**modules, **service})
    # A converted folder without tokenizer.json falls back on transformers' tokenizer.
    fallback = "def load() -> None:\n    import transformers\n"
    engines = {"engines.__init__": "def run() -> None: ...\n", "engines.torch_backend": ""}
    engines |= {"engines.backends": "", "engines.converted": fallback}
    _package(root, "workers", {**engines, **(workers or {})})
    _package(root, "prompts", {})


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
    helper = "from workers.engines import run\n" if imported == "workers" else ""
    _tree(tmp_path, {"ingest": offender, "helper": helper})
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"service is not allowed to import {imported}" in result.stdout
    assert "service.cli" not in result.stdout.split("Broken contracts")[-1]


@pytest.mark.parametrize("module", ["ingest", "feeds", "batches.importer", "storage.models"])
def test_intake_importing_the_http_api_breaks_the_contract(tmp_path: Path, module: str) -> None:
    _tree(tmp_path, {module: "from service.api import problems\n"})
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"service.{module} -> service.api.problems" in result.stdout
    assert "service.observability" not in result.stdout.split("Broken contracts")[-1]


@pytest.mark.parametrize(
    ("module", "offender"),
    [
        ("backends", "import torch\n"),
        ("converted", "from workers.engines import torch_backend\nimport transformers\n"),
    ],
)
def test_the_ctranslate2_path_importing_torch_breaks_the_contract(
    tmp_path: Path, module: str, offender: str
) -> None:
    _tree(tmp_path, {}, {f"engines.{module}": offender})
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"workers.engines.{module} is not allowed to import" in result.stdout

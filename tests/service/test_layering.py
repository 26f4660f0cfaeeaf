import subprocess
import sys


def test_the_api_process_never_imports_torch_or_the_workers() -> None:
    code = (
        "import sys\n"
        "from service.api.app import create_app\n"
        "import service.cli.main\n"
        "create_app()\n"
        "loaded = [m for m in ('torch', 'transformers', 'workers') if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""

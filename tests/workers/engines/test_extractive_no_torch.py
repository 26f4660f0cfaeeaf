"""The extractive engine's workers need no torch: loading it costs ~180 MB and ~1 s a
process, and spaCy's thinc would import it whenever it is installed."""

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "tokenizer_corpus.txt"


def test_the_extractive_engine_parses_headlines_without_loading_torch() -> None:
    code = (
        "import sys\n"
        "from workers.engines import load_engine\n"
        "from workers.engines.base import ArticleInput\n"
        "engine = load_engine('extractive', model='extractive')\n"
        f"text = open({str(SAMPLE)!r}).read()[:4000]\n"
        "[briefing] = engine.summarize([ArticleInput(text=text, title='')])\n"
        "assert briefing.headline, 'no headline'\n"
        "print('torch' in sys.modules, 'spacy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["False", "True"]

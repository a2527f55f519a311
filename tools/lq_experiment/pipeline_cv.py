"""The figures of docs/quality.md: LQ models that never saw the pages they clean, through the whole engine.

Each model is put in place of the shipped one and `clean_text` cleans the pages it never saw (every round
of the engine included); score.py scores the outputs, as the bench does:

- `news`: a model trained on the dev pages only, on the 116 news pages;
- `sources`: per source of the news set, a model trained on the dev pages and the other two sources;
- `dev`: 5 page-grouped folds of the dev set (a page's two renderings in one fold), each model trained on
  the other folds and the news set.

Usage (CatBoost from the `train` extra; outputs under $LQ_TMP/pipe):
    [SEED=0] .venv/bin/python tools/lq_experiment/pipeline_cv.py news|sources|dev [THRESHOLDS...]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cv  # noqa: E402
import train_lq  # noqa: E402

from cleaner import clean_text  # noqa: E402
from cleaner.lq.model import Trees, use  # noqa: E402

_ROW = re.compile(
    r"^\s+(all|readability|goose3|newspaper4k)\s+P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)(.*)$", re.MULTILINE
)


def score(part: str, out: Path, style: str) -> str:
    """score.py's rows for a folder of outputs."""
    result = subprocess.run([sys.executable, str(cv.SHARED / "bench/score.py"), part, str(out), "--style", style],
                            capture_output=True, text=True, check=True)  # fmt: skip
    if part == "dev":
        match = re.search(r"^\s+all\s+P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)", result.stdout, re.MULTILINE)
        assert match, result.stdout
        return f"P {match.group(1)} R {match.group(2)} F1 {match.group(3)}"
    rows = {m.group(1): m for m in _ROW.finditer(result.stdout)}
    m = rows["all"]
    text = f"P {m.group(2)} R {m.group(3)} F1 {m.group(4)}{m.group(5).split('|')[1].rstrip()}"
    return text + " | " + " ".join(f"{s[:5]} {rows[s].group(4)}" for s in cv.SOURCES)


def main() -> None:
    kind = sys.argv[1]
    thresholds = [float(t) for t in sys.argv[2:]] or [train_lq.THRESHOLD]
    data = cv.pages()
    models: list[tuple[Trees, list[tuple[str, str]]]] = []  # each model and the (part, key) pages it cleans
    for train, tested in cv.splits(kind, data, int(os.environ.get("SEED", "0"))):
        pages = sorted({(p.part, p.key) for p in data if tested(p)})
        models.append((train_lq.train(train, cv.SHARED), pages))
    print(f"{kind}: {len(models)} models trained", flush=True)
    part = "dev" if kind == "dev" else "news"
    for threshold in thresholds:
        line = []
        for style in train_lq.STYLES:
            out = cv.TMP / f"pipe/{kind}-{threshold}-{style}"
            out.mkdir(parents=True, exist_ok=True)
            for model, pages in models:
                with use(replace(model, threshold=threshold)):
                    for page_part, page in pages:
                        text = train_lq.read(cv.SHARED, page_part, style, page)
                        (out / f"{page}.txt").write_text(clean_text(text).text, encoding="utf-8")
            line.append(f"{style[:5]} {score(part, out, style)}")
        print(f"{kind} thr {threshold:.2f}  " + "   ".join(line), flush=True)


if __name__ == "__main__":
    main()

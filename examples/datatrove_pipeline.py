"""Clean a folder of JSONL shards with datatrove: read, clean, write; locally here, on Slurm or Ray as below.

    pip install 'cleaner[datatrove]'
    python examples/datatrove_pipeline.py INPUT_DIR OUTPUT_DIR [--tasks N] [--workers N] [--config cleaner.toml]

Every `*.jsonl` or `*.jsonl.gz` file under INPUT_DIR is read (the "text" field is cleaned; "id" and every
other field travel as metadata); the cleaned records go to OUTPUT_DIR/clean/, the documents nothing was
left of (whole 404 or paywall stubs, texts that cleaning emptied) to OUTPUT_DIR/removed/, datatrove's
logs and per-rule statistics to OUTPUT_DIR/logs/ (stats.json: "removed_CK001", "held", "dropped_stub"...).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner.config import load
from cleaner.integrations.datatrove import CleanerStep


def pipeline(input_dir: str, output_dir: str, config: Path | None = None, store_verdicts: bool = False) -> list[object]:
    """Reader, cleaner, writer: the steps every executor runs, one shard of the input per task."""
    return [
        JsonlReader(input_dir, glob_pattern="**/*.jsonl*"),
        CleanerStep(
            settings=load(config) if config is not None else None,
            store_verdicts=store_verdicts,  # the verdicts in each record's metadata["cleaner"]
            exclusion_writer=JsonlWriter(f"{output_dir}/removed"),
        ),
        JsonlWriter(f"{output_dir}/clean"),  # ${rank}.jsonl.gz, one file per task
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the pipeline on this machine, with `--tasks` shards processed by `--workers` processes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input_dir")
    parser.add_argument("output_dir")
    parser.add_argument("--tasks", type=int, default=2, help="how many shards the input is split into")
    parser.add_argument("--workers", type=int, default=-1, help="tasks run at once (default: all)")
    parser.add_argument("--config", type=Path, help="a cleaner.toml or pyproject.toml with [tool.cleaner]")
    parser.add_argument("--store-verdicts", action="store_true", help="keep the verdicts in the metadata")
    args = parser.parse_args(argv)

    steps = pipeline(args.input_dir, args.output_dir, args.config, args.store_verdicts)
    executor = LocalPipelineExecutor(
        pipeline=steps, tasks=args.tasks, workers=args.workers, logging_dir=f"{args.output_dir}/logs"
    )
    # The same steps run on a cluster by swapping the executor; paths may be s3://, hf:// or any fsspec URL.
    # Slurm (sbatch job array, one task per array index; the environment must have cleaner[datatrove]):
    #   from datatrove.executor import SlurmPipelineExecutor
    #   executor = SlurmPipelineExecutor(
    #       pipeline=steps, tasks=500, time="02:00:00", partition="cpu", cpus_per_task=1, mem_per_cpu_gb=2,
    #       job_name="cleaner", logging_dir=f"{args.output_dir}/logs", venv_path="/path/to/.venv/bin/activate",
    #   )
    # Ray (pip install 'datatrove[ray]'; after `ray start --head` or inside a Ray cluster):
    #   import ray
    #   from datatrove.executor import RayPipelineExecutor
    #   ray.init()
    #   executor = RayPipelineExecutor(pipeline=steps, tasks=500, logging_dir=f"{args.output_dir}/logs")
    executor.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Running one command measured: its wall time, the peak RSS of its process tree and of its largest process."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

MB = 1 << 20

# Linux counts, in a child's peak memory (ru_maxrss), the memory of the process it was forked from (and
# with vfork, which subprocess uses, the parent's whole high-water mark). So a small launcher forks the
# measured command and reports that grandchild's peak, its reaped workers included, from a small start.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass
class Measured:
    """One measured run: exit code, wall seconds, memory peaks in MB and what it wrote to stderr."""

    exit_code: int
    seconds: float
    tree_peak_mb: float  # the sum of the RSS of the command and all its descendants, sampled every 0.1 s
    process_peak_mb: float  # the largest single process of the tree (getrusage, exact)
    stderr: str


def tree_rss(pid: int, root: bool = True) -> int:
    """Resident bytes of a process and all its descendants, from /proc (without the process itself if not root)."""
    total, stack, first = 0, [pid], True
    while stack:
        current = stack.pop()
        try:
            if root or not first:
                status = Path(f"/proc/{current}/status").read_text()
                total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue  # the process ended between two reads: it holds no memory any more
        finally:
            first = False
    return total


def measure(command: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run a command (an executable path first) through the launcher, sampling its process tree's memory."""
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryFile() as errors:
        peak_file = Path(tmp) / "peak"
        started = time.perf_counter()
        launcher = [sys.executable, "-c", LAUNCHER, str(peak_file), *command]
        proc = subprocess.Popen(launcher, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss(proc.pid, root=False))  # the launcher itself is not measured
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        exit_code = proc.wait()
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
        process_kb = int(peak_file.read_text()) if peak_file.exists() else 0
    return Measured(exit_code, seconds, peak / MB, process_kb / 1024, stderr)

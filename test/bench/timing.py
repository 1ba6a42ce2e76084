"""Timing for the python peers of the benches (compile.py, bigFormulas.py), as test/bench/timing.ts does it:
medians over rounds that alternate between the runs, so that they all see the same machine load."""
import time


def calls_for(run, budget=0.01):
    """How many calls of `run` take about `budget` seconds (at least one), after a warm-up call."""
    run()
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < budget / 10:
        run()
        calls += 1
    return max(1, round(budget * calls / (time.perf_counter() - start)))


def medians(runs, rounds=21, budget=0.01):
    """Median over `rounds` of the seconds per call of each of `runs`; each round times every run in turn, with
    as many calls as take about `budget` seconds."""
    calls = [calls_for(run, budget) for run in runs]
    times = [[] for _ in runs]
    for _ in range(rounds):
        for k, run in enumerate(runs):
            start = time.perf_counter()
            for _ in range(calls[k]):
                run()
            times[k].append((time.perf_counter() - start) / calls[k])
    return [sorted(t)[len(t) // 2] for t in times]


def versions():
    """The versions of python, numpy and (when importable) PyTorch, for the bench's note."""
    import sys

    import numpy

    out = {"python": sys.version.split()[0], "numpy": numpy.__version__}
    try:
        import torch

        out["torch"] = torch.__version__
        out["torchThreads"] = torch.get_num_threads()
    except ImportError:
        pass
    return out

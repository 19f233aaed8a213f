"""Timing for the benchmarks: medians of repeated runs, and methods timed in turns."""

import statistics
import time


def timed(function, repeats):
    """Median seconds of `repeats` calls after one warm-up call, and every run's seconds.

    The warm-up is not counted: tracing and first allocations are not the
    steady state.
    """
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def in_turns(methods, repeats):
    """Run every method once per repeat, in turns, after one warm-up call each.

    On a shared, noisy machine the load then hits all methods alike, so
    ratios of their medians hold better than those of runs timed one method
    after another. Returns each method's seconds, by name.
    """
    runs = {name: [] for name in methods}
    for method in methods.values():
        method()
    for _ in range(repeats):
        for name, method in methods.items():
            start = time.perf_counter()
            method()
            runs[name].append(time.perf_counter() - start)
    return runs

"""Progress of a long run on stderr: a bar on a terminal, elsewhere a line every few seconds."""

from __future__ import annotations

import contextlib
import sys

#: Away from a terminal, long runs print one progress line on stderr at most this often.
PROGRESS_EVERY_S = 5.0


def duration(seconds: float) -> str:
    """Say a time left in seconds, minutes or hours, such as ``"2 min 05 s"``."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


@contextlib.contextmanager
def progress(description: str, show: bool = True):
    """Yield ``update(done, total)``: a bar on a terminal, elsewhere a line every few seconds.

    Parameters
    ----------
    description : str
        What is under way, such as ``"Reading images"``.
    show : bool, default True
        Without it, yield None: the run is too short for progress.
    """
    if not show:
        yield None
        return
    if not sys.stderr.isatty():
        import time

        start = time.monotonic()
        last = [start]

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] < PROGRESS_EVERY_S or done >= total:
                return
            last[0] = now
            left = (now - start) / done * (total - done)
            print(
                f"filterviz: {description}: {done}/{total}, about {duration(left)} left",
                file=sys.stderr,
                flush=True,
            )

        yield report
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update

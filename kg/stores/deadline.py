"""A time limit on one blocking call (a Bolt request that may never be answered).

The Neo4j driver bounds connecting and the handshake (connection_timeout, connection_acquisition_timeout) but
has no read timeout of its own: a server that accepts a request and never answers blocks the caller forever.
`deadline(seconds)` interrupts the call with CallTimeout through SIGALRM (the main thread on Unix: a blocking
socket read is interrupted, the handler's exception propagates). Elsewhere (another thread, Windows) it only
runs the call: the driver's own connection timeouts still apply.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class CallTimeout(Exception):
    """The call did not finish within its deadline."""


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise CallTimeout in the body after `seconds` (None or <= 0: no limit). Nested deadlines: the inner
    one is in force until it ends, then the outer one's remaining time."""
    if not seconds or seconds <= 0 or not _usable():
        yield
        return

    def on_alarm(signum, frame):
        raise CallTimeout(f"no answer within {seconds:g} s")

    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    outer_left, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        left, _ = signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler)
        if outer_left:
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (seconds - left), 1e-3))

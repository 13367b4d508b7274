"""Work for the capped child in tests/test_untrusted_files.py. The child imports it by name, so it
stays free of Django models."""

import os
import signal
import time
from collections.abc import Iterator
from decimal import Decimal


def counts(n: int) -> Iterator[int]:
    yield from range(n)


def dies() -> Iterator[None]:
    os.kill(os.getpid(), signal.SIGKILL)
    yield None


def allocates(mb: int) -> Iterator[int]:
    yield len(bytearray(mb * 1024 * 1024))


def sleeps(seconds: float) -> Iterator[str]:
    time.sleep(seconds)
    yield "awake"


def fails() -> Iterator[None]:
    raise ValueError("unreadable")
    yield None


def answers_with_a_class() -> Iterator[Decimal]:
    yield Decimal("1.5")


def clock() -> Iterator[float]:
    yield time.time()

"""Parsing in a child process whose memory and CPU time are capped, so that whatever the measures did not
foresee fails that one reading, never the worker."""

import gc
import io
import multiprocessing
import os
import pickle
import resource
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from cchc_portal.untrusted_files.refusal import FileRefused

# What a child that ran out of memory exits with when it could not even say so.
OUT_OF_MEMORY = 3

# The only classes a child's answer may name: calamine's dates and times. Anything else in a pickle
# from a process that has read an untrusted file is refused rather than imported and called.
ANSWER_CLASSES = {("datetime", name) for name in ("date", "datetime", "time", "timedelta")}


class _Answer(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in ANSWER_CLASSES:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name}")


@lru_cache(maxsize=1)
def _processes() -> multiprocessing.context.BaseContext:
    """Children are forked from a server process started once, fresh (it shares nothing with the
    worker: database connections, threads, locks), with this package (the readers a child runs) and
    calamine imported: a child starts in milliseconds. multiprocessing still runs the caller's main
    module again in each child (manage.py: nothing; the pytest script: a quarter of a second), so that
    module must be guarded by `if __name__ == "__main__"`, as multiprocessing requires anyway."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__package__, "python_calamine"])
    return context


@contextmanager
def capped_child(work: Callable[..., Iterator], *args: Any, unreadable: FileRefused) -> Iterator[Iterator]:
    """What `work(*args)` yields, computed in a child process whose address space is capped at
    settings.IMPORT_MAX_MEMORY_MB and its CPU time at settings.IMPORT_MAX_SECONDS (the parent waits no
    longer either). A child that runs out of either, or is killed, raises FileRefused; one whose work
    raises anything else, `unreadable`. `work` must be importable by name; leaving the block ends the
    child."""
    memory, seconds = settings.IMPORT_MAX_MEMORY_MB, settings.IMPORT_MAX_SECONDS
    context = _processes()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(send, memory * 1024 * 1024, seconds, work, args), daemon=True
    )
    process.start()
    send.close()
    try:
        yield _answers(receive, process, time.monotonic() + seconds, unreadable, memory, seconds)
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join()


def _answers(
    receive: Connection,
    process: BaseProcess,
    deadline: float,
    unreadable: FileRefused,
    memory: int,
    seconds: int,
) -> Iterator:
    too_slow = FileRefused(
        _(
            "Tệp quá lớn hoặc bị hỏng, không đọc xong trong %(seconds)s giây; hãy mở bằng Excel, lưu lại "
            "rồi nhập lại, hoặc chia thành nhiều tệp."
        )
        % {"seconds": seconds}
    )
    too_big = FileRefused(
        _(
            "Tệp quá lớn hoặc bị hỏng, không đọc được trong giới hạn bộ nhớ %(mb)s MB; hãy mở bằng Excel, "
            "lưu lại rồi nhập lại, hoặc chia thành nhiều tệp."
        )
        % {"mb": memory}
    )
    while True:
        if not receive.poll(max(deadline - time.monotonic(), 0)):
            raise too_slow
        try:
            answer = receive.recv_bytes()
        except EOFError:
            # The child ended without a word: killed by the kernel or its CPU cap, aborted by calamine
            # when an allocation failed under the memory cap, or broken.
            process.join()
            if process.exitcode == -signal.SIGXCPU:
                raise too_slow from None
            if process.exitcode < 0 or process.exitcode == OUT_OF_MEMORY:
                raise too_big from None
            raise RuntimeError(f"the reading process exited with status {process.exitcode}") from None
        try:
            kind, item = _Answer(io.BytesIO(answer)).load()
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError):
            raise unreadable from None
        if kind == "end":
            return
        if kind == "memory":
            raise too_big
        if kind == "unreadable":
            raise unreadable
        yield item


def _child(send: Connection, memory: int, seconds: int, work: Callable[..., Iterator], args: tuple) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    # A child stopped by its caps must not leave a core dump of its address space behind.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # What a reader makes are lists of plain values, which never form cycles, and the process ends
    # with the reading: the cycle collector would only cost time.
    gc.disable()

    def answer(kind: str, item: Any = None) -> None:
        send.send_bytes(pickle.dumps((kind, item), protocol=pickle.HIGHEST_PROTOCOL))

    try:
        try:
            for item in work(*args):
                answer("item", item)
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - whatever an untrusted file makes the reader raise, it is unreadable
            answer("unreadable")
        except BaseException as error:
            # A panic in Rust code (pyo3's PanicException is no Exception): calamine's answer to an
            # allocation refused under the cap, or to a file it could not cope with.
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            answer("memory")
        else:
            answer("end")
    except MemoryError:
        try:
            answer("memory")
        except MemoryError:
            os._exit(OUT_OF_MEMORY)

"""The one way the app runs long work off the UI thread.

    workers.task(core_fn, arg).on_success(show).on_failure(report).latest("preview").run()

A `Task` runs a plain core function on the `Workers` pool and reports back on the UI thread. The core
function never sees Qt; it may accept a `progress(done, total)` keyword when the task asks for progress.
`latest(channel)` gives the task a generation number on that channel: when a newer task on the same channel
has been started, the older one's result is dropped instead of shown. In tests `Workers(synchronous=True)`
runs every task inline, so a test needs no waiting at all.

Outcomes travel through one long-lived signals object per `Workers`, tagged with the task's number: no
short-lived QObject is ever created in one thread and collected in another.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

__all__ = ["Task", "Workers"]

T = TypeVar("T")


class _Relay(QObject):
    """Carries outcomes from pool threads to the UI thread (queued, since it lives on the UI thread).

    Signals:
        succeeded(int, object): task number, the function's return value.
        failed(int, object): task number, the exception it raised.
        progress(int, int, int): task number, units done, units in total.
        finished(int): task number; after succeeded or failed, whatever happened.
    """

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    progress = Signal(int, int, int)
    finished = Signal(int)


class Workers(QObject):
    """A dedicated thread pool plus the bookkeeping tests need (what is running, which generation is current).

    Signals:
        idle(): the last running task has reported back.
    """

    idle = Signal()

    def __init__(self, *, synchronous: bool = False, max_threads: int | None = None) -> None:
        super().__init__()
        self.synchronous = synchronous
        self.pool = QThreadPool(self)
        if max_threads is not None:
            self.pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.succeeded.connect(self._on_relay_succeeded)
        self._relay.failed.connect(self._on_relay_failed)
        self._relay.progress.connect(self._on_relay_progress)
        self._relay.finished.connect(self._on_relay_finished)
        self._running: dict[int, Task[Any]] = {}
        self._generations: dict[str, int] = {}
        self._counter = itertools.count(1)

    def task(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Task[T]:
        """A task that will call `fn(*args, **kwargs)`; nothing runs until `.run()`."""
        return Task(self, fn, *args, **kwargs)

    @property
    def running(self) -> int:
        """Tasks started whose outcome has not reached the UI thread yet."""
        return len(self._running)

    def wait_done(self, msecs: int = 5000) -> bool:
        """Block until the pool is empty (for shutdown and tests); True when it is."""
        return bool(self.pool.waitForDone(msecs))

    def _start(self, task: Task[Any], call: Callable[..., Any], wants_progress: bool) -> int:
        number = next(self._counter)
        self._running[number] = task
        relay = self._relay

        def job() -> None:
            try:
                if wants_progress:
                    result = call(progress=lambda done, total: relay.progress.emit(number, done, total))
                else:
                    result = call()
            except BaseException as error:  # noqa: BLE001 - every failure goes back to the UI thread as a value
                relay.failed.emit(number, error)
            else:
                relay.succeeded.emit(number, result)
            relay.finished.emit(number)

        if self.synchronous:
            job()
        else:
            # The callable itself, not QRunnable.create(job): the pool deletes a runnable after it ran, but
            # PySide keeps that runnable's Python wrapper registered at the freed address, and a Qt object
            # later allocated there (an editor's QTextDocument, in a CI run) came back as the dead QRunnable.
            self.pool.start(job)
        return number

    def supersede(self, channel: str) -> None:
        """Drop the result of whatever is still on its way on `channel` (the answer is known already)."""
        self._next_generation(channel)

    def _next_generation(self, channel: str) -> int:
        generation = next(self._counter)
        self._generations[channel] = generation
        return generation

    def _is_current(self, channel: str, generation: int) -> bool:
        return self._generations.get(channel) == generation

    @Slot(int, object)
    def _on_relay_succeeded(self, number: int, result: object) -> None:
        task = self._running.get(number)
        if task is not None:
            task._deliver_success(result)

    @Slot(int, object)
    def _on_relay_failed(self, number: int, error: object) -> None:
        task = self._running.get(number)
        if task is not None:
            assert isinstance(error, BaseException)
            task._deliver_failure(error)

    @Slot(int, int, int)
    def _on_relay_progress(self, number: int, done: int, total: int) -> None:
        task = self._running.get(number)
        if task is not None:
            task._deliver_progress(done, total)

    @Slot(int)
    def _on_relay_finished(self, number: int) -> None:
        self._running.pop(number, None)
        if not self._running:
            self.idle.emit()


class Task(Generic[T]):
    """One call of a core function, built like Anki's QueryOp and started with `run()`."""

    def __init__(self, workers: Workers, fn: Callable[..., T], *args: Any, **kwargs: Any) -> None:
        self._workers = workers
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._progress: Callable[[int, int], None] | None = None
        self._channel: str | None = None
        self._generation = 0

    def on_success(self, callback: Callable[[T], None]) -> Task[T]:
        """Call `callback(result)` on the UI thread when `fn` returns."""
        self._success = callback
        return self

    def on_failure(self, callback: Callable[[BaseException], None]) -> Task[T]:
        """Call `callback(error)` on the UI thread when `fn` raises; without one it is re-raised there."""
        self._failure = callback
        return self

    def on_progress(self, callback: Callable[[int, int], None]) -> Task[T]:
        """Pass `progress=` to `fn` and forward its `(done, total)` reports to `callback` on the UI thread."""
        self._progress = callback
        return self

    def latest(self, channel: str) -> Task[T]:
        """Only the newest task started on `channel` may report; older results are dropped."""
        self._channel = channel
        return self

    def run(self) -> Task[T]:
        """Start the task (inline when the workers are synchronous)."""
        if self._channel is not None:
            self._generation = self._workers._next_generation(self._channel)
        fn, args, kwargs = self._fn, self._args, dict(self._kwargs)

        def call(**extra: Any) -> T:
            return fn(*args, **kwargs, **extra)

        self._workers._start(self, call, self._progress is not None)
        return self

    @property
    def stale(self) -> bool:
        """A newer task on the same channel has been started since this one."""
        return self._channel is not None and not self._workers._is_current(self._channel, self._generation)

    def _deliver_success(self, result: Any) -> None:
        if self._success is not None and not self.stale:
            self._success(result)

    def _deliver_failure(self, error: BaseException) -> None:
        if self.stale:
            return
        if self._failure is None:
            raise error
        self._failure(error)

    def _deliver_progress(self, done: int, total: int) -> None:
        if self._progress is not None and not self.stale:
            self._progress(done, total)

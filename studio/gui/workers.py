"""The one way the app runs long work off the UI thread.

    workers.task(core_fn, arg).on_success(show).on_failure(report).latest("preview").run()

A `Task` runs a plain core function on the `Workers` pool and reports back on the UI thread through a
signals QObject. The core function never sees Qt; it may accept a `progress(done, total)` keyword when the
task asks for progress. `latest(channel)` gives the task a generation number on that channel: when a newer
task on the same channel has been started, the older one's result is dropped instead of shown. In tests
`Workers(synchronous=True)` runs every task inline, so a test needs no waiting at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

__all__ = ["Task", "Workers"]

T = TypeVar("T")


class _TaskSignals(QObject):
    """Carries a task's outcome from the pool thread to the UI thread.

    Signals:
        succeeded(object): the function's return value.
        failed(object): the exception it raised.
        progress(int, int): units done and units in total.
        finished(): after succeeded or failed, whatever happened.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)
    finished = Signal()

    def __init__(self, task: Task[Any]) -> None:
        super().__init__()
        self._task = task
        # Receivers are this object's own slots on the UI thread, so delivery from the pool is queued.
        self.succeeded.connect(self._on_succeeded)
        self.failed.connect(self._on_failed)
        self.progress.connect(self._on_progress)
        self.finished.connect(self._on_finished)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._task._deliver_success(result)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._task._deliver_failure(error)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self._task._deliver_progress(done, total)

    @Slot()
    def _on_finished(self) -> None:
        self._task._deliver_finished()


class _Runnable(QRunnable):
    def __init__(self, call: Callable[[], Any], signals: _TaskSignals) -> None:
        super().__init__()
        self._call = call
        self._signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._call()
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the UI thread as a value
            self._signals.failed.emit(error)
        else:
            self._signals.succeeded.emit(result)
        self._signals.finished.emit()


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
        self._running: set[Task[Any]] = set()
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

    def _next_generation(self, channel: str) -> int:
        generation = next(self._counter)
        self._generations[channel] = generation
        return generation

    def _is_current(self, channel: str, generation: int) -> bool:
        return self._generations.get(channel) == generation

    def _started(self, task: Task[Any]) -> None:
        self._running.add(task)

    def _ended(self, task: Task[Any]) -> None:
        self._running.discard(task)
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
        self.signals: _TaskSignals | None = None

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
        signals = _TaskSignals(self)
        self.signals = signals
        kwargs = dict(self._kwargs)
        if self._progress is not None:
            kwargs["progress"] = signals.progress.emit

        def call() -> T:
            return self._fn(*self._args, **kwargs)

        self._workers._started(self)
        runnable = _Runnable(call, signals)
        if self._workers.synchronous:
            runnable.run()
        else:
            self._workers.pool.start(runnable)
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

    def _deliver_finished(self) -> None:
        self._workers._ended(self)
        self.signals = None

"""The one task mechanism: results come back on the UI thread, stale ones are dropped, tests run inline."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QRunnable, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from studio.errors import InputError
from studio.gui.workers import Workers
from tests.gui.conftest import leftovers


@pytest.fixture
def workers(qapp: QApplication) -> Iterator[Workers]:
    pool = Workers(max_threads=2)
    yield pool
    assert pool.wait_done(5000)
    qapp.processEvents()
    assert leftovers(qapp, [pool]) == []


def test_a_task_runs_off_the_ui_thread_and_reports_on_it(qtbot: QtBot, workers: Workers) -> None:
    seen: dict[str, int] = {}

    def work(a: int, b: int) -> int:
        seen["worker"] = threading.get_ident()
        return a + b

    results: list[int] = []

    def got(value: int) -> None:
        seen["callback"] = threading.get_ident()
        results.append(value)

    with qtbot.waitSignal(workers.idle, timeout=5000):
        workers.task(work, 2, b=3).on_success(got).run()
    assert results == [5]
    assert seen["worker"] != threading.get_ident()
    assert seen["callback"] == threading.get_ident()


def test_a_failure_arrives_as_the_exception(qtbot: QtBot, workers: Workers) -> None:
    def work() -> None:
        raise InputError("photo.jpg", "is not an image", "choose a JPEG or PNG")

    errors: list[BaseException] = []
    with qtbot.waitSignal(workers.idle, timeout=5000):
        workers.task(work).on_success(lambda _: errors.append(AssertionError("no"))).on_failure(
            errors.append
        ).run()
    assert len(errors) == 1
    assert isinstance(errors[0], InputError)
    assert errors[0].what == "photo.jpg"


def test_progress_reports_come_in_order(qtbot: QtBot, workers: Workers) -> None:
    def work(n: int, progress: Callable[[int, int], None]) -> str:
        for i in range(1, n + 1):
            progress(i, n)
        return "done"

    steps: list[tuple[int, int]] = []
    with qtbot.waitSignal(workers.idle, timeout=5000):
        workers.task(work, 3).on_progress(lambda d, t: steps.append((d, t))).run()
    assert steps == [(1, 3), (2, 3), (3, 3)]


def test_a_newer_task_on_the_same_channel_drops_the_older_result(qtbot: QtBot, workers: Workers) -> None:
    release = threading.Event()

    def slow() -> str:
        release.wait(5)
        return "old"

    shown: list[str] = []
    first = workers.task(slow).on_success(shown.append).latest("preview").run()
    with qtbot.waitSignal(workers.idle, timeout=5000):
        second = workers.task(lambda: "new").on_success(shown.append).latest("preview").run()
        release.set()
    assert first.stale
    assert not second.stale
    assert shown == ["new"]


def test_other_channels_are_not_affected(qtbot: QtBot, workers: Workers) -> None:
    shown: list[str] = []
    with qtbot.waitSignal(workers.idle, timeout=5000):
        workers.task(lambda: "a").on_success(shown.append).latest("left").run()
        workers.task(lambda: "b").on_success(shown.append).latest("right").run()
    assert sorted(shown) == ["a", "b"]


def test_synchronous_workers_deliver_before_run_returns(qapp: QApplication) -> None:
    inline = Workers(synchronous=True)
    shown: list[int] = []
    inline.task(lambda: threading.get_ident()).on_success(shown.append).run()
    assert shown == [threading.get_ident()]
    assert inline.running == 0


def test_the_teardown_check_sees_a_running_timer_and_task(qtbot: QtBot, qapp: QApplication) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    timer = QTimer(label)
    timer.start(10_000)
    pool = Workers()
    release = threading.Event()
    pool.task(release.wait, 5).run()
    try:
        found = leftovers(qapp, [pool])
        assert any("timer 10000ms on QLabel" in f for f in found)
        assert any("1 task(s) still running" in f for f in found)
    finally:
        timer.stop()
        release.set()
        with qtbot.waitSignal(pool.idle, timeout=5000):
            pass
    assert leftovers(qapp, [pool]) == []


def test_emitting_signals_leaves_reference_counts_alone(qtbot: QtBot) -> None:
    """PySide6 6.12.0 dropped a reference to True on every emit until Python crashed; pinned below it."""
    pool = Workers(synchronous=True)
    tasks = [pool.task(lambda: None) for _ in range(200)]
    gc.collect()
    gc.disable()  # a collection in the loop could free unrelated objects that hold True
    try:
        before = sys.getrefcount(True)
        for task in tasks:
            task.run()
        after = sys.getrefcount(True)
    finally:
        gc.enable()
    assert after - before == 0


def test_supersede_drops_a_result_still_on_its_way(qtbot: QtBot, workers: Workers) -> None:
    release = threading.Event()
    shown: list[str] = []
    workers.task(lambda: (release.wait(5), "late")[1]).on_success(shown.append).latest("check").run()
    workers.supersede("check")
    with qtbot.waitSignal(workers.idle, timeout=5000):
        release.set()
    assert shown == []


def test_finished_tasks_leave_no_python_wrapper_at_a_freed_address(qtbot: QtBot, workers: Workers) -> None:
    """A QRunnable deleted by the pool kept its PySide wrapper registered at the freed address; an object
    later allocated there was handed back as that dead QRunnable (an editor's document, in a CI run)."""

    def runnables() -> int:
        return sum(isinstance(w, QRunnable) for w in Shiboken.getAllValidWrappers())

    before = runnables()
    with qtbot.waitSignal(workers.idle, timeout=5000):
        for n in range(20):
            workers.task(lambda n=n: n).run()
    assert workers.wait_done(5000)
    assert runnables() == before

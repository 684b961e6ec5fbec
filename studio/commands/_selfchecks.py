"""The checks of `studio selftest`: each one small, real and confined to a temporary folder.

Every check returns a `Check` and never raises: a failure becomes its detail line, with the fix where there
is one. Nothing here touches the user's workspace; the keyring check adds one entry and deletes it again.
The Qt check runs `studio selftest --qt-window` in a child process (`studio.gui.selfcheck`), so that a
platform plugin that aborts the process is reported like any other failure.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio.errors import SecretStoreError, UserError
from studio.resources import asset_path
from studio.secrets import CredentialStore

__all__ = ["Check", "all_checks"]

_PHOTO = ("demo", "lego-staff.jpg")
_CARTOON = ("demo", "cartoon-restart.png")
_SAMPLE_TEXT = "Studio Ünïcode 你好 🙂"
_QT_TIMEOUT = 60
_PROBLEM = re.compile(r"could not|cannot|unable|failed|not found|no such|error", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the table: what was checked, whether it passed, and what was seen (or how to fix it)."""

    name: str
    ok: bool
    detail: str


def all_checks(credentials: CredentialStore) -> list[Callable[[], Check]]:
    """The checks in the order the table shows them."""
    return [
        lambda: _guarded("Qt window", _qt_window),
        lambda: _guarded("fonts and emoji", _fonts),
        lambda: _guarded("keyring", lambda: _keyring(credentials)),
        lambda: _guarded("templates x formats", _templates),
        lambda: _guarded("workspace (SQLite)", _workspace),
        lambda: _guarded("team hub driver", _hub_driver),
        lambda: _guarded("render speed", _speed),
    ]


def _guarded(name: str, check: Callable[[], str]) -> Check:
    try:
        return Check(name, True, check())
    except UserError as error:
        return Check(name, False, error.line())
    except Exception as error:  # noqa: BLE001 - a selftest reports every failure as a line, never a traceback
        return Check(name, False, f"{type(error).__name__}: {error}")


def _child_command() -> list[str]:
    """How to start this same Studio again: the bundle's own executable, or this Python with `-m studio`."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "studio"]


def _qt_window() -> str:
    env = dict(os.environ)
    headless = sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    if headless and not env.get("QT_QPA_PLATFORM"):
        env["QT_QPA_PLATFORM"] = "offscreen"  # no display to show on: still load Qt and draw a window
    try:
        done = subprocess.run(
            [*_child_command(), "selftest", "--qt-window"],
            env=env,
            capture_output=True,
            text=True,
            timeout=_QT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UserError(
            "Qt", f"no window within {_QT_TIMEOUT} s", "run `studio` to see where it stops"
        ) from None
    lines = [line for line in done.stdout.splitlines() if line.count("|") == 3]
    if done.returncode != 0 or not lines:
        raise UserError("Qt", _child_failure(done.returncode, done.stderr), _qt_fix())
    platform, size, emoji, icons = lines[-1].split("|")
    if not emoji:
        raise UserError("Qt", "the bundled colour emoji font did not load", "reinstall Studio")
    return f"{platform}: a {size} window with the bundled look, emoji font {emoji}, icons {icons}"


def _child_failure(code: int, stderr: str) -> str:
    said = [line.strip() for line in stderr.splitlines() if line.strip()]
    how = f"exit status {code}"
    if code < 0:
        try:
            how = f"crashed ({signal.Signals(-code).name})"
        except ValueError:
            how = f"crashed (signal {-code})"
    # Qt names the missing plugin or library in the lines it prints before it aborts.
    said = [line for line in said if "propagateSizeHints" not in line]  # offscreen's harmless notice
    hint = next((line for line in said if _PROBLEM.search(line)), None)
    last = hint or (said[-1] if said else "no message")
    return f"{how}: {last[:300]}"


def _qt_fix() -> str:
    linux = sys.platform.startswith("linux")  # a plain value: mypy would call one branch unreachable
    if linux:
        return (
            "install the libraries Qt needs, e.g. on Debian/Ubuntu: sudo apt-get install libegl1 libgl1 "
            "libfontconfig1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0; "
            "without a display set QT_QPA_PLATFORM=offscreen"
        )
    return "reinstall Studio"


def _fonts() -> str:
    from PIL import ImageFont

    from studio.brand import default_kit
    from studio.brand.fonts import font_chain

    kit = default_kit()
    chain = font_chain(kit.body_fonts)
    runs = chain.runs(_SAMPLE_TEXT)
    used = sorted({run.face for run in runs})
    if len(used) < 3:
        raise UserError("fonts", f"'{_SAMPLE_TEXT}' found only {len(used)} of 3 fonts", "reinstall Studio")
    image, _, _ = chain.render_line(_SAMPLE_TEXT, 48, (0, 0, 0, 255))
    if image.getbbox() is None:
        raise UserError("fonts", "the sample line drew no pixels", "reinstall Studio")
    emoji = image.convert("RGB").getcolors(maxcolors=1 << 16)
    if emoji is None or len(emoji) < 16:  # black text alone has only greys; the emoji brings colour
        raise UserError("fonts", "the colour emoji drew no colour", "reinstall Studio")
    names = []
    for index in used:
        path = chain.paths[index]
        size = 109 if path.name.startswith("NotoColorEmoji") else 20  # a colour emoji font has one strike
        names.append(ImageFont.truetype(str(path), size).getname()[0] or path.stem)
    return f"Latin, CJK and colour emoji drew through {', '.join(names)}"


def _keyring(credentials: CredentialStore) -> str:
    key = f"selftest:{secrets.token_hex(4)}"
    value = secrets.token_hex(8)
    try:
        credentials.set(key, value)
    except SecretStoreError as error:
        raise UserError("keyring", error.why, error.fix) from None  # without the test entry's name
    try:
        read = credentials.get(key)
    finally:
        deleted = credentials.delete(key)
    if read != value:
        raise UserError("keyring", "a test entry read back differently", "check the OS keyring")
    if not deleted:
        raise UserError("keyring", "a test entry could not be deleted", "check the OS keyring")
    return "a test entry was stored, read back and deleted"


def _templates() -> str:
    from studio.brand import TEMPLATE_NAMES, RenderRequest, default_kit, render
    from studio.platforms import FORMATS

    kit = default_kit()
    formats = tuple(f.id for f in FORMATS)
    written = 0
    with tempfile.TemporaryDirectory(prefix="studio-selftest-") as folder:
        for template in TEMPLATE_NAMES:
            source = asset_path(*(_CARTOON if template == "cartoon" else _PHOTO))
            caption = "Resolved: the selftest" if template == "status" else _SAMPLE_TEXT
            request = RenderRequest(
                sources=(source,),
                out_dir=Path(folder) / template,
                kit=kit,
                template=template,
                formats=formats,
                caption=caption,
                workers=1,
            )
            result = render(request)
            for picture in result.pictures:
                if picture.problem is not None:
                    raise UserError(f"template {template}", picture.problem.line(), "reinstall Studio")
            missing = [o.format_id for o in result.outputs if not o.path.is_file()]
            if missing or len(result.outputs) != len(formats):
                raise UserError(f"template {template}", "not every format was written", "reinstall Studio")
            written += len(result.outputs)
    return f"{len(TEMPLATE_NAMES)} templates x {len(formats)} formats: {written} pictures written and removed"


def _workspace() -> str:
    import sqlite3

    from studio.store import NewPost, open_store

    text = f"Selftest {_SAMPLE_TEXT}"
    with tempfile.TemporaryDirectory(prefix="studio-selftest-") as folder:
        with open_store(Path(folder)) as store:
            post_id = store.posts.create(NewPost(body=text, text_for={"mastodon": text + " #selftest"})).id
        with open_store(Path(folder)) as store:
            post = store.posts.get(post_id)
            damage = store.damage
    if damage is not None:
        raise UserError("workspace", str(damage), "check the temporary folder's disk")
    if post.body != text or post.text_for.get("mastodon") != text + " #selftest":
        raise UserError("workspace", "a post read back differently from what was saved", "report a bug")
    return f"a post was saved, reopened and read back in a temporary folder (SQLite {sqlite3.sqlite_version})"


def _hub_driver() -> str:
    """psycopg imports with its compiled implementation and the libpq it carries loads (a team's hub)."""
    try:
        import psycopg
        from psycopg import pq
    except ImportError as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        why = f"psycopg does not load ({first[:200]})"
        raise UserError("team hub driver", why, "reinstall Studio") from None
    if pq.__impl__ == "python":  # the pure-Python fallback: it needs a system libpq the laptop may not have
        raise UserError(
            "team hub driver", "psycopg found no compiled implementation (psycopg_binary)", "reinstall Studio"
        )
    libpq = pq.version_pretty(pq.version())  # calls into libpq: it loaded
    return f"psycopg {psycopg.__version__} ({pq.__impl__}) loaded libpq {libpq}"


def _speed() -> str:
    from PIL import Image

    from studio.brand import RenderRequest, default_kit, render
    from studio.platforms import FORMATS

    source = asset_path(*_PHOTO)
    with Image.open(source) as image:
        megapixels = image.width * image.height / 1e6
    kit = default_kit()
    formats = tuple(f.id for f in FORMATS)
    with tempfile.TemporaryDirectory(prefix="studio-selftest-") as folder:
        request = RenderRequest(
            sources=(source,), out_dir=Path(folder), kit=kit, caption=_SAMPLE_TEXT, formats=formats, workers=1
        )
        start = time.perf_counter()
        result = render(request)
        elapsed = (time.perf_counter() - start) * 1000
    if not result.ok:
        raise UserError("render", "the demo photo did not render", "reinstall Studio")
    return f"{elapsed:,.0f} ms for one {megapixels:.0f} MP photo into {len(formats)} formats (1 core)"

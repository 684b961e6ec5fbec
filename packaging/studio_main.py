"""Entry point of the PyInstaller bundle: the same `studio` command as the console script.

`freeze_support()` comes first: the render pool starts its workers with `spawn` once the app's threads run,
and a frozen app is its own interpreter, so a worker re-enters here and must be handed to multiprocessing.

The bundle then leaves without the interpreter's final teardown. In the frozen app that teardown's last
garbage collection frees QIcons after Qt has already unloaded the code of their icon engines, and the process
dies with SIGSEGV after its work is done (seen with `studio selftest --qt-window`, PySide6 6.11, PyInstaller
6.22; the venv does not hit it). The atexit handlers still run and the output is flushed first.
"""

import atexit
import contextlib
import multiprocessing
import os
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from studio.cli import main

    status = main()  # argparse's --help and --version raise SystemExit and take the ordinary way out
    atexit._run_exitfuncs()
    # None in the windowed Windows program; a closed pipe has already been reported by cli.main.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            stream.flush()
    os._exit(status)

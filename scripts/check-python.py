"""Stop early, with the fix, when the Python that would build the venv is too old or lacks venv."""

import sys

if sys.version_info < (3, 11):  # noqa: UP036 - this runs on whatever python3 the machine has
    sys.exit(f"error: Studio needs Python 3.11+, not {sys.version.split()[0]} (set PYTHON=python3.11)")
try:
    import ensurepip  # noqa: F401
    import venv  # noqa: F401
except ImportError:
    sys.exit("error: this Python has no venv module (on Debian/Ubuntu: sudo apt-get install python3-venv)")

"""`python -m studio` behaves exactly like the `studio` console script."""

import sys

from studio.cli import main

# Guarded: a render started from the app spawns worker processes, which import __main__ again.
if __name__ == "__main__":
    sys.exit(main())

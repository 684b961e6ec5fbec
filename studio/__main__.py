"""`python -m studio` behaves exactly like the `studio` console script."""

import sys

from studio.cli import main

sys.exit(main())

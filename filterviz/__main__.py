"""Run the ``filterviz`` command line as ``python -m filterviz``."""

import sys

from filterviz.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""Bundle entry point of `govcat` (the command line)."""

import sys

from govcat_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""Bundle entry point of `govcat-desktop` (the window; no console)."""

import sys

from govcat_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())

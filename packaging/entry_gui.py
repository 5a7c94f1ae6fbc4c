"""Bundle entry point of `govcat-desktop` (the window; no console)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the scan child (exchange/scan_child.py) is this executable, started by spawn
    from govcat_desktop.app import main  # after freeze_support: a scan child never loads the app

    sys.exit(main())

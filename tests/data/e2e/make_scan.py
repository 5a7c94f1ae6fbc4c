"""Make scan-minzheng-工作联系表.jpg for packaging/e2e.py from that script's 民政局 export.

    python packaging/e2e.py --bundle dist/govcat --out OUT    # once, to get OUT/exports/minzheng/
    python tests/data/e2e/make_scan.py OUT/exports/minzheng/阳泉市民政局_工作联系表_盖章版_*.pdf

Renders the print PDF's page at 150 dpi in colour, puts a red seal and a pen signature on it, skews it by 2°
and saves a JPEG of quality 60 here (what a clerk's scanner sends by e-mail).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.paper import scans as S  # noqa: E402


def main(pdf: str) -> None:
    [page] = S.render_pages(Path(pdf), 150, grey=False)
    image = S.rotate(S.signature(S.red_stamp(page)), 2)
    target = HERE / "scan-minzheng-工作联系表.jpg"
    image.save(target, "JPEG", quality=60)
    print(target, target.stat().st_size)


if __name__ == "__main__":
    main(sys.argv[1])

"""Cut resources/fonts/NotoSansSC-GBK.otf from Noto Sans CJK SC Regular (SIL OFL 1.1, Debian fonts-noto-cjk).

The PDF print files embed (a subset of) this font on every machine, so a page looks the same wherever it is
printed. The cut keeps every character of GBK (all 20,902 CJK unified ideographs of the basic block, the
punctuation and full-width forms clerks type) and ASCII: about 5 MB instead of 19 MB for the whole collection.
Glyph outlines are unchanged (CFF); layout tables are dropped (the forms print horizontal text only).

    python packaging/make_font.py [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
TARGET = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "NotoSansSC-GBK.otf"
EXTRA = [range(0x20, 0x7F), range(0xA0, 0x100), range(0x2000, 0x2070), range(0x2100, 0x2200), range(0x2460, 0x24A0),
         range(0x2160, 0x2180), range(0x25A0, 0x2600), range(0x3000, 0x3040), range(0xFF00, 0xFFF0)]


def characters() -> set[int]:
    chars = {c for r in EXTRA for c in r}
    for b1 in range(0x81, 0xFF):
        for b2 in range(0x40, 0xFF):
            try:
                chars.add(ord(bytes([b1, b2]).decode("gbk")))
            except UnicodeDecodeError:
                pass
    return chars


def main(source: Path = SOURCE) -> None:
    collection = TTCollection(str(source))
    font = next(f for f in collection.fonts if f["name"].getDebugName(1).endswith("SC"))
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "VORG", "vhea", "vmtx", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters())
    subsetter.subset(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(TARGET))
    print(TARGET, TARGET.stat().st_size)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)

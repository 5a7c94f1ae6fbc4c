"""A CJK font renamed to the family govcat asks for on Windows (ui/fonts.py: Microsoft YaHei), for the Wine prefix.

    python standin_font.py SOURCE.ttf TARGET.ttf

Wine ships no CJK font; Droid Sans Fallback (Debian's fonts-droid-fallback, Apache-2.0) under the name Microsoft YaHei
lets the screenshots show Chinese text. Only the test prefix gets it; nothing of it goes into the bundle.
"""

import sys

from fontTools.ttLib import TTFont

font = TTFont(sys.argv[1])
for record in font["name"].names:
    if record.nameID in (1, 4, 16):
        record.string = "Microsoft YaHei"
    elif record.nameID == 6:
        record.string = "MicrosoftYaHei"
font.save(sys.argv[2])

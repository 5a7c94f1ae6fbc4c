"""What the bundle leaves out, and why each left-out module that something still imports is safe to leave out.

Read by packaging/govcat.spec (the excludes) and by packaging/build.py (check_warnings: after the build,
PyInstaller's warn files are read and every excluded or missing module that a bundled module imports must be
either never imported by govcat's own code nor at a module's top level, and be listed in ALLOWED with the
reason it is never reached — otherwise the build fails).
"""

from __future__ import annotations

# Qt modules govcat does not use (QtNetwork above all: the product opens no network connection).
UNUSED_QT = [
    "QtNetwork", "QtQml", "QtQuick", "QtQuickWidgets", "QtQuickControls2", "QtWebEngineCore", "QtWebEngineWidgets",
    "QtWebChannel", "QtWebSockets", "QtMultimedia", "QtMultimediaWidgets", "QtPdf", "QtPdfWidgets", "QtSql",
    "QtOpenGL", "QtOpenGLWidgets", "QtDesigner", "QtHelp", "QtUiTools", "QtXml", "QtTest", "QtConcurrent",
    "QtDBus", "QtPrintSupport", "Qt3DCore", "QtCharts", "QtDataVisualization", "QtBluetooth", "QtPositioning",
    "QtSerialPort", "QtRemoteObjects", "QtSensors", "QtSpatialAudio", "QtStateMachine", "QtTextToSpeech",
    "QtNetworkAuth", "QtHttpServer", "QtScxml", "QtSvgWidgets", "QtAxContainer", "QtGraphs",
]

# numpy: optional for openpyxl and rapidfuzz; govcat calls nothing that needs it (issue #9: the cross-unit
# near-duplicate pass uses rapidfuzz.process.extract, not process.cdist).
EXCLUDES = [
    "PyQt5", "PyQt6", "PySide2", "tkinter", "_tkinter", "numpy", "pandas", "matplotlib", "IPython",  # Pillow: scans
    "pytest", "hypothesis", "pytestqt", "importlinter", "grimp", "setuptools", "pip", "lxml", "ssl", "_ssl",
    *(f"PySide6.{m}" for m in UNUSED_QT),
]
# The command line never loads Qt or the window's modules.
CLI_EXCLUDES = EXCLUDES + ["PySide6", "shiboken6", "govcat_desktop.app", "govcat_desktop.ui", "govcat_desktop.__main__"]

# (left-out module, importer) → why the importer never imports it in govcat. A pair not listed here fails the
# build when the importer is govcat's own code or imports the module at its top level (see build.check_warnings).
ALLOWED = {
    ("numpy", "rapidfuzz.process_cpp"): "only cdist/cpdist need numpy; govcat calls process.extract "
                                        "(tests run it with numpy blocked)",
    ("numpy", "rapidfuzz.process_py"): "the pure-Python fallback, same functions as process_cpp",
    ("numpy", "openpyxl.compat.numbers"): "optional: openpyxl recognises numpy number types when numpy is present",
    ("IPython", "rich.pretty"): "rich's Jupyter support, in a function; govcat runs no notebook",
    ("IPython", "rich.jupyter"): "rich's Jupyter support, in a function; govcat runs no notebook",
    ("IPython", "rich.live"): "rich's Jupyter support, in a function; govcat runs no notebook",
    ("hypothesis", "pydantic.v1._hypothesis_plugin"): "loaded only as hypothesis' plugin entry point, never by govcat",
    ("lxml", "openpyxl.xml"): "optional: openpyxl uses the standard library's ElementTree without lxml",
    ("lxml", "openpyxl.xml.functions"): "optional: openpyxl uses the standard library's ElementTree without lxml",
    ("PySide6.QtDBus", "PySide6.QtGui"): "PyInstaller's hook derives it from libQt6Gui linking libQt6DBus "
                                         "(the library is bundled); no Python code imports the QtDBus module",
    ("PySide6.QtDBus", "PySide6.QtWidgets"): "as for QtGui",
    ("PySide6.QtNetwork", "PySide6"): "optional, in a function of PySide6's own start-up; "
                                      "govcat opens no network connection",
    ("ssl", "http.client"): "optional; govcat opens no network connection",
    ("ssl", "urllib.request"): "optional; govcat opens no network connection",
    ("ssl", "ftplib"): "optional; govcat opens no network connection",
    ("ssl", "asyncio.base_events"): "optional; govcat uses no asyncio networking",
    ("ssl", "asyncio.sslproto"): "optional; govcat uses no asyncio networking",
    ("ssl", "asyncio.selector_events"): "optional; govcat uses no asyncio networking",
    ("ssl", "pydantic.networks"): "optional",
    ("resource", "govcat_desktop.exchange.scan_child"): "a Unix module, imported in the scan child only where it "
                                                        "exists (RLIMIT_AS); on Windows the time limit, the kill and "
                                                        "the pixel bounds hold (issue #19)",
    # The print PDF and scan libraries (issue #13):
    ("lxml", "fontTools.subset.svg"): "optional: subsetting an SVG glyph table; the bundled print font has none",
    ("lxml", "fontTools.misc.etree"): "optional: fontTools falls back to the standard library's ElementTree",
    ("numpy", "fpdf.image_parsing"): "optional: only for images placed in a PDF, which govcat never does",
    ("numpy", "pypdfium2._lazy"): "delayed: only for PdfBitmap.to_numpy(); govcat renders with to_pil()",
    ("numpy", "PIL._typing"): "type hints only, imported conditionally",
    ("numpy", "zxingcpp.zxingcpp"): "the extension reads PIL images through the buffer protocol without numpy "
                                    "(the bundle's e2e decodes a scanned page)",
    ("msvcrt", "govcat_desktop.storage.lock"): "Windows-only branch; on Windows msvcrt is built in",
    ("fcntl", "govcat_desktop.storage.lock"): "POSIX-only branch (the Windows bundle takes the msvcrt one)",
}

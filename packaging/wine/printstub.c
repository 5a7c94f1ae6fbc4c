/* The print verb of .pdf files in the Wine prefix (prefix.reg): appends the file it was asked to print to the file
   named by GOVCAT_PRINT_STUB_LOG, so tests/services/test_printing_windows.py sees os.startfile(path, "print") reach
   a registered verb with the right path. No printer is involved. */
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
int wmain(int argc, wchar_t **argv) {
    const wchar_t *log = _wgetenv(L"GOVCAT_PRINT_STUB_LOG");
    FILE *f;
    if (!log || argc < 2) return 2;
    f = _wfopen(log, L"a, ccs=UTF-8");
    if (!f) return 3;
    fwprintf(f, L"print %ls\n", argv[1]);
    fclose(f);
    return 0;
}

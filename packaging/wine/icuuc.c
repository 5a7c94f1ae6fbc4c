/* icuuc.dll for the Wine prefix only: Qt6Core imports the ucnv_* converters of Windows 10/11's system ICU, which
   Wine 8.0 lacks. Every converter "fails to open", so Qt falls back to its own codecs (UTF-8/UTF-16 are built in).
   Compiled by packaging/wine/run.sh into the prefix's system32, so PyInstaller never bundles it. */
#define X __declspec(dllexport)
X void *ucnv_open(const char *n, int *e) { (void)n; if (e && *e <= 0) *e = 4; return 0; }
X void ucnv_close(void) {}
X void ucnv_reset(void) {}
X void ucnv_getToUCallBack(void) {}
X void ucnv_getFromUCallBack(void) {}
X void ucnv_setToUCallBack(void) {}
X void ucnv_setFromUCallBack(void) {}
X void ucnv_cbToUWriteUChars(void) {}
X void ucnv_cbFromUWriteUChars(void) {}
X void ucnv_toUnicode(void) {}
X void ucnv_fromUnicode(void) {}
X void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
X void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
X signed char ucnv_getMaxCharSize(void *c) { (void)c; return 4; }
X const char *ucnv_getName(void) { return 0; }
X const char *ucnv_getStandardName(void) { return 0; }
X const char *ucnv_getAvailableName(void) { return 0; }
X int ucnv_toUCountPending(void) { return 0; }
X int ucnv_fromUCountPending(void) { return 0; }
X int ucnv_countAvailable(void) { return 0; }

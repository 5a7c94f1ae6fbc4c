/* bcryptprimitives.dll for the Wine prefix only (Windows 10/11 have it; Wine 8.0 does not).
   pydantic-core and python-calamine (Rust >= 1.78) import ProcessPrng; RtlGenRandom (SystemFunction036) does the work.
   Compiled by packaging/wine/run.sh into the prefix's system32, so PyInstaller never bundles it. */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID, ULONG);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE d, SIZE_T n) {
    while (n) {
        ULONG k = n > 0x10000000 ? 0x10000000 : (ULONG)n;
        if (!SystemFunction036(d, k)) return FALSE;
        d += k;
        n -= k;
    }
    return TRUE;
}

/* Small utilities: text conversion, SHA-256 and randomness through CryptoAPI, hex, time, base64. */
#include "agent.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One verify-only context for hashing and randomness; no key container is ever created. */
static HCRYPTPROV g_prov;

int util_init(void)
{
    return CryptAcquireContextW(&g_prov, NULL, NULL, PROV_RSA_AES, CRYPT_VERIFYCONTEXT | CRYPT_SILENT) ? 0 : -1;
}

void util_done(void)
{
    if (g_prov) CryptReleaseContext(g_prov, 0);
    g_prov = 0;
}

int fail(AgentError *e, const char *code, DWORD win32, const char *fmt, ...)
{
    e->code = code;
    e->win32 = win32;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    e->message[sizeof e->message - 1] = 0;
    if (win32) {
        /* Add the system's own words so a person reading a log sees the reason. */
        char sys[256];
        size_t l = strlen(e->message);
        snprintf(e->message + l, sizeof e->message - l, " (win32 %lu: %s)", (unsigned long)win32,
                 win32_text(win32, sys, sizeof sys));
    }
    return -1;
}

const char *win32_text(DWORD err, char *buf, size_t cap)
{
    WCHAR w[256];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, err, 0, w,
                             256, NULL);
    while (n && (w[n - 1] == L'\r' || w[n - 1] == L'\n' || w[n - 1] == L' ' || w[n - 1] == L'.')) n--;
    if (!n) {
        snprintf(buf, cap, "0x%08lx", (unsigned long)err);
        return buf;
    }
    w[n] = 0;
    int k = WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, (int)cap, NULL, NULL);
    if (k <= 0) snprintf(buf, cap, "0x%08lx", (unsigned long)err);
    return buf;
}

WCHAR *utf8_to_wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    if (n <= 0) return NULL;
    WCHAR *w = malloc((size_t)n * sizeof(WCHAR));
    if (!w) return NULL;
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n) <= 0) {
        free(w);
        return NULL;
    }
    return w;
}

char *wide_to_utf8n(const WCHAR *w, int wn)
{
    if (wn == 0) {
        char *e = malloc(1);
        if (e) e[0] = 0;
        return e;
    }
    int n = WideCharToMultiByte(CP_UTF8, 0, w, wn, NULL, 0, NULL, NULL);
    if (n <= 0) return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s) return NULL;
    WideCharToMultiByte(CP_UTF8, 0, w, wn, s, n, NULL, NULL);
    s[n] = 0;
    return s;
}

char *wide_to_utf8(const WCHAR *w) { return wide_to_utf8n(w, (int)wcslen(w)); }

char *codepage_to_utf8(UINT cp, const char *s, int n)
{
    if (n == 0) return wide_to_utf8n(L"", 0);
    int wn = MultiByteToWideChar(cp, 0, s, n, NULL, 0);
    if (wn <= 0) return NULL;
    WCHAR *w = malloc((size_t)wn * sizeof(WCHAR));
    if (!w) return NULL;
    MultiByteToWideChar(cp, 0, s, n, w, wn);
    char *u = wide_to_utf8n(w, wn);
    free(w);
    return u;
}

void wipe_free(void *p, size_t n)
{
    if (!p) return;
    SecureZeroMemory(p, n);
    free(p);
}

void wipe_free_w(WCHAR *w)
{
    if (w) wipe_free(w, wcslen(w) * sizeof(WCHAR));
}

int sha_begin(Sha *s) { return CryptCreateHash(g_prov, CALG_SHA_256, 0, 0, &s->h) ? 0 : -1; }
int sha_add(Sha *s, const BYTE *d, DWORD n) { return CryptHashData(s->h, d, n, 0) ? 0 : -1; }
int sha_end(Sha *s, BYTE out[32])
{
    DWORD n = 32;
    BOOL ok = CryptGetHashParam(s->h, HP_HASHVAL, out, &n, 0);
    CryptDestroyHash(s->h);
    s->h = 0;
    return ok && n == 32 ? 0 : -1;
}
int sha256(const BYTE *data, DWORD n, BYTE out[32])
{
    Sha s;
    if (sha_begin(&s)) return -1;
    if (sha_add(&s, data, n)) { BYTE x[32]; sha_end(&s, x); return -1; }
    return sha_end(&s, out);
}

void hex_lower(const BYTE *d, size_t n, char *out)
{
    static const char h[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = h[d[i] >> 4];
        out[2 * i + 1] = h[d[i] & 15];
    }
    out[2 * n] = 0;
}

int hex_decode(const char *s, BYTE *out, size_t n)
{
    if (strlen(s) != 2 * n) return -1;
    for (size_t i = 0; i < n; i++) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = s[2 * i + k];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= c - '0';
            else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
            else return -1;
        }
        out[i] = (BYTE)v;
    }
    return 0;
}

int hex_thumbprint(const char *s, BYTE out[20]) { return hex_decode(s, out, 20); }

int random_bytes(BYTE *d, DWORD n) { return CryptGenRandom(g_prov, n, d) ? 0 : -1; }

void iso8601(const FILETIME *ft, char out[32])
{
    SYSTEMTIME st;
    if (!FileTimeToSystemTime(ft, &st)) { strcpy(out, "invalid"); return; }
    snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
             st.wSecond);
}

static int b64v(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Standard base64 with padding (RFC 4648 §4); no whitespace, no URL alphabet. */
int base64_decode(const char *s, size_t n, BYTE **out, DWORD *outlen)
{
    if (n % 4 != 0) return -1;
    size_t pad = 0;
    if (n && s[n - 1] == '=') pad++;
    if (n > 1 && s[n - 2] == '=') pad++;
    size_t m = n / 4 * 3 - pad;
    BYTE *o = malloc(m ? m : 1);
    if (!o) return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        for (int j = 0; j < 4; j++) {
            if (s[i + j] == '=' && i + 4 == n && j >= 4 - (int)pad) v[j] = 0;
            else if ((v[j] = b64v(s[i + j])) < 0) { wipe_free(o, m ? m : 1); return -1; }
        }
        unsigned t = (unsigned)(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
        if (k < m) o[k++] = (BYTE)(t >> 16);
        if (k < m) o[k++] = (BYTE)(t >> 8);
        if (k < m) o[k++] = (BYTE)t;
    }
    *out = o;
    *outlen = (DWORD)m;
    return 0;
}

/* Wine exports wine_get_version from ntdll; Windows does not. Only reported, never used to
 * change behaviour: every workaround in this agent is also right on Windows. */
int running_under_wine(const char **version)
{
    HMODULE nt = GetModuleHandleW(L"ntdll.dll");
    const char *(*get)(void) = NULL;
    if (nt) {
        FARPROC f = GetProcAddress(nt, "wine_get_version");
        memcpy(&get, &f, sizeof get);
    }
    if (version) *version = get ? get() : NULL;
    return get != NULL;
}

void out_text(const char *utf8)
{
    HANDLE h = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode, w;
    if (h == NULL || h == INVALID_HANDLE_VALUE) return;
    if (GetConsoleMode(h, &mode)) {
        /* A console shows UTF-16 correctly whatever its code page; bytes it would not. */
        WCHAR *wide = utf8_to_wide(utf8);
        if (wide) {
            WriteConsoleW(h, wide, (DWORD)wcslen(wide), &w, NULL);
            free(wide);
        }
        return;
    }
    WriteFile(h, utf8, (DWORD)strlen(utf8), &w, NULL);
}

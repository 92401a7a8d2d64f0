/* Paths and files: the OQS-Auth folder's files (⑤), archives, and atomic writes.
 *
 * Rules (PROTOCOL.md, "Paths"):
 *  - every path is absolute, drive-letter form ("C:\…"), backslashes only, no ".", "..", empty
 *    components, wildcards, streams (":"), trailing dots/spaces or device names: anything
 *    Windows would silently rewrite is refused instead, so the path checked is the path used;
 *  - the ops that read, remove or restore ReaderInfo.ini accept only paths under the OQS-Auth
 *    folder, with no reparse point (symlink, junction, …) from that folder down and no file
 *    with more than one hard link: a link would let an op reach outside the folder;
 *  - a file the caller names elsewhere (an archive, an exported certificate) may not be reached
 *    through a symlink or junction either; other reparse points (OneDrive's cloud files) are
 *    allowed on the way to it, since a customer's Desktop may well be one. */
#include "agent.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static WCHAR g_oqs[MAX_PATH];

const WCHAR *oqs_auth_folder(void)
{
    if (!g_oqs[0]) {
        WCHAR pd[MAX_PATH];
        DWORD n = GetEnvironmentVariableW(L"ProgramData", pd, MAX_PATH);
        if (n == 0 || n >= MAX_PATH - 16) wcscpy(pd, L"C:\\ProgramData");
        swprintf(g_oqs, MAX_PATH, L"%ls\\OQS-Auth", pd);
    }
    return g_oqs;
}

/* The manual's ⑤ names this path exactly: ローカルディスク(C:) > Work > InitializeFace.bat. */
const WCHAR *initialize_face_path(void) { return L"C:\\Work\\InitializeFace.bat"; }

/* ⑪: ローカルディスク(C:) > ProgramFiles > OQS > OQSComApp > tools > OQSComAppRestart. Explorer hides
 * the extension, so the manual does not say it; the first of .bat, .cmd, .exe that exists. */
int find_com_app_restart(WCHAR *out, size_t cap)
{
    static const WCHAR *vars[] = {L"ProgramW6432", L"ProgramFiles", L"ProgramFiles(x86)"};
    static const WCHAR *exts[] = {L".bat", L".cmd", L".exe"};
    for (int v = 0; v < 3; v++) {
        WCHAR pf[MAX_PATH];
        DWORD n = GetEnvironmentVariableW(vars[v], pf, MAX_PATH);
        if (n == 0 || n >= MAX_PATH - 64) continue;
        for (int x = 0; x < 3; x++) {
            swprintf(out, cap, L"%ls\\OQS\\OQSComApp\\tools\\OQSComAppRestart%ls", pf, exts[x]);
            DWORD a = GetFileAttributesW(out);
            if (a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY)) return 1;
        }
    }
    out[0] = 0;
    return 0;
}

static int is_device_name(const WCHAR *c, size_t n)
{
    static const WCHAR *dev[] = {L"CON", L"PRN", L"AUX", L"NUL"};
    size_t base = 0;
    while (base < n && c[base] != L'.') base++;
    for (int i = 0; i < 4; i++)
        if (base == 3 && _wcsnicmp(c, dev[i], 3) == 0) return 1;
    if (base == 4 && (_wcsnicmp(c, L"COM", 3) == 0 || _wcsnicmp(c, L"LPT", 3) == 0) && c[3] >= L'0' &&
        c[3] <= L'9')
        return 1;
    return 0;
}

int check_plain_absolute(const WCHAR *p, AgentError *e, const char *field)
{
    size_t n = wcslen(p);
    if (n < 4 || n >= MAX_PATH - 24) /* room for a temporary name beside it */
        return fail(e, "agent.path.refused", 0, "\"%s\" must be an absolute path shorter than %d characters",
                    field, MAX_PATH - 24);
    if (!((p[0] >= L'A' && p[0] <= L'Z') || (p[0] >= L'a' && p[0] <= L'z')) || p[1] != L':' || p[2] != L'\\')
        return fail(e, "agent.path.refused", 0, "\"%s\" must start with a drive letter, as C:\\…", field);
    const WCHAR *c = p + 3;
    for (;;) {
        const WCHAR *end = wcschr(c, L'\\');
        size_t len = end ? (size_t)(end - c) : wcslen(c);
        if (len == 0) return fail(e, "agent.path.refused", 0, "\"%s\" has an empty component", field);
        if ((len == 1 && c[0] == L'.') || (len == 2 && c[0] == L'.' && c[1] == L'.'))
            return fail(e, "agent.path.refused", 0, "\"%s\" may not contain . or .. components", field);
        for (size_t i = 0; i < len; i++) {
            WCHAR ch = c[i];
            if (ch < 0x20 || wcschr(L"<>:\"/|?*", ch))
                return fail(e, "agent.path.refused", 0,
                            "\"%s\" contains a character Windows treats specially (<>:\"/|?* or a control)", field);
        }
        if (c[len - 1] == L'.' || c[len - 1] == L' ')
            return fail(e, "agent.path.refused", 0, "\"%s\" has a component ending in a dot or a space", field);
        if (is_device_name(c, len))
            return fail(e, "agent.path.refused", 0, "\"%s\" names a device (CON, NUL, COM1, …)", field);
        if (!end) break;
        c = end + 1;
    }
    /* Belt and braces: Windows' own normalisation must leave the path as it is. */
    WCHAR full[MAX_PATH];
    DWORD fl = GetFullPathNameW(p, MAX_PATH, full, NULL);
    if (fl == 0 || fl >= MAX_PATH || _wcsicmp(full, p) != 0)
        return fail(e, "agent.path.refused", 0, "\"%s\" is not in its normal form", field);
    return 0;
}

/* Walks the existing components of p from index `from` (a position just after a backslash).
 * any_reparse: refuse every reparse point; otherwise only symlinks and junctions. */
static int check_no_links(const WCHAR *p, size_t from, int any_reparse, AgentError *e, const char *field)
{
    WCHAR sub[MAX_PATH];
    size_t n = wcslen(p);
    for (size_t i = from; i <= n; i++) {
        if (i != n && p[i] != L'\\') continue;
        memcpy(sub, p, i * sizeof(WCHAR));
        sub[i] = 0;
        WIN32_FIND_DATAW fd;
        HANDLE f = FindFirstFileW(sub, &fd);
        if (f == INVALID_HANDLE_VALUE) return 0; /* does not exist: nothing below it does either */
        FindClose(f);
        if (fd.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) {
            DWORD tag = fd.dwReserved0;
            if (any_reparse || tag == IO_REPARSE_TAG_SYMLINK || tag == IO_REPARSE_TAG_MOUNT_POINT)
                return fail(e, "agent.path.refused", 0,
                            "\"%s\" goes through a link or reparse point (tag 0x%08lx); refused", field,
                            (unsigned long)tag);
        }
    }
    return 0;
}

int check_destination(const WCHAR *p, AgentError *e, const char *field)
{
    if (check_plain_absolute(p, e, field)) return -1;
    if (check_no_links(p, 3, 0, e, field)) return -1;
    WCHAR parent[MAX_PATH];
    wcscpy(parent, p);
    WCHAR *slash = wcsrchr(parent, L'\\');
    if (slash == parent + 2) slash[1] = 0; /* "C:\" */
    else *slash = 0;
    DWORD a = GetFileAttributesW(parent);
    if (a == INVALID_FILE_ATTRIBUTES || !(a & FILE_ATTRIBUTE_DIRECTORY))
        return fail(e, "agent.path.refused", GetLastError(), "the folder of \"%s\" does not exist", field);
    a = GetFileAttributesW(p);
    if (a != INVALID_FILE_ATTRIBUTES && (a & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)))
        return fail(e, "agent.path.refused", 0, "\"%s\" names a folder or a reparse point", field);
    return 0;
}

int check_oqs_path(const WCHAR *p, AgentError *e, const char *field)
{
    if (check_plain_absolute(p, e, field)) return -1;
    const WCHAR *root = oqs_auth_folder();
    size_t rl = wcslen(root);
    if (wcslen(p) <= rl + 1 || _wcsnicmp(p, root, rl) != 0 || p[rl] != L'\\') {
        char *r = wide_to_utf8(root);
        fail(e, "agent.path.refused", 0, "\"%s\" must be a file under %s", field, r ? r : "OQS-Auth");
        free(r);
        return -1;
    }
    /* From the OQS-Auth folder itself down: no reparse point of any kind. */
    size_t from = 0;
    for (size_t i = rl; i > 0; i--)
        if (root[i - 1] == L'\\') { from = i; break; }
    return check_no_links(p, from, 1, e, field);
}

/* Whether the open handle is the file at `path` itself, as Windows resolves it. Wine 8 shows a
 * Unix symlink to a file as a plain file (no reparse point), but resolves the handle to the
 * target's path; on Windows the check catches any redirection the attributes missed. */
static int final_path_is(HANDLE h, const WCHAR *path)
{
    WCHAR fin[MAX_PATH + 8];
    DWORD n = GetFinalPathNameByHandleW(h, fin, MAX_PATH + 8, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    if (n == 0 || n >= MAX_PATH + 8) return 0;
    const WCHAR *f = fin;
    if (!wcsncmp(f, L"\\\\?\\", 4)) f += 4;
    return _wcsicmp(f, path) == 0;
}

/* Opens and reads a whole small file. oqs_rules: also refuse more than one hard link. */
static int read_checked(const WCHAR *path, int oqs_rules, BYTE **out, DWORD *n, AgentError *e, const char *what)
{
    *out = NULL;
    *n = 0;
    /* FILE_FLAG_OPEN_REPARSE_POINT: if a link appeared since the path was checked, we open the
     * link itself and see it below, instead of following it. */
    HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                           FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD err = GetLastError();
        if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND)
            return fail(e, "agent.file.notFound", err, "%s does not exist", what);
        if (err == ERROR_ACCESS_DENIED) return fail(e, "agent.file.accessDenied", err, "%s cannot be read", what);
        return fail(e, "agent.file.ioFailed", err, "%s cannot be opened", what);
    }
    BY_HANDLE_FILE_INFORMATION fi;
    int rc = -1;
    if (!GetFileInformationByHandle(h, &fi)) {
        fail(e, "agent.file.ioFailed", GetLastError(), "%s: no file information", what);
    } else if (fi.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) {
        fail(e, "agent.path.refused", 0, "%s is a folder or a reparse point", what);
    } else if (oqs_rules && !final_path_is(h, path)) {
        fail(e, "agent.path.refused", 0, "%s resolves to another place (a link); refused", what);
    } else if (oqs_rules && fi.nNumberOfLinks > 1) {
        fail(e, "agent.path.refused", 0, "%s has %lu hard links; refused", what, (unsigned long)fi.nNumberOfLinks);
    } else if (fi.nFileSizeHigh || fi.nFileSizeLow > MAX_SMALL_FILE) {
        fail(e, "agent.file.tooLarge", 0, "%s is larger than %d bytes", what, MAX_SMALL_FILE);
    } else {
        DWORD size = fi.nFileSizeLow, got = 0, r;
        BYTE *d = malloc(size ? size : 1);
        if (!d) {
            fail(e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory");
        } else {
            while (got < size && ReadFile(h, d + got, size - got, &r, NULL) && r) got += r;
            if (got != size) {
                fail(e, "agent.file.ioFailed", GetLastError(), "%s could not be read whole", what);
                wipe_free(d, size ? size : 1);
            } else {
                *out = d;
                *n = size;
                rc = 0;
            }
        }
    }
    CloseHandle(h);
    return rc;
}

int read_small_file(const WCHAR *path, BYTE **out, DWORD *n, AgentError *e, const char *what)
{
    return read_checked(path, 0, out, n, e, what);
}

int digest_file(const WCHAR *path, int oqs_rules, BYTE out[32], ULONGLONG *size, int *exists, AgentError *e)
{
    BYTE *d;
    DWORD n;
    *exists = 0;
    if (read_checked(path, oqs_rules, &d, &n, e, "the file") != 0)
        return strcmp(e->code, "agent.file.notFound") == 0 ? 0 : -1;
    *exists = 1;
    *size = n;
    int rc = sha256(d, n, out);
    wipe_free(d, n ? n : 1);
    if (rc) return fail(e, "agent.internal", GetLastError(), "SHA-256 failed");
    return 0;
}

int write_file_atomic(const WCHAR *path, const BYTE *data, DWORD n, int overwrite, AgentError *e, int *already_same)
{
    *already_same = 0;
    BYTE rnd[4];
    WCHAR tmp[MAX_PATH];
    if (random_bytes(rnd, 4)) return fail(e, "agent.internal", GetLastError(), "no randomness");
    if (swprintf(tmp, MAX_PATH, L"%ls.%02x%02x%02x%02x.part", path, rnd[0], rnd[1], rnd[2], rnd[3]) < 0)
        return fail(e, "agent.path.refused", 0, "the path is too long for a temporary name beside it");
    HANDLE h = CreateFileW(tmp, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD err = GetLastError();
        return fail(e, err == ERROR_ACCESS_DENIED ? "agent.file.accessDenied" : "agent.file.ioFailed", err,
                    "cannot create a temporary file in the destination folder");
    }
    DWORD done = 0, w;
    while (done < n && WriteFile(h, data + done, n - done, &w, NULL) && w) done += w;
    BOOL flushed = done == n && FlushFileBuffers(h);
    DWORD err = GetLastError();
    CloseHandle(h);
    if (!flushed) {
        DeleteFileW(tmp);
        return fail(e, "agent.file.ioFailed", err, "writing the temporary file failed");
    }
    if (MoveFileExW(tmp, path, MOVEFILE_WRITE_THROUGH | (overwrite ? MOVEFILE_REPLACE_EXISTING : 0))) return 0;
    err = GetLastError();
    DeleteFileW(tmp);
    if (err == ERROR_ALREADY_EXISTS || err == ERROR_FILE_EXISTS) {
        /* Someone (a run that was killed after its rename, say) already wrote this file: the
         * same bytes are success, other bytes are the caller's to sort out. */
        BYTE want[32], have[32];
        ULONGLONG sz;
        int ex;
        AgentError e2;
        if (sha256(data, n, want) == 0 && digest_file(path, 0, have, &sz, &ex, &e2) == 0 && ex &&
            memcmp(want, have, 32) == 0) {
            *already_same = 1;
            return 0;
        }
        return fail(e, "agent.file.destinationExists", err, "the destination exists with other contents");
    }
    return fail(e, err == ERROR_ACCESS_DENIED ? "agent.file.accessDenied" : "agent.file.ioFailed", err,
                "renaming the temporary file into place failed");
}

/* ---------------- ops ---------------- */

static int get_path(const JNode *req, const char *key, int oqs, WCHAR **out, AgentError *e)
{
    const char *s;
    *out = NULL;
    if (field_str(req, key, 1, &s, e)) return -1;
    WCHAR *w = utf8_to_wide(s);
    if (!w) return fail(e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory");
    if ((oqs ? check_oqs_path(w, e, key) : check_destination(w, e, key)) != 0) {
        free(w);
        return -1;
    }
    *out = w;
    return 0;
}

static void put_digest(Buf *out, const BYTE d[32])
{
    char hex[65];
    hex_lower(d, 32, hex);
    buf_kstr(out, "sha256", hex);
}

int op_file_digest(const JNode *req, Buf *out, AgentError *e)
{
    WCHAR *p;
    if (get_path(req, "path", 1, &p, e)) return -1;
    BYTE d[32];
    ULONGLONG size = 0;
    int exists, rc = digest_file(p, 1, d, &size, &exists, e);
    if (rc == 0) {
        buf_kwstr(out, "path", p);
        buf_kbool(out, "exists", exists);
        if (exists) {
            buf_kint(out, "size", (long long)size);
            put_digest(out, d);
        }
    }
    free(p);
    return rc;
}

int op_file_archive(const JNode *req, Buf *out, AgentError *e)
{
    WCHAR *p = NULL, *dst = NULL;
    BYTE *data = NULL;
    DWORD n = 0;
    int rc = -1, same;
    BYTE d[32], back[32];
    ULONGLONG sz;
    int ex;
    if (get_path(req, "path", 1, &p, e) || get_path(req, "destination", 0, &dst, e)) goto done;
    if (read_checked(p, 1, &data, &n, e, "the file to archive")) goto done;
    if (sha256(data, n, d)) { fail(e, "agent.internal", GetLastError(), "SHA-256 failed"); goto done; }
    if (write_file_atomic(dst, data, n, 0, e, &same)) goto done;
    /* Read the archive back: its existence and digest are what allow file.remove later. */
    if (digest_file(dst, 0, back, &sz, &ex, e)) goto done;
    if (!ex || memcmp(d, back, 32) != 0) {
        fail(e, "agent.file.verifyFailed", 0, "the archive read back differs from the file");
        goto done;
    }
    buf_kwstr(out, "path", p);
    buf_kwstr(out, "destination", dst);
    buf_kint(out, "size", n);
    put_digest(out, d);
    buf_kbool(out, "alreadyPresent", same);
    rc = 0;
done:
    if (data) wipe_free(data, n ? n : 1);
    free(p);
    free(dst);
    return rc;
}

int op_file_restore(const JNode *req, Buf *out, AgentError *e)
{
    WCHAR *arc = NULL, *p = NULL;
    BYTE *data = NULL;
    DWORD n = 0;
    int rc = -1, overwrite, same = 0, ex;
    const char *want_hex;
    BYTE d[32], have[32], want[32];
    ULONGLONG sz;
    if (get_path(req, "archive", 0, &arc, e) || get_path(req, "path", 1, &p, e)) goto done;
    if (field_str(req, "sha256", 0, &want_hex, e) || field_bool(req, "overwrite", 0, &overwrite, e)) goto done;
    if (want_hex && hex_decode(want_hex, want, 32) != 0) {
        fail(e, "agent.request.badField", 0, "field \"sha256\" must be 64 hex digits");
        goto done;
    }
    if (read_checked(arc, 0, &data, &n, e, "the archive")) {
        if (!strcmp(e->code, "agent.file.notFound")) e->code = "agent.file.noArchive";
        goto done;
    }
    if (sha256(data, n, d)) { fail(e, "agent.internal", GetLastError(), "SHA-256 failed"); goto done; }
    if (want_hex && memcmp(d, want, 32) != 0) {
        fail(e, "agent.file.digestMismatch", 0, "the archive's SHA-256 is not the one given");
        goto done;
    }
    if (digest_file(p, 1, have, &sz, &ex, e)) goto done;
    if (ex && memcmp(have, d, 32) == 0) {
        same = 1; /* already restored (a resumed job): nothing to write */
    } else {
        if (ex && !overwrite) {
            fail(e, "agent.file.destinationExists", 0, "the file exists with other contents (overwrite not given)");
            goto done;
        }
        if (write_file_atomic(p, data, n, overwrite, e, &same)) goto done;
        if (digest_file(p, 1, have, &sz, &ex, e)) goto done;
        if (!ex || memcmp(have, d, 32) != 0) {
            fail(e, "agent.file.verifyFailed", 0, "the restored file read back differs from the archive");
            goto done;
        }
    }
    buf_kwstr(out, "path", p);
    buf_kwstr(out, "archive", arc);
    buf_kint(out, "size", n);
    put_digest(out, d);
    buf_kbool(out, "alreadyPresent", same);
    rc = 0;
done:
    if (data) wipe_free(data, n ? n : 1);
    free(arc);
    free(p);
    return rc;
}

int op_file_remove(const JNode *req, Buf *out, AgentError *e)
{
    WCHAR *p = NULL, *arc = NULL;
    int rc = -1, ex;
    BYTE d[32], a[32];
    ULONGLONG sz;
    if (get_path(req, "path", 1, &p, e) || get_path(req, "archive", 0, &arc, e)) goto done;
    if (digest_file(p, 1, d, &sz, &ex, e)) goto done;
    if (!ex) { fail(e, "agent.file.notFound", ERROR_FILE_NOT_FOUND, "the file does not exist (already removed?)"); goto done; }
    if (digest_file(arc, 0, a, &sz, &ex, e)) goto done;
    if (!ex) { fail(e, "agent.file.noArchive", ERROR_FILE_NOT_FOUND, "no archive at the named location"); goto done; }
    if (memcmp(a, d, 32) != 0) {
        fail(e, "agent.file.digestMismatch", 0, "the archive's SHA-256 differs from the file's: not removed");
        goto done;
    }
    if (!DeleteFileW(p)) {
        DWORD err = GetLastError();
        fail(e, err == ERROR_ACCESS_DENIED ? "agent.file.accessDenied" : "agent.file.ioFailed", err,
             "the file could not be removed");
        goto done;
    }
    if (GetFileAttributesW(p) != INVALID_FILE_ATTRIBUTES) {
        fail(e, "agent.file.verifyFailed", 0, "the file is still there after removal");
        goto done;
    }
    buf_kwstr(out, "path", p);
    buf_kbool(out, "removed", 1);
    put_digest(out, d);
    rc = 0;
done:
    free(p);
    free(arc);
    return rc;
}

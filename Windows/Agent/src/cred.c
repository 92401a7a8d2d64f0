/* Generic credentials of Credential Manager (資格情報マネージャー → Windows 資格情報 → 汎用資格情報):
 * ⑩ changes OQS_MEDICAL_INSTITUTION_CODE's value to the new 10-digit code.
 *
 * Only three kinds of target are served: OQS_MEDICAL_INSTITUTION_CODE, OQS_LOGIN_KEY (user name
 * only: its value is a password and never leaves the agent), and throwaway targets starting with
 * "SuccessionKit.selftest." for the selftest and the tests.
 *
 * Encoding of the value ("blob"): Credential Manager's own editor stores UTF-16LE without a
 * terminator, and that is what the manual's ⑩ leaves behind; other programs may have stored
 * single-byte ANSI text. The encoding is detected from the entry as it is and kept on write:
 *   "utf16le"  even length, at least one zero byte at an odd offset, valid UTF-16, no U+0000
 *              except one optional terminator;
 *   "ansi"     no zero byte except one optional final terminator (the system ANSI code page);
 *   "empty"    no bytes (written back as UTF-16LE, as the editor would);
 *   "binary"   anything else: read as no value, never written. */
#include "agent.h"
#include <wincred.h>
#include <stdlib.h>
#include <string.h>

#define SELFTEST_PREFIX L"SuccessionKit.selftest."

enum { ENC_EMPTY, ENC_UTF16, ENC_ANSI, ENC_BINARY };
static const char *ENC_NAMES[] = {"empty", "utf16le", "ansi", "binary"};

static int target_kind(const WCHAR *t) /* 0 refused, 1 code, 2 login key, 3 selftest */
{
    if (!wcscmp(t, L"OQS_MEDICAL_INSTITUTION_CODE")) return 1;
    if (!wcscmp(t, L"OQS_LOGIN_KEY")) return 2;
    if (!wcsncmp(t, SELFTEST_PREFIX, wcslen(SELFTEST_PREFIX)) && wcslen(t) < 200) return 3;
    return 0;
}

static int get_target(const JNode *req, WCHAR **t, int *kind, AgentError *e)
{
    const char *s;
    *t = NULL;
    if (field_str(req, "target", 1, &s, e)) return -1;
    if (!(*t = utf8_to_wide(s))) return fail(e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory");
    if (!(*kind = target_kind(*t))) {
        free(*t);
        *t = NULL;
        return fail(e, "agent.cred.refused", 0,
                    "only OQS_MEDICAL_INSTITUTION_CODE, OQS_LOGIN_KEY and SuccessionKit.selftest.* are served");
    }
    return 0;
}

static int detect(const BYTE *b, DWORD n, int *terminated)
{
    *terminated = 0;
    if (n == 0) return ENC_EMPTY;
    if (n % 2 == 0) {
        int odd_zero = 0;
        for (DWORD i = 1; i < n; i += 2) if (b[i] == 0) odd_zero = 1;
        if (odd_zero) {
            DWORD chars = n / 2, used = chars;
            const WCHAR *w = (const WCHAR *)b;
            WCHAR last = (WCHAR)(b[n - 2] | b[n - 1] << 8);
            if (last == 0) { used--; *terminated = 1; }
            int ok = used > 0;
            for (DWORD i = 0; ok && i < used; i++) {
                WCHAR c = (WCHAR)(b[2 * i] | b[2 * i + 1] << 8);
                if (c == 0) ok = 0;
                else if (c >= 0xD800 && c <= 0xDBFF) {
                    WCHAR d = i + 1 < used ? (WCHAR)(b[2 * i + 2] | b[2 * i + 3] << 8) : 0;
                    if (d < 0xDC00 || d > 0xDFFF) ok = 0;
                    else i++;
                } else if (c >= 0xDC00 && c <= 0xDFFF) ok = 0;
            }
            (void)w;
            if (ok) return ENC_UTF16;
            *terminated = 0;
        }
    }
    for (DWORD i = 0; i + 1 < n; i++) if (b[i] == 0) return ENC_BINARY;
    if (b[n - 1] == 0) {
        if (n == 1) return ENC_BINARY;
        *terminated = 1;
    }
    return ENC_ANSI;
}

/* The value as UTF-8 text (malloc), or NULL for empty/binary. */
static char *decode(const BYTE *b, DWORD n, int enc, int terminated)
{
    if (enc == ENC_UTF16) {
        int chars = (int)(n / 2) - terminated;
        WCHAR *w = malloc((size_t)chars * sizeof(WCHAR) + sizeof(WCHAR));
        if (!w) return NULL;
        memcpy(w, b, (size_t)chars * sizeof(WCHAR));
        char *u = wide_to_utf8n(w, chars);
        wipe_free(w, (size_t)chars * sizeof(WCHAR) + sizeof(WCHAR));
        return u;
    }
    if (enc == ENC_ANSI) return codepage_to_utf8(CP_ACP, (const char *)b, (int)n - terminated);
    if (enc == ENC_EMPTY) return wide_to_utf8n(L"", 0);
    return NULL;
}

static const char *persist_name(DWORD p)
{
    return p == CRED_PERSIST_SESSION ? "session"
           : p == CRED_PERSIST_LOCAL_MACHINE ? "localMachine"
           : p == CRED_PERSIST_ENTERPRISE ? "enterprise"
                                           : "unknown";
}

/* Adds target, userName, persist, encoding and value (or hasValue for the login key). */
static void cred_json(Buf *out, const CREDENTIALW *c, int kind)
{
    int term;
    int enc = detect(c->CredentialBlob, c->CredentialBlobSize, &term);
    buf_kwstr(out, "target", c->TargetName);
    buf_kwstr(out, "userName", c->UserName ? c->UserName : L"");
    buf_kstr(out, "persist", persist_name(c->Persist));
    buf_kstr(out, "encoding", ENC_NAMES[enc]);
    buf_kbool(out, "nulTerminated", term);
    if (kind == 2) {
        /* OQS_LOGIN_KEY's value is the readers' account password: only whether one is set. */
        buf_kbool(out, "hasValue", c->CredentialBlobSize > 0);
        return;
    }
    char *v = decode(c->CredentialBlob, c->CredentialBlobSize, enc, term);
    if (v) {
        buf_kstr(out, "value", v);
        wipe_free(v, strlen(v));
    } else {
        buf_knull(out, "value");
    }
}

static int read_cred(const WCHAR *t, PCREDENTIALW *c, AgentError *e)
{
    if (CredReadW(t, CRED_TYPE_GENERIC, 0, c)) return 0;
    DWORD err = GetLastError();
    if (err == ERROR_NOT_FOUND) return fail(e, "agent.cred.notFound", err, "no generic credential by that name");
    return fail(e, "agent.cred.readFailed", err, "CredReadW failed");
}

static void cred_free(PCREDENTIALW c)
{
    if (!c) return;
    if (c->CredentialBlob) SecureZeroMemory(c->CredentialBlob, c->CredentialBlobSize);
    CredFree(c);
}

int op_cred_read(const JNode *req, Buf *out, AgentError *e)
{
    WCHAR *t;
    int kind;
    PCREDENTIALW c = NULL;
    if (get_target(req, &t, &kind, e)) return -1;
    int rc = read_cred(t, &c, e);
    if (rc == 0) cred_json(out, c, kind);
    cred_free(c);
    free(t);
    return rc;
}

static int is_code(const char *v)
{
    if (strlen(v) != 10) return 0;
    for (int i = 0; i < 10; i++) if (v[i] < '0' || v[i] > '9') return 0;
    return 1;
}

/* Encodes v in enc (+ terminator). malloc'd, the caller wipes it. */
static int encode(const char *v, int enc, int terminated, BYTE **out, DWORD *n, AgentError *e)
{
    WCHAR *w = utf8_to_wide(v);
    if (!w) return fail(e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory");
    size_t wl = wcslen(w);
    int rc = -1;
    if (enc == ENC_UTF16 || enc == ENC_EMPTY) {
        *n = (DWORD)((wl + (terminated ? 1 : 0)) * sizeof(WCHAR));
        *out = malloc(*n ? *n : 1);
        if (*out) { memcpy(*out, w, *n); rc = 0; }
    } else {
        BOOL lossy = FALSE;
        int k = wl ? WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, w, (int)wl, NULL, 0, NULL, &lossy) : 0;
        if (lossy || (wl && k <= 0)) {
            fail(e, "agent.cred.badValue", 0, "the value cannot be written in the entry's ANSI code page");
        } else {
            *n = (DWORD)k + (terminated ? 1 : 0);
            *out = malloc(*n ? *n : 1);
            if (*out) {
                if (k) WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, w, (int)wl, (char *)*out, k, NULL, NULL);
                if (terminated) (*out)[k] = 0;
                rc = 0;
            }
        }
    }
    if (rc && !e->code) fail(e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory");
    wipe_free_w(w);
    if (rc == 0 && *n > CRED_MAX_CREDENTIAL_BLOB_SIZE) {
        wipe_free(*out, *n);
        return fail(e, "agent.cred.badValue", 0, "the value is longer than Credential Manager allows");
    }
    return rc;
}

/* Writes, then reads back through a fresh CredReadW and compares everything kept. */
static int write_and_check(CREDENTIALW *w, int kind, Buf *out, AgentError *e)
{
    if (!CredWriteW(w, 0)) return fail(e, "agent.cred.writeFailed", GetLastError(), "CredWriteW failed");
    PCREDENTIALW back = NULL;
    if (read_cred(w->TargetName, &back, e)) return -1;
    int same = back->CredentialBlobSize == w->CredentialBlobSize &&
               (w->CredentialBlobSize == 0 || !memcmp(back->CredentialBlob, w->CredentialBlob, w->CredentialBlobSize)) &&
               back->Persist == w->Persist &&
               !wcscmp(back->UserName ? back->UserName : L"", w->UserName ? w->UserName : L"");
    if (!same) {
        cred_free(back);
        return fail(e, "agent.cred.verifyFailed", 0, "the entry read back differs from what was written");
    }
    cred_json(out, back, kind);
    cred_free(back);
    return 0;
}

int op_cred_write(const JNode *req, Buf *out, AgentError *e)
{
    WCHAR *t = NULL;
    int kind, rc = -1, term;
    const char *value, *ifv;
    PCREDENTIALW c = NULL;
    BYTE *blob = NULL;
    DWORD n = 0;
    if (get_target(req, &t, &kind, e) || field_str(req, "value", 1, &value, e) || field_str(req, "ifValue", 0, &ifv, e))
        goto done;
    if (kind == 2) {
        /* The manual never changes the readers' password; nothing here should. */
        fail(e, "agent.cred.refused", 0, "OQS_LOGIN_KEY is never written (only created by cred.create)");
        goto done;
    }
    if (kind == 1 && !is_code(value)) {
        fail(e, "agent.cred.badValue", 0, "OQS_MEDICAL_INSTITUTION_CODE must be exactly 10 digits");
        goto done;
    }
    if (read_cred(t, &c, e)) goto done;
    int enc = detect(c->CredentialBlob, c->CredentialBlobSize, &term);
    if (enc == ENC_BINARY) {
        fail(e, "agent.cred.unknownEncoding", 0, "the existing value is neither UTF-16LE nor ANSI text: not overwritten");
        goto done;
    }
    if (ifv) {
        char *now = decode(c->CredentialBlob, c->CredentialBlobSize, enc, term);
        int match = now && !strcmp(now, ifv);
        if (now) wipe_free(now, strlen(now));
        if (!match) {
            fail(e, "agent.cred.valueChanged", 0, "the current value is not the one given in ifValue: not written");
            goto done;
        }
    }
    if (encode(value, enc, term, &blob, &n, e)) goto done;
    /* Everything but the value is kept as it is: user name, persistence, comment, attributes,
     * alias, flags. */
    CREDENTIALW w = *c;
    w.CredentialBlob = blob;
    w.CredentialBlobSize = n;
    rc = write_and_check(&w, kind, out, e);
done:
    if (blob) wipe_free(blob, n ? n : 1);
    cred_free(c);
    free(t);
    return rc;
}

int op_cred_create(const JNode *req, Buf *out, AgentError *e)
{
    WCHAR *t = NULL, *user = NULL;
    int kind, rc = -1;
    const char *value, *user8, *persist8, *enc8;
    BYTE *blob = NULL;
    DWORD n = 0, persist = CRED_PERSIST_LOCAL_MACHINE;
    int enc = ENC_UTF16;
    PCREDENTIALW c = NULL;
    if (get_target(req, &t, &kind, e) || field_str(req, "userName", 1, &user8, e) ||
        field_str(req, "value", 1, &value, e) || field_str(req, "persist", 0, &persist8, e) ||
        field_str(req, "encoding", 0, &enc8, e))
        goto done;
    if (persist8) {
        if (!strcmp(persist8, "session")) persist = CRED_PERSIST_SESSION;
        else if (!strcmp(persist8, "localMachine")) persist = CRED_PERSIST_LOCAL_MACHINE;
        else if (!strcmp(persist8, "enterprise")) persist = CRED_PERSIST_ENTERPRISE;
        else { fail(e, "agent.request.badField", 0, "field \"persist\" must be session, localMachine or enterprise"); goto done; }
    }
    if (enc8) {
        if (!strcmp(enc8, "utf16le")) enc = ENC_UTF16;
        else if (!strcmp(enc8, "ansi")) enc = ENC_ANSI;
        else { fail(e, "agent.request.badField", 0, "field \"encoding\" must be utf16le or ansi"); goto done; }
    }
    if (kind == 1 && !is_code(value)) {
        fail(e, "agent.cred.badValue", 0, "OQS_MEDICAL_INSTITUTION_CODE must be exactly 10 digits");
        goto done;
    }
    if (CredReadW(t, CRED_TYPE_GENERIC, 0, &c)) {
        fail(e, "agent.cred.exists", 0, "a generic credential by that name exists: use cred.write");
        goto done;
    }
    if (!(user = utf8_to_wide(user8))) { fail(e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory"); goto done; }
    if (encode(value, enc, 0, &blob, &n, e)) goto done;
    CREDENTIALW w;
    memset(&w, 0, sizeof w);
    w.Type = CRED_TYPE_GENERIC;
    w.TargetName = t;
    w.UserName = user;
    w.Persist = persist;
    w.CredentialBlob = blob;
    w.CredentialBlobSize = n;
    rc = write_and_check(&w, kind, out, e);
done:
    if (blob) wipe_free(blob, n ? n : 1);
    cred_free(c);
    free(user);
    free(t);
    return rc;
}

int cred_delete_selftest(const WCHAR *target)
{
    if (target_kind(target) != 3) return -1;
    return CredDeleteW(target, CRED_TYPE_GENERIC, 0) ? 0 : -1;
}

/* For status: the entry's fields, or {"present":false}. */
void cred_status_json(Buf *out, const WCHAR *target)
{
    PCREDENTIALW c = NULL;
    AgentError e;
    buf_puts(out, "{\"present\":");
    if (read_cred(target, &c, &e)) {
        buf_puts(out, "false");
        if (strcmp(e.code, "agent.cred.notFound") != 0) { buf_kstr(out, "error", e.code); buf_kint(out, "win32", e.win32); }
    } else {
        buf_puts(out, "true");
        cred_json(out, c, target_kind(target));
    }
    buf_putc(out, '}');
    cred_free(c);
}

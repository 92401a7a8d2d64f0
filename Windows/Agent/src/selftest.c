/* `selftest`: every operation on throwaway things, cleaned up, each check printed; exit 0 when
 * all pass. The first thing to run on a real PC. Nothing of the clinic's is touched: the
 * certificates are made here ("SuccessionKit selftest …"), the credentials are named
 * "SuccessionKit.selftest.<random>", the file in OQS-Auth is "SuccessionKit.selftest.<random>.ini",
 * and InitializeFace.bat / OQSComAppRestart are never run (a throwaway batch exercises the same
 * machinery). Every check goes through handle_request, the code the JSON-lines server runs. */
#include "agent.h"
#include "selftest_pfx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    Buf text, json;
    int passed, failed, skipped, wine;
} ST;

/* Known differences of Wine 8 (PITFALLS.md); under Wine a failure of one of these says so. */
static const char *wine_gap(const char *id)
{
    if (!strcmp(id, "cert.export")) return "Wine 8's PFXExportCertStoreEx is a stub (FALSE, no error)";
    if (!strcmp(id, "cert.import.wrongPin")) return "Wine 8 sets no error for a wrong PIN (Windows: ERROR_INVALID_PASSWORD)";
    if (!strcmp(id, "pfx.verifyPassword")) return "Wine 8's PFXVerifyPassword is a stub";
    return NULL;
}

static void check(ST *st, const char *id, int result, const char *what, const char *detail)
{
    const char *gap = st->wine && result == 0 ? wine_gap(id) : NULL;
    const char *tag = result > 0 ? "ok  " : result == 0 ? "FAIL" : "skip";
    if (result > 0) st->passed++;
    else if (result == 0) st->failed++;
    else st->skipped++;
    buf_puts(&st->text, tag);
    buf_puts(&st->text, " ");
    buf_puts(&st->text, id);
    buf_puts(&st->text, ": ");
    buf_puts(&st->text, what);
    if (detail && detail[0]) { buf_puts(&st->text, " — "); buf_puts(&st->text, detail); }
    if (gap) { buf_puts(&st->text, " [known Wine gap: "); buf_puts(&st->text, gap); buf_puts(&st->text, "]"); }
    buf_puts(&st->text, "\n");
    if (st->json.len > 1) buf_putc(&st->json, ',');
    buf_puts(&st->json, "{\"id\":");
    buf_jstr(&st->json, id);
    buf_kstr(&st->json, "result", result > 0 ? "pass" : result == 0 ? "fail" : "skip");
    buf_kstr(&st->json, "what", what);
    buf_kstr(&st->json, "detail", detail ? detail : "");
    if (gap) buf_kstr(&st->json, "knownWineGap", gap);
    buf_putc(&st->json, '}');
}

/* Runs a request; the reply is parsed into the arena (its text copied there too). */
static const JNode *call(Arena *a, Buf *req)
{
    Buf r;
    buf_init(&r);
    handle_request(req->data, req->len, &r);
    const JNode *n = NULL;
    if (!r.failed) {
        char *copy = arena_alloc(a, r.len + 1);
        char perr[128];
        if (copy) {
            memcpy(copy, r.data, r.len + 1);
            n = json_parse(a, copy, r.len - 1 /* the '\n' */, perr, sizeof perr);
        }
    }
    buf_free(&r);
    buf_free(req);
    buf_init(req);
    return n;
}

static int ok_of(const JNode *r)
{
    const JNode *o = json_get(r, "ok");
    return o && o->type == J_BOOL && o->boolean;
}
static const char *err_of(const JNode *r)
{
    const JNode *c = json_get(json_get(r, "error"), "code");
    return c && c->type == J_STR ? c->str : "";
}
static const char *str_of(const JNode *r, const char *k)
{
    const JNode *c = json_get(r, k);
    return c && c->type == J_STR ? c->str : "";
}
static int bool_of(const JNode *r, const char *k)
{
    const JNode *c = json_get(r, k);
    return c && c->type == J_BOOL ? c->boolean : -1;
}
static void detail_of(const JNode *r, char *out, size_t cap)
{
    const JNode *m = json_get(json_get(r, "error"), "message");
    if (!r) snprintf(out, cap, "no reply");
    else if (ok_of(r)) out[0] = 0;
    else snprintf(out, cap, "%s: %s", err_of(r), m && m->type == J_STR ? m->str : "");
}

static void req_begin(Buf *b, const char *op)
{
    buf_puts(b, "{\"id\":\"selftest\",\"op\":");
    buf_jstr(b, op);
}

static const JNode *find_cert(const JNode *list_reply, const char *thumb)
{
    const JNode *cs = json_get(list_reply, "certificates");
    for (const JNode *c = cs ? cs->child : NULL; c; c = c->next)
        if (!strcmp(str_of(c, "thumbprint"), thumb)) return c;
    return NULL;
}

static void b64(Buf *b, const BYTE *d, size_t n)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)d[i] << 16 | (i + 1 < n ? (unsigned)d[i + 1] << 8 : 0) | (i + 2 < n ? d[i + 2] : 0);
        char q[4] = {t[v >> 18 & 63], t[v >> 12 & 63], i + 1 < n ? t[v >> 6 & 63] : '=', i + 2 < n ? t[v & 63] : '='};
        buf_put(b, q, 4);
    }
}

/* A self-signed certificate with a fresh exportable RSA key, added to CurrentUser\MY. */
static int make_cert(const WCHAR *container, const WCHAR *x500, char thumb[41])
{
    HCRYPTPROV prov;
    HCRYPTKEY k;
    if (!CryptAcquireContextW(&prov, container, MS_ENHANCED_PROV_W, PROV_RSA_FULL, CRYPT_NEWKEYSET | CRYPT_SILENT))
        return -1;
    int rc = -1;
    PCCERT_CONTEXT c = NULL;
    HCERTSTORE my = NULL;
    BYTE name[512];
    DWORD nl = sizeof name;
    if (!CryptGenKey(prov, AT_KEYEXCHANGE, (2048u << 16) | CRYPT_EXPORTABLE, &k)) goto done;
    CryptDestroyKey(k);
    if (!CertStrToNameW(X509_ASN_ENCODING, x500, CERT_X500_NAME_STR, NULL, name, &nl, NULL)) goto done;
    CERT_NAME_BLOB nb = {nl, name};
    CRYPT_KEY_PROV_INFO ki;
    memset(&ki, 0, sizeof ki);
    ki.pwszContainerName = (WCHAR *)container;
    ki.pwszProvName = (WCHAR *)MS_ENHANCED_PROV_W;
    ki.dwProvType = PROV_RSA_FULL;
    ki.dwKeySpec = AT_KEYEXCHANGE;
    if (!(c = CertCreateSelfSignCertificate(prov, &nb, 0, &ki, NULL, NULL, NULL, NULL))) goto done;
    WCHAR fn[] = L"SuccessionKit selftest (safe to delete)";
    CRYPT_DATA_BLOB fb = {sizeof fn, (BYTE *)fn};
    CertSetCertificateContextProperty(c, CERT_FRIENDLY_NAME_PROP_ID, 0, &fb);
    my = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_CURRENT_USER, L"MY");
    if (!my || !CertAddCertificateContextToStore(my, c, CERT_STORE_ADD_NEW, NULL)) goto done;
    BYTE t[20];
    DWORD tl = 20;
    if (!CertGetCertificateContextProperty(c, CERT_HASH_PROP_ID, t, &tl)) goto done;
    hex_lower(t, 20, thumb);
    rc = 0;
done:
    if (my) CertCloseStore(my, 0);
    if (c) CertFreeCertificateContext(c);
    CryptReleaseContext(prov, 0);
    if (rc) {
        HCRYPTPROV gone;
        CryptAcquireContextW(&gone, container, MS_ENHANCED_PROV_W, PROV_RSA_FULL, CRYPT_DELETEKEYSET | CRYPT_SILENT);
    }
    return rc;
}

/* Removes a certificate through the protocol and then its key container if nothing uses it. */
static int remove_cert(Arena *a, const char *thumb, char *detail, size_t cap)
{
    BYTE t[20];
    if (hex_thumbprint(thumb, t)) { snprintf(detail, cap, "bad thumbprint"); return 0; }
    CRYPT_KEY_PROV_INFO *ki = cert_key_info(t);
    Buf b;
    buf_init(&b);
    req_begin(&b, "cert.remove");
    buf_kstr(&b, "thumbprint", thumb);
    buf_puts(&b, ",\"keep\":[]}");
    const JNode *r = call(a, &b);
    detail_of(r, detail, cap);
    int ok = ok_of(r) && cert_present(t) == 0;
    if (ok && ki) delete_key_if_unused(ki);
    free(ki);
    return ok;
}

static void rm_tree_files(const WCHAR *dir)
{
    WCHAR pat[MAX_PATH], f[MAX_PATH];
    WIN32_FIND_DATAW fd;
    swprintf(pat, MAX_PATH, L"%ls\\*", dir);
    HANDLE h = FindFirstFileW(pat, &fd);
    if (h != INVALID_HANDLE_VALUE) {
        do {
            if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
            swprintf(f, MAX_PATH, L"%ls\\%ls", dir, fd.cFileName);
            DeleteFileW(f);
        } while (FindNextFileW(h, &fd));
        FindClose(h);
    }
    RemoveDirectoryW(dir);
}

static void certs(ST *st, Arena *a, const WCHAR *tmp, const char *tag)
{
    char d[1024], t1[41] = "", t2[41] = "";
    Buf b;
    buf_init(&b);
    const JNode *r;
    WCHAR container[96], x500[128], issuer_w[96];
    WCHAR wtag[9];
    for (int i = 0; i < 9; i++) wtag[i] = (WCHAR)tag[i];
    swprintf(container, 96, L"SuccessionKit.selftest.%ls", wtag);
    swprintf(issuer_w, 96, L"SuccessionKit selftest %ls", wtag);
    swprintf(x500, 128, L"CN=\"%ls\"", issuer_w);
    char issuer[96];
    snprintf(issuer, sizeof issuer, "SuccessionKit selftest %s", tag);

    int made = make_cert(container, x500, t1) == 0;
    if (made) snprintf(d, sizeof d, "thumbprint %s", t1);
    else snprintf(d, sizeof d, "win32 %lu", (unsigned long)GetLastError());
    check(st, "cert.make", made, "a throwaway self-signed certificate with an exportable key is in CurrentUser\\MY", d);
    if (!made) return;

    req_begin(&b, "cert.list");
    buf_puts(&b, "}");
    r = call(a, &b);
    const JNode *c = find_cert(r, t1);
    snprintf(d, sizeof d, "hasPrivateKey %d, exportable %d, issuedTo %s", c ? bool_of(c, "hasPrivateKey") : -2,
             c ? bool_of(c, "exportable") : -2, c ? str_of(c, "issuedTo") : "");
    check(st, "cert.list", c && bool_of(c, "hasPrivateKey") == 1 && bool_of(c, "exportable") == 1 &&
                                 !strcmp(str_of(c, "issuedTo"), issuer),
          "cert.list shows it with its key, exportable, 発行先 as made", d);

    req_begin(&b, "cert.list");
    buf_kstr(&b, "issuerContains", issuer);
    buf_puts(&b, "}");
    r = call(a, &b);
    int hit = find_cert(r, t1) != NULL;
    req_begin(&b, "cert.list");
    buf_kstr(&b, "issuerContains", "no such issuer 9f3c");
    buf_puts(&b, "}");
    r = call(a, &b);
    int miss = find_cert(r, t1) == NULL;
    check(st, "cert.list.issuer", hit && miss, "issuerContains matches the issuer (matched by the agent, not by Wine's/Windows' find)", "");

    /* ---- exportPublic ---- */
    WCHAR cer[MAX_PATH], pfx[MAX_PATH];
    swprintf(cer, MAX_PATH, L"%ls\\public.cer", tmp);
    swprintf(pfx, MAX_PATH, L"%ls\\with-key.pfx", tmp);
    req_begin(&b, "cert.exportPublic");
    buf_kstr(&b, "thumbprint", t1);
    buf_kwstr(&b, "path", cer);
    buf_puts(&b, "}");
    r = call(a, &b);
    detail_of(r, d, sizeof d);
    BYTE fd[32];
    ULONGLONG fs;
    int ex = 0;
    AgentError e = {0};
    char fh[65] = "";
    if (digest_file(cer, 0, fd, &fs, &ex, &e) == 0 && ex) hex_lower(fd, 32, fh);
    check(st, "cert.exportPublic", ok_of(r) && ex && !strcmp(fh, str_of(r, "sha256")),
          "cert.exportPublic writes the .cer; the file's SHA-256 is the one replied", d);

    /* ---- export with key ---- */
    char pw[32];
    snprintf(pw, sizeof pw, "selftest-%s", tag);
    req_begin(&b, "cert.export");
    buf_kstr(&b, "thumbprint", t1);
    buf_kwstr(&b, "path", pfx);
    buf_kstr(&b, "password", pw);
    buf_puts(&b, "}");
    r = call(a, &b);
    detail_of(r, d, sizeof d);
    int exported = ok_of(r) && bool_of(r, "verified") == 1;
    check(st, "cert.export", exported, "cert.export writes a PFX with the private key that opens again with its key", d);
    SecureZeroMemory(pw, sizeof pw);

    /* ---- remove ---- */
    req_begin(&b, "cert.remove");
    buf_kstr(&b, "thumbprint", t1);
    buf_puts(&b, ",\"keep\":[");
    buf_jstr(&b, t1);
    buf_puts(&b, "]}");
    r = call(a, &b);
    BYTE tb[20];
    hex_thumbprint(t1, tb);
    check(st, "cert.remove.kept", !ok_of(r) && !strcmp(err_of(r), "agent.cert.kept") && cert_present(tb) == 1,
          "cert.remove refuses a thumbprint on the keep list and the certificate stays", err_of(r));
    int removed = remove_cert(a, t1, d, sizeof d);
    check(st, "cert.remove", removed, "cert.remove removes it; a fresh store handle no longer finds it", d);
    req_begin(&b, "cert.remove");
    buf_kstr(&b, "thumbprint", t1);
    buf_puts(&b, ",\"keep\":[]}");
    r = call(a, &b);
    check(st, "cert.remove.notFound", !ok_of(r) && !strcmp(err_of(r), "agent.cert.notFound"),
          "removing it again is agent.cert.notFound (a resumed job can tell)", err_of(r));

    /* ---- import of the built-in throwaway .p12 ---- */
    for (int pass = 0; pass < 2; pass++) {
        req_begin(&b, "cert.import");
        buf_key(&b, "pfxBase64");
        buf_putc(&b, '"');
        b64(&b, SELFTEST_PFX, sizeof SELFTEST_PFX);
        buf_putc(&b, '"');
        buf_kstr(&b, "password", SELFTEST_PFX_PASSWORD);
        buf_puts(&b, ",\"installCA\":false}");
        r = call(a, &b);
        detail_of(r, d, sizeof d);
        if (pass == 0) {
            snprintf(t2, sizeof t2, "%s", str_of(r, "thumbprint"));
            size_t l = strlen(d);
            snprintf(d + l, sizeof d - l, "%sextendedProperties %s", l ? "; " : "",
                     bool_of(r, "extendedProperties") == 1 ? "accepted" : "rejected by the system, imported without");
            check(st, "cert.import", ok_of(r) && bool_of(r, "alreadyPresent") == 0 && bool_of(r, "hasPrivateKey") == 1 &&
                                         bool_of(r, "exportable") == 1,
                  "cert.import of a throwaway .p12: in CurrentUser\\MY with an exportable key", d);
        } else {
            check(st, "cert.import.again", ok_of(r) && bool_of(r, "alreadyPresent") == 1,
                  "importing it again answers alreadyPresent", d);
        }
    }
    req_begin(&b, "cert.import");
    buf_key(&b, "pfxBase64");
    buf_putc(&b, '"');
    b64(&b, SELFTEST_PFX, sizeof SELFTEST_PFX);
    buf_putc(&b, '"');
    buf_kstr(&b, "password", "wrong-pin");
    buf_puts(&b, "}");
    r = call(a, &b);
    detail_of(r, d, sizeof d);
    check(st, "cert.import.wrongPin", !ok_of(r) && !strcmp(err_of(r), "agent.cert.wrongPassword"),
          "a wrong PIN is agent.cert.wrongPassword", d);

    CRYPT_DATA_BLOB blob = {sizeof SELFTEST_PFX, (BYTE *)SELFTEST_PFX};
    BOOL right = PFXVerifyPassword(&blob, L"" SELFTEST_PFX_PASSWORD, 0), wrong = PFXVerifyPassword(&blob, L"wrong-pin", 0);
    snprintf(d, sizeof d, "right PIN %s, wrong PIN %s", right ? "accepted" : "refused", wrong ? "accepted" : "refused");
    check(st, "pfx.verifyPassword", right && !wrong, "PFXVerifyPassword tells the right PIN from a wrong one", d);

    if (t2[0]) check(st, "cert.remove.imported", remove_cert(a, t2, d, sizeof d), "the imported throwaway certificate is removed again", d);

    /* ---- the exported PFX, imported back: ④'s archive restores ---- */
    if (exported) {
        req_begin(&b, "cert.import");
        buf_kwstr(&b, "path", pfx);
        snprintf(pw, sizeof pw, "selftest-%s", tag);
        buf_kstr(&b, "password", pw);
        SecureZeroMemory(pw, sizeof pw);
        buf_puts(&b, ",\"installCA\":false}");
        r = call(a, &b);
        detail_of(r, d, sizeof d);
        int back = ok_of(r) && !strcmp(str_of(r, "thumbprint"), t1) && bool_of(r, "hasPrivateKey") == 1;
        check(st, "cert.import.roundTrip", back, "the exported PFX imports back with its key (④'s archive restores)", d);
        if (back) remove_cert(a, t1, d, sizeof d);
    } else {
        check(st, "cert.import.roundTrip", -1, "the exported PFX imports back with its key", "no PFX: cert.export failed");
    }
    /* The throwaway key container of the made certificate, if remove_cert left it. */
    HCRYPTPROV gone;
    CryptAcquireContextW(&gone, container, MS_ENHANCED_PROV_W, PROV_RSA_FULL, CRYPT_DELETEKEYSET | CRYPT_SILENT);
    BYTE tt[20];
    int left = 0;
    if (!hex_thumbprint(t1, tt) && cert_present(tt) == 1) left++;
    if (t2[0] && !hex_thumbprint(t2, tt) && cert_present(tt) == 1) left++;
    snprintf(d, sizeof d, "%d left", left);
    check(st, "cert.cleanup", left == 0, "no throwaway certificate is left in CurrentUser\\MY", d);
    buf_free(&b);
}

static void creds(ST *st, Arena *a, const char *tag)
{
    char d[1024], target[96], target2[96];
    Buf b;
    buf_init(&b);
    const JNode *r;
    snprintf(target, sizeof target, "SuccessionKit.selftest.%s", tag);
    snprintf(target2, sizeof target2, "SuccessionKit.selftest.%s.ansi", tag);

    req_begin(&b, "cred.create");
    buf_kstr(&b, "target", target);
    buf_kstr(&b, "userName", "R0RENK01");
    buf_kstr(&b, "value", "0123456789");
    buf_kstr(&b, "persist", "localMachine");
    buf_puts(&b, "}");
    r = call(a, &b);
    detail_of(r, d, sizeof d);
    check(st, "cred.create", ok_of(r) && !strcmp(str_of(r, "value"), "0123456789") && !strcmp(str_of(r, "encoding"), "utf16le"),
          "cred.create makes a throwaway generic credential (UTF-16LE), read back", d);

    req_begin(&b, "cred.write");
    buf_kstr(&b, "target", target);
    buf_kstr(&b, "value", "9876543210");
    buf_puts(&b, "}");
    r = call(a, &b);
    detail_of(r, d, sizeof d);
    check(st, "cred.write", ok_of(r) && !strcmp(str_of(r, "value"), "9876543210") && !strcmp(str_of(r, "userName"), "R0RENK01") &&
                                !strcmp(str_of(r, "persist"), "localMachine") && !strcmp(str_of(r, "encoding"), "utf16le"),
          "cred.write changes the value and keeps user name, persistence and encoding", d);

    req_begin(&b, "cred.read");
    buf_kstr(&b, "target", target);
    buf_puts(&b, "}");
    r = call(a, &b);
    detail_of(r, d, sizeof d);
    check(st, "cred.read", ok_of(r) && !strcmp(str_of(r, "value"), "9876543210"), "cred.read reads the new value back", d);

    req_begin(&b, "cred.write");
    buf_kstr(&b, "target", target);
    buf_kstr(&b, "value", "1111111111");
    buf_kstr(&b, "ifValue", "0000000000");
    buf_puts(&b, "}");
    r = call(a, &b);
    check(st, "cred.write.ifValue", !ok_of(r) && !strcmp(err_of(r), "agent.cred.valueChanged"),
          "cred.write with a stale ifValue is refused", err_of(r));

    req_begin(&b, "cred.create");
    buf_kstr(&b, "target", target2);
    buf_kstr(&b, "userName", "selftest");
    buf_kstr(&b, "value", "0123456789");
    buf_kstr(&b, "encoding", "ansi");
    buf_puts(&b, "}");
    r = call(a, &b);
    req_begin(&b, "cred.write");
    buf_kstr(&b, "target", target2);
    buf_kstr(&b, "value", "5555555555");
    buf_puts(&b, "}");
    r = call(a, &b);
    detail_of(r, d, sizeof d);
    check(st, "cred.write.ansi", ok_of(r) && !strcmp(str_of(r, "encoding"), "ansi") && !strcmp(str_of(r, "value"), "5555555555"),
          "an ANSI-encoded entry stays ANSI when written", d);

    req_begin(&b, "cred.read");
    buf_kstr(&b, "target", "SomeoneElse.Credential");
    buf_puts(&b, "}");
    r = call(a, &b);
    check(st, "cred.refused", !ok_of(r) && !strcmp(err_of(r), "agent.cred.refused"),
          "a credential the agent does not serve is refused", err_of(r));

    WCHAR *w1 = utf8_to_wide(target), *w2 = utf8_to_wide(target2);
    int del = w1 && w2 && cred_delete_selftest(w1) == 0 && cred_delete_selftest(w2) == 0;
    req_begin(&b, "cred.read");
    buf_kstr(&b, "target", target);
    buf_puts(&b, "}");
    r = call(a, &b);
    check(st, "cred.cleanup", del && !strcmp(err_of(r), "agent.cred.notFound"), "the throwaway credentials are deleted", err_of(r));
    free(w1);
    free(w2);
    buf_free(&b);
}

static void files(ST *st, Arena *a, const WCHAR *tmp, const char *tag)
{
    char d[1024];
    Buf b;
    buf_init(&b);
    const JNode *r;
    req_begin(&b, "file.digest");
    buf_kstr(&b, "path", "C:\\Windows\\win.ini");
    buf_puts(&b, "}");
    r = call(a, &b);
    int out1 = !strcmp(err_of(r), "agent.path.refused");
    WCHAR esc[MAX_PATH];
    swprintf(esc, MAX_PATH, L"%ls\\..\\x.ini", oqs_auth_folder());
    req_begin(&b, "file.digest");
    buf_kwstr(&b, "path", esc);
    buf_puts(&b, "}");
    r = call(a, &b);
    int out2 = !strcmp(err_of(r), "agent.path.refused");
    check(st, "file.refused", out1 && out2, "file ops refuse a path outside OQS-Auth and a path with ..", "");

    DWORD at = GetFileAttributesW(oqs_auth_folder());
    if (at == INVALID_FILE_ATTRIBUTES || !(at & FILE_ATTRIBUTE_DIRECTORY)) {
        check(st, "file.ops", -1, "digest/archive/remove/restore in OQS-Auth", "this PC has no OQS-Auth folder");
        buf_free(&b);
        return;
    }
    WCHAR f[MAX_PATH], arc[MAX_PATH];
    WCHAR wtag[9];
    for (int i = 0; i < 9; i++) wtag[i] = (WCHAR)tag[i];
    swprintf(f, MAX_PATH, L"%ls\\SuccessionKit.selftest.%ls.ini", oqs_auth_folder(), wtag);
    swprintf(arc, MAX_PATH, L"%ls\\ReaderInfo-archive.ini", tmp);
    static const char content[] = "[selftest]\r\nThrowaway=1\r\n";
    AgentError e = {0};
    int same;
    if (write_file_atomic(f, (const BYTE *)content, sizeof content - 1, 0, &e, &same)) {
        check(st, "file.ops", 0, "a throwaway file can be written in OQS-Auth as this user",
              !strcmp(e.code, "agent.file.accessDenied")
                  ? "access denied: ⑤'s file.remove/file.restore would need an elevated agent or a person in Explorer"
                  : e.message);
        buf_free(&b);
        return;
    }
    BYTE want[32];
    char wh[65];
    sha256((const BYTE *)content, sizeof content - 1, want);
    hex_lower(want, 32, wh);
    req_begin(&b, "file.digest");
    buf_kwstr(&b, "path", f);
    buf_puts(&b, "}");
    r = call(a, &b);
    detail_of(r, d, sizeof d);
    check(st, "file.digest", ok_of(r) && !strcmp(str_of(r, "sha256"), wh), "file.digest of a throwaway file in OQS-Auth", d);

    req_begin(&b, "file.remove");
    buf_kwstr(&b, "path", f);
    buf_kwstr(&b, "archive", arc);
    buf_puts(&b, "}");
    r = call(a, &b);
    check(st, "file.remove.noArchive", !ok_of(r) && !strcmp(err_of(r), "agent.file.noArchive") &&
                                           GetFileAttributesW(f) != INVALID_FILE_ATTRIBUTES,
          "file.remove refuses while no archive exists", err_of(r));

    req_begin(&b, "file.archive");
    buf_kwstr(&b, "path", f);
    buf_kwstr(&b, "destination", arc);
    buf_puts(&b, "}");
    r = call(a, &b);
    detail_of(r, d, sizeof d);
    check(st, "file.archive", ok_of(r) && !strcmp(str_of(r, "sha256"), wh), "file.archive copies it out, same SHA-256", d);

    req_begin(&b, "file.remove");
    buf_kwstr(&b, "path", f);
    buf_kwstr(&b, "archive", arc);
    buf_puts(&b, "}");
    r = call(a, &b);
    detail_of(r, d, sizeof d);
    check(st, "file.remove", ok_of(r) && GetFileAttributesW(f) == INVALID_FILE_ATTRIBUTES,
          "file.remove removes it once the archive matches", d);

    req_begin(&b, "file.restore");
    buf_kwstr(&b, "archive", arc);
    buf_kwstr(&b, "path", f);
    buf_kstr(&b, "sha256", wh);
    buf_puts(&b, "}");
    r = call(a, &b);
    detail_of(r, d, sizeof d);
    check(st, "file.restore", ok_of(r) && !strcmp(str_of(r, "sha256"), wh), "file.restore puts it back, digest verified", d);

    DeleteFileW(f);
    DeleteFileW(arc);
    check(st, "file.cleanup", GetFileAttributesW(f) == INVALID_FILE_ATTRIBUTES, "the throwaway file is gone from OQS-Auth", "");
    buf_free(&b);
}

static void runs(ST *st, const WCHAR *tmp)
{
    WCHAR bat[MAX_PATH];
    swprintf(bat, MAX_PATH, L"%ls\\answer.bat", tmp);
    /* 「初期化完了」 in CP932, as the real tool's text is. */
    static const char script[] = "@echo off\r\nset /p ANSWER=\r\necho \x8f\x89\x8a\xfa\x89\xbb\x8a\xae\x97\xb9 %ANSWER%\r\nexit /b 7\r\n";
    AgentError e = {0};
    int same;
    char d[1024];
    if (write_file_atomic(bat, (const BYTE *)script, sizeof script - 1, 0, &e, &same)) {
        check(st, "run.batch", 0, "a throwaway batch runs with 「1」 on its input", e.message);
        return;
    }
    DWORD code = 0;
    char *out = NULL;
    int trunc = 0;
    static const RunStep steps[] = {{NULL, "1\r\n"}, {INIT_DONE_CP932, "\r\n"}};
    int rc = run_batch(bat, steps, 2, 30000, &code, &out, &trunc, &e);
    if (rc) snprintf(d, sizeof d, "%s", e.message);
    else {
        /* One line of text: the batch's line ends shown as "⏎". */
        Buf o;
        buf_init(&o);
        for (const char *p = out ? out : ""; *p && o.len < 200; p++) {
            if (*p == '\r') continue;
            if (*p == '\n') buf_puts(&o, "⏎");
            else buf_putc(&o, *p);
        }
        snprintf(d, sizeof d, "exit code %lu, output \"%s\"", (unsigned long)code, o.data ? o.data : "");
        buf_free(&o);
    }
    check(st, "run.batch", rc == 0 && code == 7 && out && strstr(out, "初期化完了 1"),
          "a throwaway batch answered 「1」: exit code and CP932 output come back as UTF-8", d);
    free(out);
    DeleteFileW(bat);
    DWORD at = GetFileAttributesW(initialize_face_path());
    check(st, "run.initializeFace", -1, "InitializeFace.bat is not run by the selftest (it would reset the readers)",
          at != INVALID_FILE_ATTRIBUTES ? "present at C:\\Work\\InitializeFace.bat" : "absent from C:\\Work");
    WCHAR p[MAX_PATH];
    check(st, "run.comAppRestart", -1, "OQSComAppRestart is not run by the selftest (it restarts the service)",
          find_com_app_restart(p, MAX_PATH) ? "present" : "absent");
}

int cmd_selftest(int argc, WCHAR **argv)
{
    int json = 0;
    for (int i = 0; i < argc; i++) {
        if (!wcscmp(argv[i], L"--json")) json = 1;
        else { out_text("usage: succession-agent.exe selftest [--json]\n"); return 2; }
    }
    ST st;
    memset(&st, 0, sizeof st);
    buf_init(&st.text);
    buf_init(&st.json);
    buf_putc(&st.json, '[');
    st.wine = running_under_wine(NULL);
    Arena a = {0};
    BYTE rnd[4];
    char tag[9];
    random_bytes(rnd, 4);
    hex_lower(rnd, 4, tag);

    Buf b;
    buf_init(&b);
    req_begin(&b, "hello");
    buf_puts(&b, "}");
    const JNode *r = call(&a, &b);
    char d[512];
    const JNode *pv = json_get(r, "protocol");
    snprintf(d, sizeof d, "user %s, %s%s%s, elevated %s", str_of(r, "user"), str_of(json_get(r, "windows"), "name"),
             st.wine ? ", Wine " : "", st.wine ? str_of(r, "wine") : "", bool_of(r, "elevated") == 1 ? "yes" : "no");
    check(&st, "hello", ok_of(r) && pv && pv->integer == PROTOCOL_VERSION, "hello answers protocol 1", d);

    WCHAR tp[MAX_PATH], tmp[MAX_PATH];
    DWORD tl = GetTempPathW(MAX_PATH, tp);
    if (tl && tl < MAX_PATH - 40 && tp[tl - 1] == L'\\') tp[tl - 1] = 0;
    WCHAR wtag[9];
    for (int i = 0; i < 9; i++) wtag[i] = (WCHAR)tag[i];
    swprintf(tmp, MAX_PATH, L"%ls\\SuccessionKit.selftest.%ls", tp, wtag);
    AgentError te = {0};
    if (!tl || !CreateDirectoryW(tmp, NULL) || check_plain_absolute(tmp, &te, "temp")) {
        check(&st, "temp", 0, "a temporary folder for the selftest's files", te.code ? te.message : "CreateDirectoryW failed");
    } else {
        certs(&st, &a, tmp, tag);
        creds(&st, &a, tag);
        files(&st, &a, tmp, tag);
        runs(&st, tmp);
        rm_tree_files(tmp);
        check(&st, "temp.cleanup", GetFileAttributesW(tmp) == INVALID_FILE_ATTRIBUTES, "the temporary folder is removed", "");
    }
    arena_wipe_free(&a);

    char tail[128];
    snprintf(tail, sizeof tail, "%d passed, %d failed, %d skipped\n", st.passed, st.failed, st.skipped);
    if (json) {
        buf_putc(&st.json, ']');
        Buf o;
        buf_init(&o);
        buf_puts(&o, "{\"checks\":");
        buf_put(&o, st.json.data, st.json.len);
        buf_kint(&o, "passed", st.passed);
        buf_kint(&o, "failed", st.failed);
        buf_kint(&o, "skipped", st.skipped);
        buf_kbool(&o, "wine", st.wine);
        buf_puts(&o, "}\n");
        out_text(o.data);
        buf_free(&o);
    } else {
        buf_puts(&st.text, tail);
        out_text(st.text.data);
    }
    buf_free(&st.text);
    buf_free(&st.json);
    return st.failed ? 1 : 0;
}

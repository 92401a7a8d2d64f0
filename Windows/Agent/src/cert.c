/* Certificates in CurrentUser\MY (the 個人 tab of Edge's 証明書の管理): ④ list/export/remove,
 * ⑦ import, ⑧ check. Thumbprints are the SHA-1 of the certificate (CERT_HASH_PROP_ID), the 拇印
 * a person sees, lower-case hex on the wire. */
#include "agent.h"
#include <ncrypt.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

static HCERTSTORE open_user_store(const WCHAR *name, int write, AgentError *e)
{
    DWORD flags = CERT_SYSTEM_STORE_CURRENT_USER | (write ? 0 : CERT_STORE_READONLY_FLAG);
    HCERTSTORE s = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, flags, name);
    if (!s) {
        char *n = wide_to_utf8(name);
        fail(e, "agent.cert.storeFailed", GetLastError(), "cannot open the certificate store CurrentUser\\%s",
             n ? n : "?");
        free(n);
    }
    return s;
}

static int thumb_of(PCCERT_CONTEXT c, BYTE out[20])
{
    DWORD n = 20;
    return CertGetCertificateContextProperty(c, CERT_HASH_PROP_ID, out, &n) && n == 20 ? 0 : -1;
}

/* Enumerates rather than CertFindCertificateInStore: one code path for every lookup, the same
 * on Wine and Windows. The returned context is the caller's to free. */
static PCCERT_CONTEXT find_thumb(HCERTSTORE s, const BYTE t[20])
{
    PCCERT_CONTEXT c = NULL;
    BYTE h[20];
    while ((c = CertEnumCertificatesInStore(s, c)))
        if (thumb_of(c, h) == 0 && memcmp(h, t, 20) == 0) return c;
    return NULL;
}

static int get_thumb_field(const JNode *req, const char *key, BYTE t[20], AgentError *e)
{
    const char *s;
    if (field_str(req, key, 1, &s, e)) return -1;
    if (hex_thumbprint(s, t)) return fail(e, "agent.request.badField", 0, "field \"%s\" must be 40 hex digits", key);
    return 0;
}

static CRYPT_KEY_PROV_INFO *prov_info(PCCERT_CONTEXT c)
{
    DWORD n = 0;
    if (!CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, NULL, &n) || n == 0) return NULL;
    CRYPT_KEY_PROV_INFO *ki = malloc(n);
    if (ki && !CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, ki, &n)) {
        free(ki);
        ki = NULL;
    }
    return ki;
}

/* 1 exportable, 0 not, -1 cannot tell (the key could not be opened silently). */
static int key_exportable(PCCERT_CONTEXT c)
{
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE h = 0;
    DWORD spec = 0;
    BOOL must_free = FALSE;
    /* SILENT: a key with strong protection would otherwise show a password prompt. */
    if (!CryptAcquireCertificatePrivateKey(c, CRYPT_ACQUIRE_SILENT_FLAG | CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, NULL,
                                           &h, &spec, &must_free))
        return -1;
    int r = -1;
    if (spec == CERT_NCRYPT_KEY_SPEC) {
        DWORD policy = 0, cb = 0;
        if (NCryptGetProperty(h, NCRYPT_EXPORT_POLICY_PROPERTY, (PBYTE)&policy, sizeof policy, &cb, 0) == 0)
            r = (policy & (NCRYPT_ALLOW_EXPORT_FLAG | NCRYPT_ALLOW_PLAINTEXT_EXPORT_FLAG)) ? 1 : 0;
        if (must_free) NCryptFreeObject(h);
    } else {
        HCRYPTKEY k;
        BOOL got = CryptGetUserKey(h, spec, &k);
        /* Wine 8 records an imported key's spec as 3 and finds the key only as AT_KEYEXCHANGE.
         * Retrying the exchange key is right on Windows too: a container may hold only that one,
         * and it is the spec PFX imports use for RSA. */
        if (!got && spec != AT_KEYEXCHANGE) got = CryptGetUserKey(h, AT_KEYEXCHANGE, &k);
        if (got) {
            DWORD perm = 0, pl = sizeof perm;
            if (CryptGetKeyParam(k, KP_PERMISSIONS, (BYTE *)&perm, &pl, 0)) r = (perm & CRYPT_EXPORT) ? 1 : 0;
            CryptDestroyKey(k);
        }
        if (must_free) CryptReleaseContext(h, 0);
    }
    return r;
}

/* 1 when the private key the certificate links to is the certificate's own (its public half
 * equals the certificate's public key), 0 when it is another key, -1 when it cannot be opened.
 * A certificate whose key link names someone else's key looks fine in every list and fails at
 * the first TLS handshake; Wine 8's single key container makes exactly that. */
static int key_matches(PCCERT_CONTEXT c)
{
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE h = 0;
    DWORD spec = 0, n = 0;
    BOOL must_free = FALSE;
    if (!CryptAcquireCertificatePrivateKey(c, CRYPT_ACQUIRE_SILENT_FLAG | CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, NULL,
                                           &h, &spec, &must_free))
        return -1;
    int r = -1;
    DWORD use = spec;
    /* The same retry as key_exportable: Wine's spec 3 is found only as AT_KEYEXCHANGE. */
    if (!CryptExportPublicKeyInfo(h, use, X509_ASN_ENCODING, NULL, &n) && spec != CERT_NCRYPT_KEY_SPEC) {
        use = AT_KEYEXCHANGE;
        n = 0;
        if (!CryptExportPublicKeyInfo(h, use, X509_ASN_ENCODING, NULL, &n)) n = 0;
    }
    CERT_PUBLIC_KEY_INFO *pk = n ? malloc(n) : NULL;
    if (pk && CryptExportPublicKeyInfo(h, use, X509_ASN_ENCODING, pk, &n))
        r = CertComparePublicKeyInfo(X509_ASN_ENCODING, &c->pCertInfo->SubjectPublicKeyInfo, pk) ? 1 : 0;
    free(pk);
    if (must_free) {
        if (spec == CERT_NCRYPT_KEY_SPEC) NCryptFreeObject(h);
        else CryptReleaseContext(h, 0);
    }
    return r;
}

static int has_key_now(PCCERT_CONTEXT c)
{
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE h = 0;
    DWORD spec = 0;
    BOOL must_free = FALSE;
    if (!CryptAcquireCertificatePrivateKey(c, CRYPT_ACQUIRE_SILENT_FLAG | CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, NULL,
                                           &h, &spec, &must_free))
        return 0;
    if (must_free) {
        if (spec == CERT_NCRYPT_KEY_SPEC) NCryptFreeObject(h);
        else CryptReleaseContext(h, 0);
    }
    return 1;
}

/* Whether a certificate carries a private key at all, by its properties: a persisted key's
 * link (KEY_PROV_INFO), or an in-memory key from PKCS12_NO_PERSIST_KEY (KEY_CONTEXT on Wine 8,
 * an NCRYPT handle on Windows). Used on a PFX opened in memory, where Wine cannot acquire the
 * key through CryptAcquireCertificatePrivateKey; the property test is right on both. */
static int has_key_property(PCCERT_CONTEXT c)
{
    static const DWORD ids[] = {CERT_KEY_PROV_INFO_PROP_ID, CERT_KEY_CONTEXT_PROP_ID, CERT_NCRYPT_KEY_HANDLE_PROP_ID};
    for (int i = 0; i < 3; i++) {
        DWORD n = 0;
        if (CertGetCertificateContextProperty(c, ids[i], NULL, &n)) return 1;
    }
    return 0;
}

static WCHAR *name_str(PCERT_NAME_BLOB blob)
{
    DWORD flags = CERT_X500_NAME_STR | CERT_NAME_STR_REVERSE_FLAG;
    DWORD n = CertNameToStrW(X509_ASN_ENCODING, blob, flags, NULL, 0);
    WCHAR *w = malloc((n ? n : 1) * sizeof(WCHAR));
    if (!w) return NULL;
    w[0] = 0;
    if (n) CertNameToStrW(X509_ASN_ENCODING, blob, flags, w, n);
    return w;
}

/* 発行先 / 発行者 as Edge shows them: the CN, or the simple display name when there is no CN. */
static WCHAR *cn_of(PCCERT_CONTEXT c, DWORD issuer_flag)
{
    WCHAR *w = NULL;
    for (int pass = 0; pass < 2; pass++) {
        DWORD type = pass == 0 ? CERT_NAME_ATTR_TYPE : CERT_NAME_SIMPLE_DISPLAY_TYPE;
        void *para = pass == 0 ? (void *)szOID_COMMON_NAME : NULL;
        DWORD n = CertGetNameStringW(c, type, issuer_flag, para, NULL, 0);
        free(w);
        w = malloc((n ? n : 1) * sizeof(WCHAR));
        if (!w) return NULL;
        w[0] = 0;
        if (n) CertGetNameStringW(c, type, issuer_flag, para, w, n);
        if (w[0]) break;
    }
    return w;
}

static int contains_nocase(const WCHAR *hay, const WCHAR *needle)
{
    size_t nl = wcslen(needle);
    if (!nl) return 1;
    for (const WCHAR *p = hay; *p; p++) {
        size_t i = 0;
        while (i < nl && p[i] && towlower(p[i]) == towlower(needle[i])) i++;
        if (i == nl) return 1;
    }
    return 0;
}

static void cert_json(Buf *out, PCCERT_CONTEXT c)
{
    BYTE t[20];
    char hex[41];
    char when[32];
    if (thumb_of(c, t)) memset(t, 0, 20);
    hex_lower(t, 20, hex);
    buf_puts(out, "{\"thumbprint\":");
    buf_jstr(out, hex);
    WCHAR *s = name_str(&c->pCertInfo->Subject), *i = name_str(&c->pCertInfo->Issuer);
    WCHAR *to = cn_of(c, 0), *by = cn_of(c, CERT_NAME_ISSUER_FLAG);
    buf_kwstr(out, "subject", s ? s : L"");
    buf_kwstr(out, "issuer", i ? i : L"");
    buf_kwstr(out, "issuedTo", to ? to : L"");
    buf_kwstr(out, "issuedBy", by ? by : L"");
    free(s);
    free(i);
    free(to);
    free(by);
    /* The serial is stored little-endian; people and OpenSSL read it big-endian. */
    const CRYPT_INTEGER_BLOB *sn = &c->pCertInfo->SerialNumber;
    char *sh = malloc(sn->cbData * 2 + 1);
    if (sh) {
        for (DWORD k = 0; k < sn->cbData; k++) hex_lower(&sn->pbData[sn->cbData - 1 - k], 1, sh + 2 * k);
        sh[sn->cbData * 2] = 0;
        buf_kstr(out, "serialNumber", sh);
        free(sh);
    }
    iso8601(&c->pCertInfo->NotBefore, when);
    buf_kstr(out, "notBefore", when);
    iso8601(&c->pCertInfo->NotAfter, when);
    buf_kstr(out, "notAfter", when);
    DWORD fn = 0;
    WCHAR *friendly = NULL;
    if (CertGetCertificateContextProperty(c, CERT_FRIENDLY_NAME_PROP_ID, NULL, &fn) && fn >= sizeof(WCHAR) &&
        (friendly = calloc(fn / sizeof(WCHAR) + 1, sizeof(WCHAR))))
        CertGetCertificateContextProperty(c, CERT_FRIENDLY_NAME_PROP_ID, friendly, &fn);
    buf_kwstr(out, "friendlyName", friendly ? friendly : L"");
    free(friendly);
    CRYPT_KEY_PROV_INFO *ki = prov_info(c);
    buf_kbool(out, "hasPrivateKey", ki != NULL);
    if (ki) {
        int x = key_exportable(c);
        buf_key(out, "exportable");
        buf_puts(out, x < 0 ? "null" : x ? "true" : "false");
        int m = key_matches(c);
        buf_key(out, "keyMatches");
        buf_puts(out, m < 0 ? "null" : m ? "true" : "false");
        buf_kwstr(out, "keyContainer", ki->pwszContainerName ? ki->pwszContainerName : L"");
        buf_kwstr(out, "keyProvider", ki->pwszProvName ? ki->pwszProvName : L"");
    } else {
        buf_knull(out, "exportable");
        buf_knull(out, "keyMatches");
        buf_knull(out, "keyContainer");
        buf_knull(out, "keyProvider");
    }
    free(ki);
    buf_putc(out, '}');
}

int op_cert_list(const JNode *req, Buf *out, AgentError *e)
{
    const char *filter;
    if (field_str(req, "issuerContains", 0, &filter, e)) return -1;
    WCHAR *wf = filter ? utf8_to_wide(filter) : NULL;
    HCERTSTORE s = open_user_store(L"MY", 0, e);
    if (!s) { free(wf); return -1; }
    buf_key(out, "store");
    buf_jstr(out, "CurrentUser\\MY");
    buf_key(out, "certificates");
    buf_putc(out, '[');
    int first = 1;
    PCCERT_CONTEXT c = NULL;
    while ((c = CertEnumCertificatesInStore(s, c))) {
        if (wf) {
            /* Matched here, not with CertFindCertificateInStore(CERT_FIND_ISSUER_STR_W): Wine 8's
             * searches the subject instead. Our own match is the same on Windows. */
            WCHAR *iss = name_str(&c->pCertInfo->Issuer);
            int m = iss && contains_nocase(iss, wf);
            free(iss);
            if (!m) continue;
        }
        if (!first) buf_putc(out, ',');
        first = 0;
        cert_json(out, c);
    }
    buf_putc(out, ']');
    CertCloseStore(s, 0);
    free(wf);
    return 0;
}

/* Writes every certificate of CurrentUser\MY whose issuer contains `filter` (NULL: all) as a JSON
 * array; used by status. Returns the count of the rest. */
int cert_list_json(Buf *out, const WCHAR *filter, int *others)
{
    AgentError e;
    *others = 0;
    HCERTSTORE s = open_user_store(L"MY", 0, &e);
    buf_putc(out, '[');
    if (s) {
        int first = 1;
        PCCERT_CONTEXT c = NULL;
        while ((c = CertEnumCertificatesInStore(s, c))) {
            WCHAR *iss = name_str(&c->pCertInfo->Issuer);
            int m = !filter || (iss && contains_nocase(iss, filter));
            free(iss);
            if (!m) { (*others)++; continue; }
            if (!first) buf_putc(out, ',');
            first = 0;
            cert_json(out, c);
        }
        CertCloseStore(s, 0);
    }
    buf_putc(out, ']');
    return s ? 0 : -1;
}

static int export_pfx(PCCERT_CONTEXT c, const WCHAR *pw, CRYPT_DATA_BLOB *blob, AgentError *e)
{
    blob->cbData = 0;
    blob->pbData = NULL;
    HCERTSTORE mem = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    if (!mem) return fail(e, "agent.internal", GetLastError(), "no memory store");
    int rc = -1;
    DWORD flags = EXPORT_PRIVATE_KEYS | REPORT_NO_PRIVATE_KEY | REPORT_NOT_ABLE_TO_EXPORT_PRIVATE_KEY;
    if (!CertAddCertificateContextToStore(mem, c, CERT_STORE_ADD_ALWAYS, NULL)) {
        fail(e, "agent.internal", GetLastError(), "cannot copy the certificate to a memory store");
        goto done;
    }
    /* Cleared first so a failure that sets no error (Wine 8's PFXExportCertStoreEx is a stub
     * returning FALSE) reads as 0, not as some earlier call's leftover. */
    SetLastError(0);
    if (!PFXExportCertStoreEx(mem, blob, pw, NULL, flags) || blob->cbData == 0) {
        fail(e, "agent.cert.exportFailed", GetLastError(),
             "PFXExportCertStoreEx could not export the certificate with its private key");
        goto done;
    }
    blob->pbData = malloc(blob->cbData);
    if (!blob->pbData) { fail(e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory"); goto done; }
    SetLastError(0);
    if (!PFXExportCertStoreEx(mem, blob, pw, NULL, flags)) {
        fail(e, "agent.cert.exportFailed", GetLastError(), "PFXExportCertStoreEx failed");
        goto done;
    }
    rc = 0;
done:
    if (rc && blob->pbData) { wipe_free(blob->pbData, blob->cbData); blob->pbData = NULL; }
    CertCloseStore(mem, 0);
    return rc;
}

/* The archive must restore: open the PFX again (keys kept in memory only) and find the same
 * certificate with a usable private key. */
static int verify_pfx(CRYPT_DATA_BLOB *blob, const WCHAR *pw, const BYTE t[20], AgentError *e)
{
    SetLastError(0);
    HCERTSTORE s = PFXImportCertStore(blob, pw, PKCS12_NO_PERSIST_KEY);
    if (!s) return fail(e, "agent.cert.exportFailed", GetLastError(), "the exported PFX does not open again");
    PCCERT_CONTEXT c = find_thumb(s, t);
    int ok = c && (has_key_now(c) || has_key_property(c));
    if (c) CertFreeCertificateContext(c);
    CertCloseStore(s, 0);
    if (!ok) return fail(e, "agent.cert.exportFailed", 0, "the exported PFX does not hold the certificate with its key");
    return 0;
}

static void put_file_result(Buf *out, const WCHAR *path, const BYTE *data, DWORD n, int same)
{
    BYTE d[32];
    char hex[65];
    sha256(data, n, d);
    hex_lower(d, 32, hex);
    buf_kwstr(out, "path", path);
    buf_kint(out, "size", n);
    buf_kstr(out, "sha256", hex);
    buf_kbool(out, "alreadyPresent", same);
}

static int get_dest(const JNode *req, WCHAR **w, AgentError *e)
{
    const char *p;
    *w = NULL;
    if (field_str(req, "path", 1, &p, e)) return -1;
    if (!(*w = utf8_to_wide(p))) return fail(e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory");
    if (check_destination(*w, e, "path")) { free(*w); *w = NULL; return -1; }
    return 0;
}

int op_cert_export(const JNode *req, Buf *out, AgentError *e)
{
    BYTE t[20];
    const char *pw8;
    int overwrite, same = 0, rc = -1;
    WCHAR *path = NULL, *pw = NULL;
    HCERTSTORE s = NULL;
    PCCERT_CONTEXT c = NULL;
    CRYPT_DATA_BLOB blob = {0, NULL};
    if (get_thumb_field(req, "thumbprint", t, e) || field_str(req, "password", 1, &pw8, e) ||
        field_bool(req, "overwrite", 0, &overwrite, e) || get_dest(req, &path, e))
        goto done;
    if (!pw8[0]) { fail(e, "agent.request.badField", 0, "field \"password\" may not be empty: the archive holds a private key"); goto done; }
    if (!(pw = utf8_to_wide(pw8))) { fail(e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory"); goto done; }
    if (!(s = open_user_store(L"MY", 0, e))) goto done;
    if (!(c = find_thumb(s, t))) { fail(e, "agent.cert.notFound", CRYPT_E_NOT_FOUND, "no certificate with that thumbprint in CurrentUser\\MY"); goto done; }
    CRYPT_KEY_PROV_INFO *ki = prov_info(c);
    free(ki);
    if (!ki) { fail(e, "agent.cert.noPrivateKey", 0, "the certificate has no private key to export"); goto done; }
    if (key_exportable(c) == 0) { fail(e, "agent.cert.notExportable", 0, "the private key is marked not exportable"); goto done; }
    if (export_pfx(c, pw, &blob, e) || verify_pfx(&blob, pw, t, e)) goto done;
    if (write_file_atomic(path, blob.pbData, blob.cbData, overwrite, e, &same)) goto done;
    char hex[41];
    hex_lower(t, 20, hex);
    buf_kstr(out, "thumbprint", hex);
    put_file_result(out, path, blob.pbData, blob.cbData, same);
    buf_kbool(out, "verified", 1);
    rc = 0;
done:
    if (blob.pbData) wipe_free(blob.pbData, blob.cbData);
    wipe_free_w(pw);
    free(path);
    if (c) CertFreeCertificateContext(c);
    if (s) CertCloseStore(s, 0);
    return rc;
}

int op_cert_export_public(const JNode *req, Buf *out, AgentError *e)
{
    BYTE t[20];
    int overwrite, same = 0, rc = -1;
    WCHAR *path = NULL;
    HCERTSTORE s = NULL;
    PCCERT_CONTEXT c = NULL;
    if (get_thumb_field(req, "thumbprint", t, e) || field_bool(req, "overwrite", 0, &overwrite, e) ||
        get_dest(req, &path, e))
        goto done;
    if (!(s = open_user_store(L"MY", 0, e))) goto done;
    if (!(c = find_thumb(s, t))) { fail(e, "agent.cert.notFound", CRYPT_E_NOT_FOUND, "no certificate with that thumbprint in CurrentUser\\MY"); goto done; }
    if (write_file_atomic(path, c->pbCertEncoded, c->cbCertEncoded, overwrite, e, &same)) goto done;
    char hex[41];
    hex_lower(t, 20, hex);
    buf_kstr(out, "thumbprint", hex);
    put_file_result(out, path, c->pbCertEncoded, c->cbCertEncoded, same);
    rc = 0;
done:
    free(path);
    if (c) CertFreeCertificateContext(c);
    if (s) CertCloseStore(s, 0);
    return rc;
}

int cert_present(const BYTE t[20])
{
    AgentError e;
    HCERTSTORE s = open_user_store(L"MY", 0, &e);
    if (!s) return -1;
    PCCERT_CONTEXT c = find_thumb(s, t);
    if (c) CertFreeCertificateContext(c);
    CertCloseStore(s, 0);
    return c != NULL;
}

int op_cert_remove(const JNode *req, Buf *out, AgentError *e)
{
    BYTE t[20], k[20];
    const JNode *keep;
    if (get_thumb_field(req, "thumbprint", t, e) || field_arr(req, "keep", 1, &keep, e)) return -1;
    for (const JNode *m = keep->child; m; m = m->next) {
        if (m->type != J_STR || hex_thumbprint(m->str, k))
            return fail(e, "agent.request.badField", 0, "field \"keep\" must be an array of 40-hex-digit thumbprints");
        if (!memcmp(k, t, 20))
            return fail(e, "agent.cert.kept", 0, "that thumbprint is on the keep list: not removed");
    }
    HCERTSTORE s = open_user_store(L"MY", 1, e);
    if (!s) return -1;
    PCCERT_CONTEXT c = find_thumb(s, t);
    if (!c) {
        CertCloseStore(s, 0);
        return fail(e, "agent.cert.notFound", CRYPT_E_NOT_FOUND, "no certificate with that thumbprint in CurrentUser\\MY");
    }
    /* Deletes the certificate only, as Edge's 証明書の管理 「削除」 in the manual's ④ does; the key
     * container is left where it is (on Wine 8 it is shared with every other import). */
    if (!CertDeleteCertificateFromStore(c)) { /* frees c either way */
        DWORD err = GetLastError();
        CertCloseStore(s, 0);
        return fail(e, "agent.cert.removeFailed", err, "CertDeleteCertificateFromStore failed");
    }
    /* Wine 8 persists a delete only on COMMIT; on Windows a registry store is already written and
     * COMMIT is a harmless flush. */
    if (!CertControlStore(s, 0, CERT_STORE_CTRL_COMMIT, NULL)) {
        DWORD err = GetLastError();
        CertCloseStore(s, 0);
        return fail(e, "agent.cert.removeFailed", err, "committing the store after the delete failed");
    }
    CertCloseStore(s, 0);
    /* Read back through a fresh handle: the only proof that counts. */
    if (cert_present(t) != 0) return fail(e, "agent.cert.removeFailed", 0, "the certificate is still in the store");
    char hex[41];
    hex_lower(t, 20, hex);
    buf_kstr(out, "thumbprint", hex);
    buf_kbool(out, "removed", 1);
    return 0;
}

/* ---------------- import (⑦, ⑧) ---------------- */

static int self_signed(PCCERT_CONTEXT c)
{
    return CertCompareCertificateName(X509_ASN_ENCODING, &c->pCertInfo->Subject, &c->pCertInfo->Issuer) &&
           CryptVerifyCertificateSignatureEx(0, X509_ASN_ENCODING, CRYPT_VERIFY_CERT_SIGN_SUBJECT_CERT, (void *)c,
                                             CRYPT_VERIFY_CERT_SIGN_ISSUER_CERT, (void *)c, 0, NULL);
}

int op_cert_import(const JNode *req, Buf *out, AgentError *e)
{
    const char *b64, *path8, *pw8;
    int install_ca, rc = -1;
    BYTE *bytes = NULL;
    DWORD n = 0;
    WCHAR *pw = NULL, *path = NULL;
    HCERTSTORE probe = NULL, real = NULL, my = NULL;
    PCCERT_CONTEXT ee = NULL;
    BYTE t[20];
    if (field_str(req, "pfxBase64", 0, &b64, e) || field_str(req, "path", 0, &path8, e) ||
        field_str(req, "password", 1, &pw8, e) || field_bool(req, "installCA", 1, &install_ca, e))
        goto done;
    if ((b64 != NULL) == (path8 != NULL)) {
        fail(e, "agent.request.badField", 0, "give exactly one of \"pfxBase64\" and \"path\"");
        goto done;
    }
    if (b64) {
        if (base64_decode(b64, strlen(b64), &bytes, &n)) {
            fail(e, "agent.request.badField", 0, "field \"pfxBase64\" is not standard base64");
            goto done;
        }
    } else {
        if (!(path = utf8_to_wide(path8))) { fail(e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory"); goto done; }
        /* A caller's path: no symlink or junction on the way (check_destination's rules). */
        if (check_destination(path, e, "path") || read_small_file(path, &bytes, &n, e, "the .p12 file")) goto done;
    }
    if (!(pw = utf8_to_wide(pw8))) { fail(e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory"); goto done; }
    CRYPT_DATA_BLOB blob = {n, bytes};
    if (!PFXIsPFXBlob(&blob)) { fail(e, "agent.cert.badPfx", 0, "the data is not a PKCS#12 (.p12/.pfx) file"); goto done; }

    /* A first look with keys kept in memory only: learn what the file holds (and whether the PIN
     * is right) before anything is written to the user's stores or key containers. */
    SetLastError(0);
    /* CRYPT_EXPORTABLE too: Wine 8 does not honour PKCS12_NO_PERSIST_KEY and writes the key into
     * its one container; without the flag it would replace an exportable key with an unexportable
     * one. On Windows the in-memory key is thrown away, so the flag changes nothing there. */
    probe = PFXImportCertStore(&blob, pw, PKCS12_NO_PERSIST_KEY | CRYPT_EXPORTABLE);
    if (!probe) {
        DWORD err = GetLastError();
        if (err == ERROR_INVALID_PASSWORD) fail(e, "agent.cert.wrongPassword", err, "the PIN (password) is wrong");
        else
            /* Wine 8 sets no error for a wrong password: 0 here means "the system gave no reason",
             * and a wrong PIN is the usual one. */
            fail(e, "agent.cert.importFailed", err, "the .p12 could not be opened (a wrong PIN is the usual cause)");
        goto done;
    }
    int keyed = 0;
    PCCERT_CONTEXT c = NULL;
    while ((c = CertEnumCertificatesInStore(probe, c)))
        if (has_key_property(c)) {
            keyed++;
            if (ee) CertFreeCertificateContext(ee);
            ee = CertDuplicateCertificateContext(c);
        }
    if (keyed != 1) {
        fail(e, "agent.cert.unexpectedContent", 0, "the .p12 holds %d certificates with a private key; expected 1", keyed);
        goto done;
    }
    thumb_of(ee, t);
    if (!(my = open_user_store(L"MY", 1, e))) goto done;
    PCCERT_CONTEXT existing = find_thumb(my, t);
    int already = existing != NULL, ext = -1;
    if (existing) CertFreeCertificateContext(existing);
    if (!already) {
        /* The manual's ⑦ wizard: 「このキーをエクスポート可能にする」 and 「すべての拡張プロパティを含
         * める」 checked, 「秘密キーの保護を強力にする」 not checked (so no CRYPT_USER_PROTECTED). */
        DWORD flags = CRYPT_EXPORTABLE | CRYPT_USER_KEYSET;
        SetLastError(0);
        real = PFXImportCertStore(&blob, pw, flags | PKCS12_INCLUDE_EXTENDED_PROPERTIES);
        ext = real != NULL;
        if (!real) {
            DWORD err = GetLastError();
            /* Wine 8 rejects PKCS12_INCLUDE_EXTENDED_PROPERTIES (FALSE, no error). The probe above
             * proved the file and PIN good, so a failure here is the flag: import without it and
             * say so in the reply ("extendedProperties": false). Windows accepts the flag. */
            if (err == 0 || err == ERROR_INVALID_PARAMETER || err == (DWORD)NTE_BAD_FLAGS) {
                SetLastError(0);
                real = PFXImportCertStore(&blob, pw, flags);
            }
            if (!real) { fail(e, "agent.cert.importFailed", GetLastError(), "PFXImportCertStore failed"); goto done; }
        }
        PCCERT_CONTEXT rc_ee = find_thumb(real, t);
        if (!rc_ee) { fail(e, "agent.cert.importFailed", 0, "the certificate vanished between two reads of the file"); goto done; }
        BOOL added = CertAddCertificateContextToStore(my, rc_ee, CERT_STORE_ADD_NEW, NULL);
        DWORD err = GetLastError();
        CertFreeCertificateContext(rc_ee);
        if (!added) {
            if (err == (DWORD)CRYPT_E_EXISTS) already = 1;
            else { fail(e, "agent.cert.importFailed", err, "adding the certificate to CurrentUser\\MY failed"); goto done; }
        }
        /* Wine 8 writes a registry store's changes on COMMIT or close, so a fresh handle opened
         * before then does not see the addition; on Windows it is written already and COMMIT is
         * a harmless flush. */
        if (!CertControlStore(my, 0, CERT_STORE_CTRL_COMMIT, NULL)) {
            fail(e, "agent.cert.importFailed", GetLastError(), "committing CurrentUser\\MY after the import failed");
            goto done;
        }
    }
    char hex[41];
    hex_lower(t, 20, hex);
    buf_kstr(out, "thumbprint", hex);
    buf_kbool(out, "alreadyPresent", already);
    buf_key(out, "extendedProperties");
    buf_puts(out, ext < 0 ? "null" : ext ? "true" : "false");

    /* The issuer's certificates: ⑦'s 「自動的に証明書ストアを選択する」 puts a self-signed CA into the
     * trusted roots (Windows then shows ⑧'s security warning, and the person answers はい) and
     * any other CA certificate into the intermediate store. */
    buf_key(out, "caCertificates");
    buf_putc(out, '[');
    int first = 1;
    c = NULL;
    while ((c = CertEnumCertificatesInStore(probe, c))) {
        BYTE ct[20];
        if (thumb_of(c, ct) || !memcmp(ct, t, 20)) continue;
        int root = self_signed(c);
        const WCHAR *store = root ? L"Root" : L"CA";
        hex_lower(ct, 20, hex);
        if (!first) buf_putc(out, ',');
        first = 0;
        buf_puts(out, "{\"thumbprint\":");
        buf_jstr(out, hex);
        WCHAR *sub = cn_of(c, 0);
        buf_kwstr(out, "issuedTo", sub ? sub : L"");
        free(sub);
        buf_kstr(out, "store", root ? "Root" : "CA");
        DWORD err = 0;
        int added = 0, present = 0;
        if (install_ca) {
            AgentError e2;
            HCERTSTORE cs = open_user_store(store, 1, &e2);
            if (!cs) err = e2.win32;
            else {
                PCCERT_CONTEXT have = find_thumb(cs, ct);
                if (have) { present = 1; CertFreeCertificateContext(have); }
                else if (CertAddCertificateContextToStore(cs, c, CERT_STORE_ADD_NEW, NULL)) added = 1;
                else if ((err = GetLastError()) == (DWORD)CRYPT_E_EXISTS) { present = 1; err = 0; }
                CertCloseStore(cs, 0);
            }
        }
        buf_kbool(out, "added", added);
        buf_kbool(out, "alreadyPresent", present);
        buf_kint(out, "win32", err); /* 1223: the person answered いいえ to ⑧'s security warning */
        buf_putc(out, '}');
    }
    buf_putc(out, ']');

    /* Read back through a fresh handle. */
    HCERTSTORE check = open_user_store(L"MY", 0, e);
    if (!check) goto done;
    PCCERT_CONTEXT now = find_thumb(check, t);
    if (!now) {
        CertCloseStore(check, 0);
        fail(e, "agent.cert.importFailed", 0, "the certificate is not in CurrentUser\\MY after the import");
        goto done;
    }
    CRYPT_KEY_PROV_INFO *ki = prov_info(now);
    int x = ki ? key_exportable(now) : -1;
    int km = ki ? key_matches(now) : -1;
    buf_kbool(out, "hasPrivateKey", ki != NULL);
    buf_key(out, "exportable");
    buf_puts(out, x < 0 ? "null" : x ? "true" : "false");
    buf_key(out, "keyMatches");
    buf_puts(out, km < 0 ? "null" : km ? "true" : "false");
    WCHAR *to = cn_of(now, 0);
    buf_kwstr(out, "issuedTo", to ? to : L"");
    free(to);
    char when[32];
    iso8601(&now->pCertInfo->NotAfter, when);
    buf_kstr(out, "notAfter", when);
    free(ki);
    CertFreeCertificateContext(now);
    CertCloseStore(check, 0);
    rc = 0;
done:
    if (ee) CertFreeCertificateContext(ee);
    if (real) CertCloseStore(real, 0);
    if (probe) CertCloseStore(probe, 0);
    if (my) CertCloseStore(my, 0);
    if (bytes) wipe_free(bytes, n ? n : 1);
    wipe_free_w(pw);
    free(path);
    return rc;
}

CRYPT_KEY_PROV_INFO *cert_key_info(const BYTE t[20])
{
    AgentError e;
    HCERTSTORE s = open_user_store(L"MY", 0, &e);
    if (!s) return NULL;
    PCCERT_CONTEXT c = find_thumb(s, t);
    CRYPT_KEY_PROV_INFO *ki = c ? prov_info(c) : NULL;
    if (c) CertFreeCertificateContext(c);
    CertCloseStore(s, 0);
    return ki;
}

int delete_key_if_unused(const CRYPT_KEY_PROV_INFO *ki)
{
    if (!ki || !ki->pwszContainerName || !ki->pwszContainerName[0]) return -1;
    AgentError e;
    HCERTSTORE s = open_user_store(L"MY", 0, &e);
    if (!s) return -1;
    int used = 0;
    PCCERT_CONTEXT c = NULL;
    while (!used && (c = CertEnumCertificatesInStore(s, c))) {
        CRYPT_KEY_PROV_INFO *o = prov_info(c);
        if (o && o->pwszContainerName && !_wcsicmp(o->pwszContainerName, ki->pwszContainerName)) used = 1;
        free(o);
    }
    if (c) CertFreeCertificateContext(c);
    CertCloseStore(s, 0);
    if (used) return 1;
    if (ki->dwProvType == 0) { /* a CNG key: the provider name is a key storage provider */
        NCRYPT_PROV_HANDLE p;
        NCRYPT_KEY_HANDLE k;
        if (NCryptOpenStorageProvider(&p, ki->pwszProvName, 0) != 0) return -1;
        int rc = -1;
        if (NCryptOpenKey(p, &k, ki->pwszContainerName, 0, ki->dwFlags & NCRYPT_MACHINE_KEY_FLAG) == 0)
            rc = NCryptDeleteKey(k, 0) == 0 ? 0 : -1; /* frees k */
        NCryptFreeObject(p);
        return rc;
    }
    HCRYPTPROV h;
    return CryptAcquireContextW(&h, ki->pwszContainerName, ki->pwszProvName, ki->dwProvType,
                                CRYPT_DELETEKEYSET | CRYPT_SILENT | (ki->dwFlags & CRYPT_MACHINE_KEYSET))
               ? 0
               : -1;
}

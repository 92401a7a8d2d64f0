/* `status`: what ④⑤⑧⑩⑪ need to know, for a person (Japanese or English) or as JSON. The text is
 * rendered from the same JSON the protocol's "status" op returns. */
#include "agent.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int op_status(const JNode *req, Buf *out, AgentError *e)
{
    (void)req;
    (void)e;
    identity_json(out);
    int others = 0;
    /* The manual's ④ and ⑧: the 個人 certificates whose issuer shows 「Online Billing NW Common Root CA」. */
    buf_kstr(out, "issuerFilter", "Online Billing");
    buf_key(out, "certificates");
    cert_list_json(out, L"Online Billing", &others);
    buf_kint(out, "otherCertificates", others);
    buf_key(out, "credentials");
    buf_puts(out, "{\"OQS_MEDICAL_INSTITUTION_CODE\":");
    cred_status_json(out, L"OQS_MEDICAL_INSTITUTION_CODE");
    buf_puts(out, ",\"OQS_LOGIN_KEY\":");
    cred_status_json(out, L"OQS_LOGIN_KEY");
    buf_putc(out, '}');

    WCHAR ini[MAX_PATH];
    swprintf(ini, MAX_PATH, L"%ls\\ReaderInfo.ini", oqs_auth_folder());
    BYTE d[32];
    ULONGLONG size = 0;
    int exists = 0;
    AgentError e2 = {0};
    buf_key(out, "readerInfo");
    buf_puts(out, "{\"path\":");
    buf_jwstr(out, ini);
    if (digest_file(ini, 1, d, &size, &exists, &e2) == 0) {
        buf_kbool(out, "exists", exists);
        if (exists) {
            char hex[65];
            hex_lower(d, 32, hex);
            buf_kint(out, "size", (long long)size);
            buf_kstr(out, "sha256", hex);
        }
    } else {
        buf_knull(out, "exists");
        buf_kstr(out, "error", e2.code);
        buf_kint(out, "win32", e2.win32);
    }
    buf_putc(out, '}');
    DWORD a = GetFileAttributesW(initialize_face_path());
    buf_key(out, "initializeFace");
    buf_puts(out, "{\"path\":");
    buf_jwstr(out, initialize_face_path());
    buf_kbool(out, "exists", a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY));
    buf_putc(out, '}');
    WCHAR restart[MAX_PATH];
    int found = find_com_app_restart(restart, MAX_PATH);
    buf_key(out, "comAppRestart");
    buf_puts(out, "{\"path\":");
    if (found) buf_jwstr(out, restart);
    else buf_puts(out, "null");
    buf_kbool(out, "exists", found);
    buf_putc(out, '}');
    return 0;
}

/* ---------------- text ---------------- */

static const char *S(const JNode *o, const char *k)
{
    const JNode *n = json_get(o, k);
    return n && n->type == J_STR ? n->str : "";
}
static int B(const JNode *o, const char *k) /* 1 true, 0 false, -1 null/absent */
{
    const JNode *n = json_get(o, k);
    return n && n->type == J_BOOL ? n->boolean : -1;
}

/* "2024-06-10T00:00:00Z" -> "2024/06/10 09:00" in the PC's time zone, as Edge shows it. */
static void local_date(const char *iso, char out[32])
{
    SYSTEMTIME u, l;
    memset(&u, 0, sizeof u);
    unsigned y, mo, d, h, mi, s;
    if (sscanf(iso, "%4u-%2u-%2uT%2u:%2u:%2uZ", &y, &mo, &d, &h, &mi, &s) != 6) {
        snprintf(out, 32, "%s", iso);
        return;
    }
    u.wYear = (WORD)y; u.wMonth = (WORD)mo; u.wDay = (WORD)d; u.wHour = (WORD)h; u.wMinute = (WORD)mi; u.wSecond = (WORD)s;
    if (!SystemTimeToTzSpecificLocalTime(NULL, &u, &l)) l = u;
    snprintf(out, 32, "%04u/%02u/%02u %02u:%02u", l.wYear, l.wMonth, l.wDay, l.wHour, l.wMinute);
}

static void line(Buf *b, const char *s) { buf_puts(b, s); }

static void render(Buf *t, const JNode *r, int ja)
{
    char tmp[512];
    const JNode *win = json_get(r, "windows");
    const JNode *major = json_get(win, "major"), *minor = json_get(win, "minor"), *build = json_get(win, "build");
    snprintf(tmp, sizeof tmp, "succession-agent %s (protocol %lld)\n", S(r, "agentVersion"),
             json_get(r, "protocol") ? json_get(r, "protocol")->integer : 0);
    line(t, tmp);
    snprintf(tmp, sizeof tmp, ja ? "ユーザー: %s  コンピューター: %s  %s (%lld.%lld.%lld)" : "user: %s  computer: %s  %s (%lld.%lld.%lld)",
             S(r, "user"), S(r, "computer"), S(win, "name"), major ? major->integer : 0, minor ? minor->integer : 0,
             build ? build->integer : 0);
    line(t, tmp);
    if (json_get(r, "wine") && json_get(r, "wine")->type == J_STR) {
        snprintf(tmp, sizeof tmp, "  Wine %s", S(r, "wine"));
        line(t, tmp);
    }
    int el = B(r, "elevated");
    line(t, ja ? (el == 1 ? "  管理者権限: あり\n" : "  管理者権限: なし\n") : (el == 1 ? "  elevated: yes\n" : "  elevated: no\n"));
    if (el == 1)
        line(t, ja ? "  注意: 管理者として実行されています。証明書と資格情報はログオン中のユーザーのものです: 別の管理者アカウントで昇格した場合、そのアカウントのものを見ています。\n"
                   : "  note: running elevated. Certificates and credentials are the logged-in user's: elevated with another administrator's account, this shows that account's.\n");

    const JNode *certs = json_get(r, "certificates");
    int n = 0;
    for (const JNode *c = certs ? certs->child : NULL; c; c = c->next) n++;
    snprintf(tmp, sizeof tmp, ja ? "\n④⑧ 個人の証明書 (発行者に「Online Billing」を含むもの): %d 件\n"
                                 : "\n④⑧ Personal certificates whose issuer contains \"Online Billing\": %d\n", n);
    line(t, tmp);
    for (const JNode *c = certs ? certs->child : NULL; c; c = c->next) {
        char until[32];
        local_date(S(c, "notAfter"), until);
        int key = B(c, "hasPrivateKey"), ex = B(c, "exportable");
        snprintf(tmp, sizeof tmp, ja ? "  発行先 %s  発行者 %s\n    有効期限 %s  拇印 %s\n" : "  issued to %s  by %s\n    expires %s  thumbprint %s\n",
                 S(c, "issuedTo"), S(c, "issuedBy"), until, S(c, "thumbprint"));
        line(t, tmp);
        line(t, ja ? (key == 1 ? (ex == 1 ? "    秘密キー: あり (エクスポート可)\n" : ex == 0 ? "    秘密キー: あり (エクスポート不可)\n" : "    秘密キー: あり\n") : "    秘密キー: なし\n")
                   : (key == 1 ? (ex == 1 ? "    private key: yes (exportable)\n" : ex == 0 ? "    private key: yes (not exportable)\n" : "    private key: yes\n") : "    private key: no\n"));
    }
    const JNode *others = json_get(r, "otherCertificates");
    snprintf(tmp, sizeof tmp, ja ? "  その他の個人の証明書: %lld 件\n" : "  other personal certificates: %lld\n", others ? others->integer : 0);
    line(t, tmp);

    const JNode *creds = json_get(r, "credentials");
    const JNode *code = json_get(creds, "OQS_MEDICAL_INSTITUTION_CODE"), *login = json_get(creds, "OQS_LOGIN_KEY");
    if (B(code, "present") == 1)
        snprintf(tmp, sizeof tmp, ja ? "\n⑩ OQS_MEDICAL_INSTITUTION_CODE: %s (ユーザー名 %s, %s)\n" : "\n⑩ OQS_MEDICAL_INSTITUTION_CODE: %s (user name %s, %s)\n",
                 S(code, "value"), S(code, "userName"), S(code, "encoding"));
    else
        snprintf(tmp, sizeof tmp, ja ? "\n⑩ OQS_MEDICAL_INSTITUTION_CODE: ありません\n" : "\n⑩ OQS_MEDICAL_INSTITUTION_CODE: absent\n");
    line(t, tmp);
    if (B(login, "present") == 1)
        snprintf(tmp, sizeof tmp, ja ? "   OQS_LOGIN_KEY: ユーザー名 %s, パスワード %s\n" : "   OQS_LOGIN_KEY: user name %s, password %s\n",
                 S(login, "userName"), B(login, "hasValue") == 1 ? (ja ? "設定済み" : "set") : (ja ? "なし" : "not set"));
    else
        snprintf(tmp, sizeof tmp, ja ? "   OQS_LOGIN_KEY: ありません\n" : "   OQS_LOGIN_KEY: absent\n");
    line(t, tmp);

    const JNode *ri = json_get(r, "readerInfo"), *ifb = json_get(r, "initializeFace"), *car = json_get(r, "comAppRestart");
    if (B(ri, "exists") == 1) {
        const JNode *sz = json_get(ri, "size");
        snprintf(tmp, sizeof tmp, ja ? "\n⑤ ReaderInfo.ini: あり (%lld バイト, SHA-256 %s)\n   %s\n" : "\n⑤ ReaderInfo.ini: present (%lld bytes, SHA-256 %s)\n   %s\n",
                 sz ? sz->integer : 0, S(ri, "sha256"), S(ri, "path"));
    } else if (B(ri, "exists") == 0) {
        snprintf(tmp, sizeof tmp, ja ? "\n⑤ ReaderInfo.ini: ありません (%s)\n" : "\n⑤ ReaderInfo.ini: absent (%s)\n", S(ri, "path"));
    } else {
        snprintf(tmp, sizeof tmp, ja ? "\n⑤ ReaderInfo.ini: 読めません (%s)\n" : "\n⑤ ReaderInfo.ini: cannot be read (%s)\n", S(ri, "error"));
    }
    line(t, tmp);
    snprintf(tmp, sizeof tmp, ja ? "   InitializeFace.bat: %s (%s)\n" : "   InitializeFace.bat: %s (%s)\n",
             B(ifb, "exists") == 1 ? (ja ? "あり" : "present") : (ja ? "ありません" : "absent"), S(ifb, "path"));
    line(t, tmp);
    snprintf(tmp, sizeof tmp, ja ? "⑪ OQSComAppRestart: %s %s\n" : "⑪ OQSComAppRestart: %s %s\n",
             B(car, "exists") == 1 ? (ja ? "あり" : "present") : (ja ? "ありません" : "absent"), S(car, "path"));
    line(t, tmp);
}

int cmd_status(int argc, WCHAR **argv)
{
    int json = 0, ja = (PRIMARYLANGID(GetUserDefaultUILanguage()) == LANG_JAPANESE);
    for (int i = 0; i < argc; i++) {
        if (!wcscmp(argv[i], L"--json")) json = 1;
        else if (!wcscmp(argv[i], L"--lang") && i + 1 < argc) {
            i++;
            if (!wcscmp(argv[i], L"ja")) ja = 1;
            else if (!wcscmp(argv[i], L"en")) ja = 0;
            else { out_text("status: --lang takes ja or en\n"); return 2; }
        } else {
            out_text("usage: succession-agent.exe status [--json] [--lang ja|en]\n");
            return 2;
        }
    }
    static const char req[] = "{\"id\":\"status\",\"op\":\"status\"}";
    Buf reply;
    buf_init(&reply);
    handle_request(req, sizeof req - 1, &reply);
    if (reply.failed) return 3;
    if (json) {
        out_text(reply.data);
        buf_free(&reply);
        return 0;
    }
    Arena a = {0};
    char perr[128];
    JNode *r = json_parse(&a, reply.data, reply.len, perr, sizeof perr);
    int rc = 0;
    if (!r || B(r, "ok") != 1) {
        out_text("status: failed: ");
        out_text(reply.data);
        rc = 1;
    } else {
        Buf t;
        buf_init(&t);
        render(&t, r, ja);
        out_text(t.failed ? "status: out of memory\n" : t.data);
        buf_free(&t);
    }
    arena_wipe_free(&a);
    buf_free(&reply);
    return rc;
}

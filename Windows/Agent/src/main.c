/* succession-agent: the entry point, the JSON-lines server and the request dispatcher.
 *
 *   succession-agent.exe                      JSON-lines server on stdin/stdout (PROTOCOL.md)
 *   succession-agent.exe status [--json] [--lang ja|en]
 *   succession-agent.exe selftest [--json]
 *
 * Secrets (PINs, passwords) arrive only inside a request line on stdin. Every buffer that held
 * a request is wiped with SecureZeroMemory before it is freed or reused, and nothing from a
 * request is ever written to stderr or to a reply except what PROTOCOL.md lists. */
#include "agent.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------- request fields ---------------- */

static int bad_field(AgentError *e, const char *key, const char *want)
{
    return fail(e, "agent.request.badField", 0, "field \"%s\" must be %s", key, want);
}

int field_str(const JNode *req, const char *key, int required, const char **out, AgentError *e)
{
    const JNode *n = json_get(req, key);
    *out = NULL;
    if (!n) return required ? bad_field(e, key, "present (a string)") : 0;
    if (n->type != J_STR) return bad_field(e, key, "a string");
    *out = n->str;
    return 0;
}

int field_bool(const JNode *req, const char *key, int dflt, int *out, AgentError *e)
{
    const JNode *n = json_get(req, key);
    *out = dflt;
    if (!n) return 0;
    if (n->type != J_BOOL) return bad_field(e, key, "true or false");
    *out = n->boolean;
    return 0;
}

int field_int(const JNode *req, const char *key, long long dflt, long long lo, long long hi, long long *out,
              AgentError *e)
{
    const JNode *n = json_get(req, key);
    *out = dflt;
    if (!n) return 0;
    if (n->type != J_NUM || !n->is_int || n->integer < lo || n->integer > hi) {
        char want[96];
        snprintf(want, sizeof want, "an integer from %lld to %lld", lo, hi);
        return bad_field(e, key, want);
    }
    *out = n->integer;
    return 0;
}

int field_arr(const JNode *req, const char *key, int required, const JNode **out, AgentError *e)
{
    const JNode *n = json_get(req, key);
    *out = NULL;
    if (!n) return required ? bad_field(e, key, "present (an array)") : 0;
    if (n->type != J_ARR) return bad_field(e, key, "an array");
    *out = n;
    return 0;
}

/* ---------------- hello ---------------- */

static int token_elevated(void)
{
    HANDLE t;
    TOKEN_ELEVATION el;
    DWORD n;
    int r = -1;
    if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &t)) {
        if (GetTokenInformation(t, TokenElevation, &el, sizeof el, &n)) r = el.TokenIsElevated ? 1 : 0;
        CloseHandle(t);
    }
    return r;
}

void identity_json(Buf *out)
{
    WCHAR user[257], comp[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD n = 257;
    if (!GetUserNameW(user, &n)) user[0] = 0;
    n = MAX_COMPUTERNAME_LENGTH + 1;
    if (!GetComputerNameW(comp, &n)) comp[0] = 0;
    buf_kstr(out, "agentVersion", AGENT_VERSION);
    buf_kint(out, "protocol", PROTOCOL_VERSION);
    buf_kwstr(out, "user", user);
    buf_kwstr(out, "computer", comp);

    /* GetVersionEx lies to programs without a manifest entry; RtlGetVersion does not. */
    RTL_OSVERSIONINFOW v;
    memset(&v, 0, sizeof v);
    v.dwOSVersionInfoSize = sizeof v;
    LONG(WINAPI * rtl)(RTL_OSVERSIONINFOW *) = NULL;
    FARPROC f = GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlGetVersion");
    memcpy(&rtl, &f, sizeof rtl);
    if (rtl) rtl(&v);
    buf_key(out, "windows");
    buf_puts(out, "{\"major\":");
    buf_uint(out, v.dwMajorVersion);
    buf_puts(out, ",\"minor\":");
    buf_uint(out, v.dwMinorVersion);
    buf_puts(out, ",\"build\":");
    buf_uint(out, v.dwBuildNumber);
    /* Windows 11 still says 10.0; its builds start at 22000. */
    const char *name = v.dwMajorVersion == 10 ? (v.dwBuildNumber >= 22000 ? "Windows 11" : "Windows 10")
                       : v.dwMajorVersion == 6 && v.dwMinorVersion == 3 ? "Windows 8.1"
                       : v.dwMajorVersion == 6 && v.dwMinorVersion == 1 ? "Windows 7"
                                                                         : "Windows";
    buf_puts(out, ",\"name\":");
    buf_jstr(out, name);
    buf_putc(out, '}');

    int el = token_elevated();
    buf_key(out, "elevated");
    buf_puts(out, el < 0 ? "null" : el ? "true" : "false");
    const char *wv;
    if (running_under_wine(&wv)) buf_kstr(out, "wine", wv ? wv : "");
    else buf_knull(out, "wine");
    buf_kwstr(out, "oqsAuthFolder", oqs_auth_folder());
}

int op_hello(const JNode *req, Buf *out, AgentError *e)
{
    long long want;
    if (field_int(req, "protocol", PROTOCOL_VERSION, 0, 1000000, &want, e)) return -1;
    if (want != PROTOCOL_VERSION)
        return fail(e, "agent.request.unsupportedProtocol", 0, "this agent speaks protocol %d, not %lld",
                    PROTOCOL_VERSION, want);
    identity_json(out);
    return 0;
}

/* ---------------- dispatch ---------------- */

typedef struct {
    const char *name;
    OpFn fn;
    const char *fields[8]; /* the fields besides id and op; any other is refused */
} Op;

static const Op OPS[] = {
    {"hello", op_hello, {"protocol"}},
    {"status", op_status, {0}},
    {"cert.list", op_cert_list, {"issuerContains"}},
    {"cert.export", op_cert_export, {"thumbprint", "path", "password", "overwrite"}},
    {"cert.exportPublic", op_cert_export_public, {"thumbprint", "path", "overwrite"}},
    {"cert.remove", op_cert_remove, {"thumbprint", "keep"}},
    {"cert.import", op_cert_import, {"pfxBase64", "path", "password", "installCA"}},
    {"cred.read", op_cred_read, {"target"}},
    {"cred.write", op_cred_write, {"target", "value", "ifValue"}},
    {"cred.create", op_cred_create, {"target", "userName", "value", "persist", "encoding"}},
    {"file.digest", op_file_digest, {"path"}},
    {"file.archive", op_file_archive, {"path", "destination"}},
    {"file.restore", op_file_restore, {"archive", "path", "sha256", "overwrite"}},
    {"file.remove", op_file_remove, {"path", "archive"}},
    {"run.initializeFace", op_run_initialize_face, {"timeoutMs"}},
    {"run.comAppRestart", op_run_com_app_restart, {"timeoutMs"}},
};

static void reply_error(Buf *reply, const char *id_raw, size_t id_len, const AgentError *e)
{
    buf_puts(reply, "{\"id\":");
    if (id_raw) buf_put(reply, id_raw, id_len);
    else buf_puts(reply, "null");
    buf_puts(reply, ",\"ok\":false,\"error\":{\"code\":");
    buf_jstr(reply, e->code);
    buf_puts(reply, ",\"win32\":");
    buf_uint(reply, e->win32);
    buf_puts(reply, ",\"message\":");
    buf_jstr(reply, e->message);
    buf_puts(reply, "}}\n");
}

void handle_request(const char *line, size_t len, Buf *reply)
{
    Arena arena = {0};
    AgentError e = {0};
    char perr[128];
    const char *id_raw = NULL;
    size_t id_len = 0;
    Buf out;
    buf_init(&out);

    JNode *req = json_parse(&arena, line, len, perr, sizeof perr);
    if (!req) {
        fail(&e, "agent.request.malformed", 0, "the request is not valid JSON: %s", perr);
        goto error;
    }
    if (req->type != J_OBJ) {
        fail(&e, "agent.request.malformed", 0, "the request must be a JSON object");
        goto error;
    }
    const JNode *id = json_get(req, "id");
    if (!id || !((id->type == J_STR && id->len <= 200) || (id->type == J_NUM && id->is_int))) {
        fail(&e, "agent.request.malformed", 0, "\"id\" must be a string (at most 200 bytes) or an integer");
        goto error;
    }
    id_raw = id->raw;
    id_len = id->rawlen;
    const JNode *opn = json_get(req, "op");
    if (!opn || opn->type != J_STR) {
        fail(&e, "agent.request.malformed", 0, "\"op\" must be a string");
        goto error;
    }
    const Op *op = NULL;
    for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++)
        if (strcmp(OPS[i].name, opn->str) == 0) op = &OPS[i];
    if (!op) {
        /* The op's name is echoed only when short and printable: never a stray secret. */
        fail(&e, "agent.request.unknownOp", 0, "no such op");
        goto error;
    }
    for (const JNode *m = req->child; m; m = m->next) {
        if (!strcmp(m->key, "id") || !strcmp(m->key, "op")) continue;
        int known = 0;
        for (int k = 0; k < 8 && op->fields[k]; k++)
            if (!strcmp(op->fields[k], m->key)) known = 1;
        if (!known) {
            /* Refused rather than ignored: a misspelt "keep" must not turn into "keep nothing".
             * The name is not echoed (a client could have put a secret in the name). */
            fail(&e, "agent.request.unknownField", 0, "%s takes no field by that name (see PROTOCOL.md)",
                 op->name);
            goto error;
        }
    }
    if (op->fn(req, &out, &e) != 0) goto error;
    if (out.failed) {
        fail(&e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory while writing the reply");
        goto error;
    }
    buf_puts(reply, "{\"id\":");
    buf_put(reply, id_raw, id_len);
    buf_puts(reply, ",\"ok\":true");
    if (out.len) buf_put(reply, out.data, out.len);
    buf_puts(reply, "}\n");
    goto done;
error:
    reply_error(reply, id_raw, id_len, &e);
done:
    buf_free(&out);
    arena_wipe_free(&arena);
    SecureZeroMemory(&e, sizeof e);
}

/* ---------------- the server ---------------- */

static int write_all(HANDLE h, const char *d, size_t n)
{
    while (n) {
        DWORD w;
        if (!WriteFile(h, d, n > 65536 ? 65536 : (DWORD)n, &w, NULL) || w == 0) return -1;
        d += w;
        n -= w;
    }
    return 0;
}

static int serve(void)
{
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE), out = GetStdHandle(STD_OUTPUT_HANDLE);
    static char chunk[65536];
    char *line = malloc(MAX_LINE + 1);
    if (!line) return 2;
    size_t ll = 0;
    int too_long = 0, rc = 0;
    for (;;) {
        DWORD got = 0;
        if (!ReadFile(in, chunk, sizeof chunk, &got, NULL) || got == 0) break; /* EOF or broken pipe */
        for (DWORD i = 0; i < got; i++) {
            char c = chunk[i];
            if (c != '\n') {
                if (ll < MAX_LINE) line[ll++] = c;
                else too_long = 1; /* keep reading to the end of the line, storing nothing */
                continue;
            }
            if (ll && line[ll - 1] == '\r') ll--;
            Buf reply;
            buf_init(&reply);
            if (too_long) {
                AgentError e = {0};
                fail(&e, "agent.request.tooLarge", 0, "a request line may be at most %d bytes", MAX_LINE);
                reply_error(&reply, NULL, 0, &e);
            } else if (ll == 0) {
                buf_free(&reply); /* a blank line is not a request: no reply */
                continue;
            } else {
                handle_request(line, ll, &reply);
            }
            SecureZeroMemory(line, ll);
            ll = 0;
            too_long = 0;
            if (reply.failed || write_all(out, reply.data, reply.len)) rc = 3;
            buf_free(&reply);
            if (rc) goto end;
        }
        SecureZeroMemory(chunk, got);
    }
end:
    SecureZeroMemory(chunk, sizeof chunk);
    SecureZeroMemory(line, MAX_LINE + 1);
    free(line);
    return rc;
}

static void usage(void)
{
    out_text("usage: succession-agent.exe                 JSON-lines server on stdin/stdout (PROTOCOL.md)\n"
             "       succession-agent.exe status [--json] [--lang ja|en]\n"
             "       succession-agent.exe selftest [--json]\n"
             "       succession-agent.exe --version\n");
}

int wmain(int argc, WCHAR **argv)
{
    /* No DLL is ever loaded from the current folder or PATH by name: system32 only. */
    SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32);
    /* Errors surface as replies, never as a dialog box that a headless run would hang on. */
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    if (util_init() != 0) {
        out_text("succession-agent: CryptoAPI is unavailable\n");
        return 2;
    }
    int rc;
    if (argc == 1) rc = serve();
    else if (!wcscmp(argv[1], L"status")) rc = cmd_status(argc - 2, argv + 2);
    else if (!wcscmp(argv[1], L"selftest")) rc = cmd_selftest(argc - 2, argv + 2);
    else if (!wcscmp(argv[1], L"--version")) {
        out_text("succession-agent " AGENT_VERSION " (protocol 1)\n");
        rc = 0;
    } else {
        usage();
        rc = 2;
    }
    util_done();
    return rc;
}

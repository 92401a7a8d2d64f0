/* succession-agent: shared declarations.
 *
 * The agent is one small Win32 console program. Everything it does goes through
 * handle_request(): the JSON-lines server, `status` and `selftest` all build a request,
 * hand it over, and read the reply, so the command line exercises the same code the
 * Swift client does. */
#ifndef SUCCESSION_AGENT_H
#define SUCCESSION_AGENT_H

#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <wincrypt.h>
#include <stddef.h>
#include <stdio.h>
#include <wchar.h>

#define AGENT_VERSION "0.2.0"
#define PROTOCOL_VERSION 1
/* A request line longer than this is refused whole (a .p12 as base64 is ~5 KB; 1 MiB leaves room
 * for any real certificate file and bounds what a confused client can make us hold). */
#define MAX_LINE (1024 * 1024)
/* Files the agent reads whole into memory (a .p12 by path, an archive to verify) are bounded. */
#define MAX_SMALL_FILE (1024 * 1024)

/* ---- growable output buffer (json.c) ---- */
typedef struct {
    char *data;
    size_t len, cap;
    int failed; /* out of memory: the caller reports agent.internal */
} Buf;
void buf_init(Buf *b);
void buf_free(Buf *b); /* wipes before freeing: a buffer may have held a decoded value */
void buf_put(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_int(Buf *b, long long v);
void buf_uint(Buf *b, unsigned long long v);
void buf_jstr(Buf *b, const char *utf8);           /* a JSON string literal, escaped */
void buf_jstrn(Buf *b, const char *utf8, size_t n);
void buf_jwstr(Buf *b, const WCHAR *w);            /* UTF-16 -> JSON string literal */
void buf_key(Buf *b, const char *key);             /* ,"key": */
void buf_kstr(Buf *b, const char *key, const char *utf8);
void buf_kwstr(Buf *b, const char *key, const WCHAR *w);
void buf_kint(Buf *b, const char *key, long long v);
void buf_kbool(Buf *b, const char *key, int v);
void buf_knull(Buf *b, const char *key);

/* ---- JSON reader (json.c) ---- */
typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } JType;
typedef struct JNode {
    JType type;
    int boolean;
    int is_int;          /* J_NUM: an integer that fits in long long */
    long long integer;
    char *str;           /* J_STR: UTF-8, NUL-terminated, never contains U+0000 */
    size_t len;
    const char *raw;     /* the value's text in the request line (used to echo the id) */
    size_t rawlen;
    char *key;           /* member name when this node is an object member */
    struct JNode *child; /* first element / member */
    struct JNode *next;
} JNode;
typedef struct ArenaChunk ArenaChunk;
typedef struct {
    ArenaChunk *head;
} Arena;
void arena_wipe_free(Arena *a);
void *arena_alloc(Arena *a, size_t n);
/* Parses one JSON document (the whole of text[0..len)). Returns NULL with a message on error. */
JNode *json_parse(Arena *a, const char *text, size_t len, char *errmsg, size_t errcap);
const JNode *json_get(const JNode *obj, const char *key);

/* ---- errors ---- */
typedef struct {
    const char *code; /* "agent.…", a stable string */
    DWORD win32;      /* GetLastError() as it was, 0 when the system gave none */
    char message[768];
} AgentError;
/* Sets the error; message is a printf-style format (never given a secret). Returns -1. */
int fail(AgentError *e, const char *code, DWORD win32, const char *fmt, ...)
    __attribute__((format(gnu_printf, 4, 5)));

/* ---- request field access (main.c) ---- */
int field_str(const JNode *req, const char *key, int required, const char **out, AgentError *e);
int field_bool(const JNode *req, const char *key, int dflt, int *out, AgentError *e);
int field_int(const JNode *req, const char *key, long long dflt, long long lo, long long hi,
              long long *out, AgentError *e);
int field_arr(const JNode *req, const char *key, int required, const JNode **out, AgentError *e);

/* ---- utilities (util.c) ---- */
int util_init(void);
void util_done(void);
WCHAR *utf8_to_wide(const char *s);               /* malloc; NULL on invalid UTF-8 */
char *wide_to_utf8(const WCHAR *w);               /* malloc */
char *wide_to_utf8n(const WCHAR *w, int n);
char *codepage_to_utf8(UINT cp, const char *s, int n); /* malloc */
void wipe_free_w(WCHAR *w);                       /* SecureZeroMemory + free */
void wipe_free(void *p, size_t n);
int sha256(const BYTE *data, DWORD n, BYTE out[32]);
typedef struct { HCRYPTHASH h; } Sha;
int sha_begin(Sha *s);
int sha_add(Sha *s, const BYTE *d, DWORD n);
int sha_end(Sha *s, BYTE out[32]);                /* also destroys */
void hex_lower(const BYTE *d, size_t n, char *out); /* out: 2n+1 */
int hex_decode(const char *s, BYTE *out, size_t n); /* exactly 2n hex digits, any case */
int hex_thumbprint(const char *s, BYTE out[20]);  /* 40 hex digits, any case */
int random_bytes(BYTE *d, DWORD n);
void iso8601(const FILETIME *ft, char out[32]);
int base64_decode(const char *s, size_t n, BYTE **out, DWORD *outlen);
const char *win32_text(DWORD err, char *buf, size_t cap); /* the system's message, UTF-8 */
int running_under_wine(const char **version);

/* ---- paths and files (files.c) ---- */
/* The OQS-Auth folder (%ProgramData%\OQS-Auth), the batch of ⑤ and the tools folder of ⑪. */
const WCHAR *oqs_auth_folder(void);
const WCHAR *initialize_face_path(void);
int find_com_app_restart(WCHAR *out, size_t cap); /* 1 when found */
int check_plain_absolute(const WCHAR *p, AgentError *e, const char *field);
int check_destination(const WCHAR *p, AgentError *e, const char *field);
int check_oqs_path(const WCHAR *p, AgentError *e, const char *field);
/* Writes data to `path` via a temporary file in the same folder, then renames it into place:
 * the final name exists only when the file is complete. */
int write_file_atomic(const WCHAR *path, const BYTE *data, DWORD n, int overwrite, AgentError *e,
                      int *already_same);
int read_small_file(const WCHAR *path, BYTE **out, DWORD *n, AgentError *e, const char *what);
int digest_file(const WCHAR *path, int oqs_rules, BYTE out[32], ULONGLONG *size, int *exists,
                AgentError *e);

/* ---- operations: each adds its reply fields (",\"k\":v…") to out, or fails ---- */
typedef int (*OpFn)(const JNode *req, Buf *out, AgentError *e);
int op_hello(const JNode *req, Buf *out, AgentError *e);
int op_status(const JNode *req, Buf *out, AgentError *e);
int op_cert_list(const JNode *req, Buf *out, AgentError *e);
int op_cert_export(const JNode *req, Buf *out, AgentError *e);
int op_cert_export_public(const JNode *req, Buf *out, AgentError *e);
int op_cert_remove(const JNode *req, Buf *out, AgentError *e);
int op_cert_import(const JNode *req, Buf *out, AgentError *e);
int op_cred_read(const JNode *req, Buf *out, AgentError *e);
int op_cred_write(const JNode *req, Buf *out, AgentError *e);
int op_cred_create(const JNode *req, Buf *out, AgentError *e);
int op_file_digest(const JNode *req, Buf *out, AgentError *e);
int op_file_archive(const JNode *req, Buf *out, AgentError *e);
int op_file_restore(const JNode *req, Buf *out, AgentError *e);
int op_file_remove(const JNode *req, Buf *out, AgentError *e);
int op_run_initialize_face(const JNode *req, Buf *out, AgentError *e);
int op_run_com_app_restart(const JNode *req, Buf *out, AgentError *e);

/* Runs one request line and appends exactly one reply line (with its '\n') to reply. */
void handle_request(const char *line, size_t len, Buf *reply);

/* Helpers shared by status and selftest. */
int cred_delete_selftest(const WCHAR *target);   /* only SuccessionKit.selftest.* targets */
typedef struct {
    const char *cue;  /* bytes (CP932) that must have appeared in the output first, or NULL */
    const char *text; /* what is then typed on standard input */
} RunStep;
#define INIT_DONE_CP932 "\x8f\x89\x8a\xfa\x89\xbb\x8a\xae\x97\xb9" /* 初期化完了 */
int run_batch(const WCHAR *bat, const RunStep *steps, int nsteps, DWORD timeout_ms, DWORD *exit_code,
              char **output_utf8, int *truncated, AgentError *e);
void identity_json(Buf *out); /* hello's fields, reused by status */
int cert_list_json(Buf *out, const WCHAR *issuer_filter, int *others);
int cert_present(const BYTE t[20]);
/* Deletes the key container a certificate's key link names, unless a certificate in
 * CurrentUser\MY still links to it (Wine 8 puts every import in one container). */
int delete_key_if_unused(const CRYPT_KEY_PROV_INFO *ki);
CRYPT_KEY_PROV_INFO *cert_key_info(const BYTE t[20]); /* malloc'd copy, NULL if none */
void cred_status_json(Buf *out, const WCHAR *target);

int cmd_status(int argc, WCHAR **argv);
int cmd_selftest(int argc, WCHAR **argv);

/* Console/stdout writing: UTF-8 to a file or pipe, WriteConsoleW to a console. */
void out_text(const char *utf8);

#endif

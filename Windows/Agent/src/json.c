/* A minimal JSON reader and writer, written for this agent (no third-party code).
 *
 * Reader: RFC 8259, strict (no comments, no trailing commas, no duplicate keys, depth ≤ 32).
 * Strings are decoded to UTF-8; \u0000 is refused so every string is a plain C string, and
 * invalid UTF-8 or unpaired surrogates are refused rather than replaced. All memory comes
 * from an arena that the caller wipes (SecureZeroMemory) and frees after each request: a
 * request may carry a PIN or a password. */
#include "agent.h"
#include <string.h>
#include <stdlib.h>

/* ---------------- writer ---------------- */

void buf_init(Buf *b) { b->data = NULL; b->len = b->cap = 0; b->failed = 0; }

void buf_free(Buf *b)
{
    if (b->data) {
        SecureZeroMemory(b->data, b->cap);
        free(b->data);
    }
    buf_init(b);
}

static int buf_grow(Buf *b, size_t extra)
{
    if (b->failed) return 0;
    if (b->len + extra + 1 <= b->cap) return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) cap *= 2;
    /* Not realloc: the old block may hold decoded values; wipe it before giving it back. */
    char *n = malloc(cap);
    if (!n) { b->failed = 1; return 0; }
    if (b->data) {
        memcpy(n, b->data, b->len);
        SecureZeroMemory(b->data, b->cap);
        free(b->data);
    }
    b->data = n;
    b->cap = cap;
    return 1;
}

void buf_put(Buf *b, const char *s, size_t n)
{
    if (!buf_grow(b, n)) return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}
void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }
void buf_putc(Buf *b, char c) { buf_put(b, &c, 1); }

void buf_uint(Buf *b, unsigned long long v)
{
    char tmp[24];
    int i = 0;
    do { tmp[i++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (i) buf_putc(b, tmp[--i]);
}
void buf_int(Buf *b, long long v)
{
    if (v < 0) { buf_putc(b, '-'); buf_uint(b, (unsigned long long)(-(v + 1)) + 1); }
    else buf_uint(b, (unsigned long long)v);
}

void buf_jstrn(Buf *b, const char *s, size_t n)
{
    static const char hexd[] = "0123456789abcdef";
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char u[7] = {'\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15], 0};
                buf_puts(b, u);
            } else {
                buf_putc(b, (char)c); /* UTF-8 passes through: callers give valid UTF-8 */
            }
        }
    }
    buf_putc(b, '"');
}
void buf_jstr(Buf *b, const char *s) { buf_jstrn(b, s, strlen(s)); }
void buf_jwstr(Buf *b, const WCHAR *w)
{
    char *u = wide_to_utf8(w ? w : L"");
    if (!u) { b->failed = 1; return; }
    buf_jstr(b, u);
    wipe_free(u, strlen(u));
}
void buf_key(Buf *b, const char *key) { buf_putc(b, ','); buf_jstr(b, key); buf_putc(b, ':'); }
void buf_kstr(Buf *b, const char *key, const char *s) { buf_key(b, key); buf_jstr(b, s); }
void buf_kwstr(Buf *b, const char *key, const WCHAR *w) { buf_key(b, key); buf_jwstr(b, w); }
void buf_kint(Buf *b, const char *key, long long v) { buf_key(b, key); buf_int(b, v); }
void buf_kbool(Buf *b, const char *key, int v) { buf_key(b, key); buf_puts(b, v ? "true" : "false"); }
void buf_knull(Buf *b, const char *key) { buf_key(b, key); buf_puts(b, "null"); }

/* ---------------- arena ---------------- */

struct ArenaChunk {
    ArenaChunk *next;
    size_t used, cap;
    /* data follows, aligned */
};
#define CHUNK_HDR ((sizeof(ArenaChunk) + 15) & ~(size_t)15)

void *arena_alloc(Arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    ArenaChunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        c = malloc(CHUNK_HDR + cap);
        if (!c) return NULL;
        c->next = a->head;
        c->used = 0;
        c->cap = cap;
        a->head = c;
    }
    void *p = (char *)c + CHUNK_HDR + c->used;
    c->used += n;
    return p;
}

void arena_wipe_free(Arena *a)
{
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *next = c->next;
        SecureZeroMemory((char *)c + CHUNK_HDR, c->cap);
        free(c);
        c = next;
    }
    a->head = NULL;
}

/* ---------------- reader ---------------- */

typedef struct {
    Arena *arena;
    const char *p, *end;
    int depth;
    char *err;
    size_t errcap;
    int failed;
} Parser;

#define MAX_DEPTH 32

static void perr(Parser *ps, const char *msg)
{
    if (ps->failed) return;
    ps->failed = 1;
    size_t n = strlen(msg);
    if (n >= ps->errcap) n = ps->errcap - 1;
    memcpy(ps->err, msg, n);
    ps->err[n] = 0;
}

static void skip_ws(Parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static JNode *new_node(Parser *ps, JType t)
{
    JNode *n = arena_alloc(ps->arena, sizeof(JNode));
    if (!n) { perr(ps, "out of memory"); return NULL; }
    memset(n, 0, sizeof *n);
    n->type = t;
    return n;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 63)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 63));
        o[2] = (char)(0x80 | (cp & 63));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 63));
    o[2] = (char)(0x80 | ((cp >> 6) & 63)); o[3] = (char)(0x80 | (cp & 63));
    return 4;
}

/* Length of a valid UTF-8 sequence at p (shortest form, no surrogates), or 0. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t n;
    unsigned cp;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
    else return 0;
    if ((size_t)(end - p) < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return n;
}

static char *parse_string_raw(Parser *ps, size_t *outlen)
{
    /* ps->p is at the opening quote. The decoded text is never longer than the source. */
    const char *start = ++ps->p;
    const char *q = start;
    while (q < ps->end && *q != '"') {
        if (*q == '\\') q++;
        q++;
    }
    if (q >= ps->end) { perr(ps, "unterminated string"); return NULL; }
    char *o = arena_alloc(ps->arena, (size_t)(q - start) + 1);
    if (!o) { perr(ps, "out of memory"); return NULL; }
    size_t n = 0;
    const char *p = start;
    while (p < q) {
        unsigned char c = (unsigned char)*p;
        if (c == '\\') {
            p++;
            switch (*p) {
            case '"': o[n++] = '"'; p++; break;
            case '\\': o[n++] = '\\'; p++; break;
            case '/': o[n++] = '/'; p++; break;
            case 'b': o[n++] = '\b'; p++; break;
            case 'f': o[n++] = '\f'; p++; break;
            case 'n': o[n++] = '\n'; p++; break;
            case 'r': o[n++] = '\r'; p++; break;
            case 't': o[n++] = '\t'; p++; break;
            case 'u': {
                unsigned cp, lo;
                if (q - p < 5 || !hex4(p + 1, &cp)) { perr(ps, "bad \\u escape"); return NULL; }
                p += 5;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (q - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &lo) || lo < 0xDC00 ||
                        lo > 0xDFFF) {
                        perr(ps, "unpaired surrogate");
                        return NULL;
                    }
                    p += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    perr(ps, "unpaired surrogate");
                    return NULL;
                }
                if (cp == 0) { perr(ps, "\\u0000 is not accepted in strings"); return NULL; }
                n += put_utf8(o + n, cp);
                break;
            }
            default: perr(ps, "bad escape"); return NULL;
            }
        } else if (c < 0x20) {
            perr(ps, "control character in string");
            return NULL;
        } else {
            size_t k = utf8_seq((const unsigned char *)p, (const unsigned char *)q);
            if (!k) { perr(ps, "invalid UTF-8"); return NULL; }
            memcpy(o + n, p, k);
            n += k;
            p += k;
        }
    }
    o[n] = 0;
    ps->p = q + 1;
    *outlen = n;
    return o;
}

static JNode *parse_value(Parser *ps);

static JNode *parse_number(Parser *ps)
{
    const char *s = ps->p, *p = s;
    if (p < ps->end && *p == '-') p++;
    if (p >= ps->end) { perr(ps, "bad number"); return NULL; }
    if (*p == '0') p++;
    else if (*p >= '1' && *p <= '9') while (p < ps->end && *p >= '0' && *p <= '9') p++;
    else { perr(ps, "bad number"); return NULL; }
    int frac = 0;
    if (p < ps->end && *p == '.') {
        frac = 1;
        p++;
        if (p >= ps->end || *p < '0' || *p > '9') { perr(ps, "bad number"); return NULL; }
        while (p < ps->end && *p >= '0' && *p <= '9') p++;
    }
    if (p < ps->end && (*p == 'e' || *p == 'E')) {
        frac = 1;
        p++;
        if (p < ps->end && (*p == '+' || *p == '-')) p++;
        if (p >= ps->end || *p < '0' || *p > '9') { perr(ps, "bad number"); return NULL; }
        while (p < ps->end && *p >= '0' && *p <= '9') p++;
    }
    JNode *n = new_node(ps, J_NUM);
    if (!n) return NULL;
    if (!frac) {
        /* An integer: exact when it fits in 18 digits, which is all the protocol uses. */
        const char *d = s + (*s == '-');
        if (p - d <= 18) {
            long long v = 0;
            for (const char *k = d; k < p; k++) v = v * 10 + (*k - '0');
            n->is_int = 1;
            n->integer = *s == '-' ? -v : v;
        }
    }
    ps->p = p;
    return n;
}

static int lit(Parser *ps, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, w, n) != 0) return 0;
    ps->p += n;
    return 1;
}

static JNode *parse_value(Parser *ps)
{
    skip_ws(ps);
    if (ps->p >= ps->end) { perr(ps, "unexpected end"); return NULL; }
    const char *start = ps->p;
    JNode *n = NULL;
    char c = *ps->p;
    if (c == '{' || c == '[') {
        if (++ps->depth > MAX_DEPTH) { perr(ps, "nested too deeply"); return NULL; }
        int obj = c == '{';
        n = new_node(ps, obj ? J_OBJ : J_ARR);
        if (!n) return NULL;
        ps->p++;
        skip_ws(ps);
        JNode **tail = &n->child;
        if (ps->p < ps->end && *ps->p == (obj ? '}' : ']')) {
            ps->p++;
        } else {
            for (;;) {
                char *key = NULL;
                if (obj) {
                    skip_ws(ps);
                    size_t kl;
                    if (ps->p >= ps->end || *ps->p != '"') { perr(ps, "expected a member name"); return NULL; }
                    if (!(key = parse_string_raw(ps, &kl))) return NULL;
                    for (JNode *m = n->child; m; m = m->next)
                        if (strcmp(m->key, key) == 0) { perr(ps, "duplicate member name"); return NULL; }
                    skip_ws(ps);
                    if (ps->p >= ps->end || *ps->p != ':') { perr(ps, "expected ':'"); return NULL; }
                    ps->p++;
                }
                JNode *v = parse_value(ps);
                if (!v) return NULL;
                v->key = key;
                *tail = v;
                tail = &v->next;
                skip_ws(ps);
                if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
                if (ps->p < ps->end && *ps->p == (obj ? '}' : ']')) { ps->p++; break; }
                perr(ps, obj ? "expected ',' or '}'" : "expected ',' or ']'");
                return NULL;
            }
        }
        ps->depth--;
    } else if (c == '"') {
        n = new_node(ps, J_STR);
        if (!n) return NULL;
        if (!(n->str = parse_string_raw(ps, &n->len))) return NULL;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        if (!(n = parse_number(ps))) return NULL;
    } else if (lit(ps, "true")) {
        if ((n = new_node(ps, J_BOOL))) n->boolean = 1;
    } else if (lit(ps, "false")) {
        n = new_node(ps, J_BOOL);
    } else if (lit(ps, "null")) {
        n = new_node(ps, J_NULL);
    } else {
        perr(ps, "unexpected character");
        return NULL;
    }
    if (n) {
        n->raw = start;
        n->rawlen = (size_t)(ps->p - start);
    }
    return n;
}

JNode *json_parse(Arena *a, const char *text, size_t len, char *errmsg, size_t errcap)
{
    Parser ps = {a, text, text + len, 0, errmsg, errcap, 0};
    errmsg[0] = 0;
    JNode *n = parse_value(&ps);
    if (!n) { if (!ps.failed) perr(&ps, "invalid JSON"); return NULL; }
    skip_ws(&ps);
    if (ps.p != ps.end) { perr(&ps, "text after the JSON value"); return NULL; }
    return n;
}

const JNode *json_get(const JNode *obj, const char *key)
{
    if (!obj || obj->type != J_OBJ) return NULL;
    for (const JNode *m = obj->child; m; m = m->next)
        if (strcmp(m->key, key) == 0) return m;
    return NULL;
}

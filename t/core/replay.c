/*
 * replay.c - replay core transcripts (t/core/transcripts/NAME.t) through the
 * protocol core and check the server's bytes and the callbacks it made.
 *
 *     replay [-v] FILE...
 *
 * t/core/FORMAT.md specifies the transcript format and the feeding modes.
 * For each file the driver prints one line, "ok - NAME" or "not ok - NAME"
 * (NAME is the file's base name without ".t"), followed on failure by
 * "# " lines naming the mode that failed and the first difference.  The exit
 * status is 0 when every file passed, 1 otherwise, 2 on a usage error.  With
 * -v it first prints what the whole mode got (S:, E:, %status and %writes
 * lines, escaped so that they can be pasted into a transcript).
 *
 * Structure:
 *   - parsing: a transcript becomes a struct test: the client input as one
 *     byte string, the %tls/%timeout actions as offsets into it, the expected
 *     server bytes, the expected events (each normalised to the form the
 *     driver prints), the answer queues and the configuration;
 *   - running: run_once() plays a test in one mode (struct run holds the
 *     session and everything a run records); the callbacks record events and
 *     answer from the queues; offer() feeds bytes or one framed line until
 *     all is consumed, answering deferred decisions (settle()) on the way;
 *   - reporting: after each run the output, events, final status and write
 *     count are compared and the first differences described.
 *
 * The driver also checks the core's contract where it can see it: the
 * session pointer and string arguments the callbacks get, the shape of every
 * write, that nothing happens once the session is closed or while the TLS
 * handshake is pending, that input is consumed as smtpd_feed() promises and
 * that smtpd_free() calls nothing.
 *
 * Allocation failure ends the program (exit 2): this is a test tool.
 */
#include "smtpd.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BODY_SHOW_MAX	4096			/* longer bodies print as
						   "body len=N" */
#define SPLIT_MAX	((size_t)64 << 10)	/* no split mode above this
						   much input */
#define INPUT_MAX	((size_t)1 << 30)	/* client input per test */
#define FILE_MAX	((size_t)16 << 20)	/* transcript file size */
#define REPLY_LINE_MAX	512			/* octets, CRLF included
						   (RFC 5321 4.5.3.1.5) */
#define SHOW_MAX	600			/* bytes of a line shown in a
						   diagnostic (a whole reply) */

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* ---------------------------------------------------------------------------
 * Growable byte buffers, always NUL-terminated once allocated.
 */

struct buf {
	char *p;
	size_t len, cap;
};

static _Noreturn void
oom(void)
{
	fputs("replay: out of memory\n", stderr);
	exit(2);
}

/* Make room for more bytes and a terminating NUL; allocates even for 0. */
static void
buf_reserve(struct buf *b, size_t more)
{
	size_t need, cap;
	char *p;

	if (b->cap != 0 && more < b->cap - b->len)
		return;
	if (more >= SIZE_MAX - b->len)
		oom();
	need = b->len + more + 1;
	cap = b->cap != 0 ? b->cap : 64;
	while (cap < need)	/* doubling keeps appends linear */
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->p, cap);
	if (p == NULL)
		oom();
	b->p = p;
	b->cap = cap;
}

static void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n != 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void
buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

static void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0) {
		fputs("replay: vsnprintf failed\n", stderr);
		exit(2);
	}
	buf_reserve(b, (size_t)n);
	if (vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap) != n) {
		fputs("replay: vsnprintf failed\n", stderr);
		exit(2);
	}
	b->len += (size_t)n;
}

static void PRINTF_LIKE(2, 3)
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

static int
same(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

/* ---------------------------------------------------------------------------
 * Escapes (FORMAT.md): \r \n \t \0 \s \\ \xHH.
 */

/*
 * Append p[0..n) escaped the way FORMAT.md prints event values: \r \n \t \0
 * \\, and \xHH for other bytes below 0x20 or from 0x7f.  With protect, the
 * trailing spaces are written \s, so that a printed S:/E: line survives
 * editors that strip trailing white space and can be pasted into a
 * transcript as it is.
 */
static void
buf_esc(struct buf *b, const char *p, size_t n, int protect)
{
	static const char hex[] = "0123456789abcdef";
	size_t keep = n, i;
	char *o;

	if (protect)
		while (keep > 0 && p[keep - 1] == ' ')
			keep--;
	if (n > SIZE_MAX / 4)
		oom();
	buf_reserve(b, 4 * n);	/* "\xHH" is the longest form */
	o = b->p + b->len;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (i >= keep) {
			*o++ = '\\';
			*o++ = 's';
		} else if (c == '\\') {
			*o++ = '\\';
			*o++ = '\\';
		} else if (c == '\r') {
			*o++ = '\\';
			*o++ = 'r';
		} else if (c == '\n') {
			*o++ = '\\';
			*o++ = 'n';
		} else if (c == '\t') {
			*o++ = '\\';
			*o++ = 't';
		} else if (c == '\0') {
			*o++ = '\\';
			*o++ = '0';
		} else if (c < 0x20 || c >= 0x7f) {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 0xf];
		} else {
			*o++ = (char)c;
		}
	}
	b->len = (size_t)(o - b->p);
	b->p[b->len] = '\0';
}

/* Append already escaped text, writing its trailing spaces as \s. */
static void
buf_protect(struct buf *b, const char *p, size_t n)
{
	size_t keep = n;

	while (keep > 0 && p[keep - 1] == ' ')
		keep--;
	buf_add(b, p, keep);
	for (; keep < n; keep++)
		buf_add(b, "\\s", 2);
}

/* Append p[0..n), cut to SHOW_MAX bytes, escaped and protected. */
static void
buf_show(struct buf *b, const char *p, size_t n)
{
	if (n <= SHOW_MAX) {
		buf_esc(b, p, n, 1);
		return;
	}
	buf_esc(b, p, SHOW_MAX, 0);
	buf_printf(b, "... (%zu bytes)", n);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode the escapes in p[0..n), appending to b.  Returns 0, or -1 with a
 * message in err. */
static int
unesc(struct buf *b, const char *p, size_t n, struct buf *err)
{
	size_t i = 0;
	char *o;

	buf_reserve(b, n);	/* decoding never makes text longer */
	o = b->p + b->len;
	while (i < n) {
		int hi, lo;

		if (p[i] != '\\') {
			*o++ = p[i++];
			continue;
		}
		if (n - i < 2) {
			buf_adds(err, "backslash at the end of the line "
			    "(write \\\\ for a backslash)");
			return -1;
		}
		switch (p[i + 1]) {
		case 'r':	*o++ = '\r'; break;
		case 'n':	*o++ = '\n'; break;
		case 't':	*o++ = '\t'; break;
		case '0':	*o++ = '\0'; break;
		case 's':	*o++ = ' '; break;
		case '\\':	*o++ = '\\'; break;
		case 'x':
			if (n - i < 4 || (hi = hexval(p[i + 2])) < 0 ||
			    (lo = hexval(p[i + 3])) < 0) {
				buf_adds(err, "\\x needs two hex digits");
				return -1;
			}
			*o++ = (char)(hi << 4 | lo);
			i += 2;
			break;
		default:
			buf_adds(err, "unknown escape \\");
			buf_esc(err, p + i + 1, 1, 0);
			buf_adds(err, " (known: \\r \\n \\t \\0 \\s \\\\ "
			    "\\xHH)");
			return -1;
		}
		i += 2;
	}
	b->len = (size_t)(o - b->p);
	b->p[b->len] = '\0';
	return 0;
}

/* Decode p[0..n) into a new C string (what may not contain NUL).  Returns
 * NULL with a message in err. */
static char *
unesc_str(const char *p, size_t n, const char *what, struct buf *err)
{
	struct buf b = { 0 };

	if (unesc(&b, p, n, err) != 0) {
		buf_free(&b);
		return NULL;
	}
	if (memchr(b.p, '\0', b.len) != NULL) {
		buf_printf(err, "%s may not contain NUL", what);
		buf_free(&b);
		return NULL;
	}
	return b.p;
}

/* ---------------------------------------------------------------------------
 * Tests (parsed transcripts)
 */

enum cb {
	CB_CONNECT, CB_HELO, CB_STARTTLS, CB_AUTH, CB_MAIL, CB_RCPT,
	CB_DATA, CB_MESSAGE, CB_BODY, CB_N
};

static const char *const cb_names[CB_N] = {
	"connect", "helo", "starttls", "auth", "mail", "rcpt", "data",
	"message", "body"
};

static const char *const state_names[] = {
	"reading", "paused", "starttls", "closed"
};

static const char *
state_name(smtpd_state st)
{
	if ((unsigned)st < sizeof state_names / sizeof state_names[0])
		return state_names[st];
	return "(invalid)";
}

/* One %answer line. */
struct answer {
	smtpd_decision d;	/* accept, tempfail or reject */
	int fail;		/* body: return -1 */
	int has_reply;		/* CODE ESC TEXT given */
	int code;
	char *esc;		/* NULL for "-" */
	char *text;
	unsigned line;
};

struct queue {
	struct answer *a;
	size_t n, cap;
};

enum action_kind { ACT_TLS_OK, ACT_TLS_FAIL, ACT_TIMEOUT };

/* %tls or %timeout, performed once the input before pos is fed. */
struct action {
	size_t pos;
	enum action_kind kind;
	unsigned line;
};

struct test {
	const char *path;
	struct smtpd_config cfg;
	char *hostname, *banner, *peer;	/* NULL: the defaults */
	int cb_starttls, cb_auth;	/* %callbacks */
	int nosplit;
	struct queue q[CB_N];
	struct buf in;			/* all client input */
	struct action *acts;
	size_t nacts, capacts;
	struct buf exp_out;		/* S: lines, each with CRLF */
	struct buf exp_ev;		/* E: lines, normalised, each + '\n' */
	int has_status;
	smtpd_state status;
	int has_writes;
	uint64_t writes;
};

/* Make room for element n of an array of *cap elements of size bytes. */
static void *
grow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t c;

	if (n < *cap)
		return p;
	c = *cap != 0 ? *cap * 2 : 8;
	if (c > SIZE_MAX / size)
		oom();
	p = realloc(p, c * size);
	if (p == NULL)
		oom();
	*cap = c;
	return p;
}

static void
test_free(struct test *t)
{
	size_t i, j;

	free(t->hostname);
	free(t->banner);
	free(t->peer);
	for (i = 0; i < CB_N; i++) {
		for (j = 0; j < t->q[i].n; j++) {
			free(t->q[i].a[j].esc);
			free(t->q[i].a[j].text);
		}
		free(t->q[i].a);
	}
	free(t->acts);
	buf_free(&t->in);
	buf_free(&t->exp_out);
	buf_free(&t->exp_ev);
}

/* ---------------------------------------------------------------------------
 * Parsing
 */

static int PRINTF_LIKE(2, 3)
perr(struct buf *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(err, fmt, ap);
	va_end(ap);
	return -1;
}

/* A cursor over the rest of a directive line. */
struct cur {
	const char *p, *end;
};

/* The next token separated by spaces or tabs; 0 at the end of the line. */
static int
next_tok(struct cur *c, const char **t, size_t *n)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
	if (c->p == c->end)
		return 0;
	*t = c->p;
	while (c->p < c->end && *c->p != ' ' && *c->p != '\t')
		c->p++;
	*n = (size_t)(c->p - *t);
	return 1;
}

static int
tokeq(const char *t, size_t n, const char *s)
{
	return same(t, n, s, strlen(s));
}

/* A decimal number, digits only. */
static int
parse_u64(const char *p, size_t n, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned d;

		if (p[i] < '0' || p[i] > '9')
			return -1;
		d = (unsigned)(p[i] - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

/* Append decoded client text to the input, within INPUT_MAX. */
static int
add_input(struct test *t, const char *p, size_t n, uint64_t count,
    struct buf *err)
{
	struct buf tmp = { 0 };
	uint64_t i;

	if (unesc(&tmp, p, n, err) != 0) {
		buf_free(&tmp);
		return -1;
	}
	if (tmp.len != 0 && count > (INPUT_MAX - t->in.len) / tmp.len) {
		buf_free(&tmp);
		return perr(err, "client input exceeds %zu bytes", INPUT_MAX);
	}
	buf_reserve(&t->in, tmp.len * (size_t)count);
	for (i = 0; tmp.len != 0 && i < count; i++)
		buf_add(&t->in, tmp.p, tmp.len);
	buf_free(&tmp);
	return 0;
}

/* C:, R:, X:, S: and E: lines; text is what follows "X: ". */
static int
parse_io(struct test *t, char kind, const char *text, size_t n,
    struct buf *err)
{
	struct buf tmp = { 0 };
	const char *sp;
	uint64_t count;

	switch (kind) {
	case 'C':
		if (add_input(t, text, n, 1, err) != 0)
			return -1;
		if (INPUT_MAX - t->in.len < 2)
			return perr(err, "client input exceeds %zu bytes",
			    INPUT_MAX);
		buf_add(&t->in, "\r\n", 2);
		return 0;
	case 'R':
		return add_input(t, text, n, 1, err);
	case 'X':
		sp = memchr(text, ' ', n);
		if (sp == NULL || sp == text + n - 1 ||
		    parse_u64(text, (size_t)(sp - text), &count) != 0)
			return perr(err, "expected X: COUNT text");
		return add_input(t, sp + 1, n - (size_t)(sp + 1 - text),
		    count, err);
	case 'S':
		if (unesc(&t->exp_out, text, n, err) != 0)
			return -1;
		buf_add(&t->exp_out, "\r\n", 2);
		return 0;
	case 'E':
		/* Decoded and escaped again as the driver prints events, so
		 * that any spelling of the same bytes (\x0d or \r, a \s for
		 * a trailing space, raw UTF-8) matches. */
		if (n == 0)
			return perr(err, "empty event");
		if (unesc(&tmp, text, n, err) != 0) {
			buf_free(&tmp);
			return -1;
		}
		buf_esc(&t->exp_ev, tmp.p, tmp.len, 0);
		buf_add(&t->exp_ev, "\n", 1);
		buf_free(&tmp);
		return 0;
	}
	return perr(err, "internal error: line kind %c", kind);
}

static int
set_unsigned(unsigned *field, const char *key, const char *v, size_t n,
    struct buf *err)
{
	uint64_t x;

	if (parse_u64(v, n, &x) != 0 || x > UINT_MAX)
		return perr(err, "%s needs a number up to %u", key, UINT_MAX);
	*field = (unsigned)x;
	return 0;
}

static int
parse_flags(struct test *t, const char *v, size_t n, struct buf *err)
{
	static const struct {
		const char *name;
		unsigned flag;
	} flags[] = {
		{ "auth_insecure", SMTPD_AUTH_INSECURE },
		{ "normalize_eol", SMTPD_NORMALIZE_EOL },
		{ "tls_active", SMTPD_TLS_ACTIVE },
		{ "no_helo_required", SMTPD_NO_HELO_REQUIRED },
	};
	const char *end = v + n;
	unsigned f = 0;

	while (v < end) {	/* "flags=" alone is 0 */
		const char *comma = memchr(v, ',', (size_t)(end - v));
		size_t len = (size_t)((comma ? comma : end) - v), i;

		for (i = 0; i < sizeof flags / sizeof flags[0]; i++)
			if (tokeq(v, len, flags[i].name))
				break;
		if (i == sizeof flags / sizeof flags[0]) {
			perr(err, "unknown flag \"");
			buf_esc(err, v, len, 0);
			return perr(err, "\" (known: auth_insecure "
			    "normalize_eol tls_active no_helo_required)");
		}
		f |= flags[i].flag;
		if (comma == NULL)
			break;
		v = comma + 1;
		if (v == end)
			return perr(err, "flags end with a comma");
	}
	t->cfg.flags = f;
	return 0;
}

static int
parse_config(struct test *t, struct cur *c, struct buf *err)
{
	const char *tok, *eq, *v;
	size_t n, kn, vn;
	uint64_t x;

	while (next_tok(c, &tok, &n)) {
		eq = memchr(tok, '=', n);
		if (eq == NULL)
			return perr(err, "%%config wants key=value items");
		kn = (size_t)(eq - tok);
		v = eq + 1;
		vn = n - kn - 1;
		if (tokeq(tok, kn, "hostname") || tokeq(tok, kn, "banner")) {
			char **field = tokeq(tok, kn, "hostname") ?
			    &t->hostname : &t->banner;
			char *s = unesc_str(v, vn, "a %config value", err);

			if (s == NULL)
				return -1;
			free(*field);
			*field = s;
		} else if (tokeq(tok, kn, "max_line")) {
			if (parse_u64(v, vn, &x) != 0 || x > SIZE_MAX)
				return perr(err, "max_line needs a number");
			t->cfg.max_line = (size_t)x;
		} else if (tokeq(tok, kn, "max_message_size")) {
			if (tokeq(v, vn, "unlimited"))
				x = SMTPD_UNLIMITED;
			else if (parse_u64(v, vn, &x) != 0)
				return perr(err, "max_message_size needs a "
				    "number or \"unlimited\"");
			t->cfg.max_message_size = x;
		} else if (tokeq(tok, kn, "max_recipients")) {
			if (set_unsigned(&t->cfg.max_recipients,
			    "max_recipients", v, vn, err) != 0)
				return -1;
		} else if (tokeq(tok, kn, "max_errors")) {
			if (set_unsigned(&t->cfg.max_errors, "max_errors",
			    v, vn, err) != 0)
				return -1;
		} else if (tokeq(tok, kn, "max_unknown")) {
			if (set_unsigned(&t->cfg.max_unknown, "max_unknown",
			    v, vn, err) != 0)
				return -1;
		} else if (tokeq(tok, kn, "max_junk")) {
			if (set_unsigned(&t->cfg.max_junk, "max_junk", v, vn,
			    err) != 0)
				return -1;
		} else if (tokeq(tok, kn, "max_auth_failures")) {
			if (set_unsigned(&t->cfg.max_auth_failures,
			    "max_auth_failures", v, vn, err) != 0)
				return -1;
		} else if (tokeq(tok, kn, "max_messages")) {
			if (set_unsigned(&t->cfg.max_messages, "max_messages",
			    v, vn, err) != 0)
				return -1;
		} else if (tokeq(tok, kn, "flags")) {
			if (parse_flags(t, v, vn, err) != 0)
				return -1;
		} else {
			perr(err, "unknown %%config key \"");
			buf_esc(err, tok, kn, 0);
			return perr(err, "\"");
		}
	}
	return 0;
}

/* %answer CALLBACK DECISION [CODE ESC TEXT] and %answer body fail. */
static int
parse_answer(struct test *t, struct cur *c, unsigned line, struct buf *err)
{
	static const char *const decisions[] = { "accept", "tempfail",
	    "reject" };
	static const smtpd_decision dvals[] = { SMTPD_ACCEPT, SMTPD_TEMPFAIL,
	    SMTPD_REJECT };
	struct answer a;
	struct queue *q;
	const char *tok;
	size_t n, i;
	uint64_t code;

	memset(&a, 0, sizeof a);
	a.line = line;
	if (!next_tok(c, &tok, &n))
		return perr(err, "%%answer needs CALLBACK DECISION");
	for (i = 0; i < CB_N; i++)
		if (tokeq(tok, n, cb_names[i]))
			break;
	if (i == CB_N)
		return perr(err, "%%answer: unknown callback (known: connect "
		    "helo starttls auth mail rcpt data message body)");
	q = &t->q[i];
	if (!next_tok(c, &tok, &n))
		return perr(err, "%%answer needs a DECISION");
	if (i == CB_BODY) {
		if (!tokeq(tok, n, "fail") || next_tok(c, &tok, &n))
			return perr(err, "the body answer is "
			    "\"%%answer body fail\"");
		a.fail = 1;
	} else {
		size_t d;

		for (d = 0; d < sizeof decisions / sizeof decisions[0]; d++)
			if (tokeq(tok, n, decisions[d]))
				break;
		if (d == sizeof decisions / sizeof decisions[0])
			return perr(err, "%%answer: DECISION is accept, "
			    "tempfail or reject");
		a.d = dvals[d];
		if (next_tok(c, &tok, &n)) {
			/* No range check: transcripts may test that
			 * smtpd_reply_set() refuses a bad code. */
			if (parse_u64(tok, n, &code) != 0 || code > INT_MAX)
				return perr(err, "%%answer: CODE must be a "
				    "number");
			if (!next_tok(c, &tok, &n))
				return perr(err, "%%answer: CODE needs ESC "
				    "(- for none) and TEXT");
			a.has_reply = 1;
			a.code = (int)code;
			if (!tokeq(tok, n, "-") && (a.esc = unesc_str(tok, n,
			    "ESC", err)) == NULL)
				return -1;
			/* TEXT: all after the one space that follows ESC;
			 * missing TEXT is "". */
			if (c->p < c->end)
				c->p++;
			a.text = unesc_str(c->p, (size_t)(c->end - c->p),
			    "TEXT", err);
			if (a.text == NULL) {
				free(a.esc);
				return -1;
			}
		}
	}
	q->a = grow(q->a, &q->cap, q->n, sizeof *q->a);
	q->a[q->n++] = a;
	return 0;
}

static int
add_action(struct test *t, enum action_kind kind, unsigned line)
{
	t->acts = grow(t->acts, &t->capacts, t->nacts, sizeof *t->acts);
	t->acts[t->nacts].pos = t->in.len;
	t->acts[t->nacts].kind = kind;
	t->acts[t->nacts].line = line;
	t->nacts++;
	return 0;
}

static int
parse_directive(struct test *t, const char *p, size_t n, unsigned line,
    struct buf *err)
{
	struct cur c;
	const char *word, *tok;
	size_t wn, tn, i;
	uint64_t x;

	c.p = p + 1;
	c.end = p + n;
	word = c.p;
	while (c.p < c.end && *c.p != ' ' && *c.p != '\t')
		c.p++;
	wn = (size_t)(c.p - word);

	if (tokeq(word, wn, "config"))
		return parse_config(t, &c, err);
	if (tokeq(word, wn, "answer"))
		return parse_answer(t, &c, line, err);
	if (tokeq(word, wn, "peer")) {
		/* TEXT: all after the one space, as written. */
		if (c.p == c.end)
			return perr(err, "%%peer needs TEXT");
		free(t->peer);
		t->peer = unesc_str(c.p + 1, (size_t)(c.end - c.p - 1),
		    "%peer", err);
		return t->peer != NULL ? 0 : -1;
	}
	if (tokeq(word, wn, "callbacks")) {
		while (next_tok(&c, &tok, &tn)) {
			if (tokeq(tok, tn, "starttls"))
				t->cb_starttls = 1;
			else if (tokeq(tok, tn, "auth"))
				t->cb_auth = 1;
			else
				return perr(err, "%%callbacks names "
				    "starttls and auth only");
		}
		return 0;
	}
	if (tokeq(word, wn, "tls")) {
		int ok;

		if (!next_tok(&c, &tok, &tn) ||
		    (!tokeq(tok, tn, "ok") && !tokeq(tok, tn, "fail")))
			return perr(err, "expected %%tls ok or %%tls fail");
		ok = tokeq(tok, tn, "ok");
		if (next_tok(&c, &tok, &tn))
			return perr(err, "expected %%tls ok or %%tls fail");
		return add_action(t, ok ? ACT_TLS_OK : ACT_TLS_FAIL, line);
	}
	if (tokeq(word, wn, "timeout")) {
		if (next_tok(&c, &tok, &tn))
			return perr(err, "%%timeout takes no argument");
		return add_action(t, ACT_TIMEOUT, line);
	}
	if (tokeq(word, wn, "nosplit")) {
		if (next_tok(&c, &tok, &tn))
			return perr(err, "%%nosplit takes no argument");
		t->nosplit = 1;
		return 0;
	}
	if (tokeq(word, wn, "status")) {
		if (t->has_status)
			return perr(err, "%%status given twice");
		i = 4;
		if (next_tok(&c, &tok, &tn))
			for (i = 0; i < 4; i++)
				if (tokeq(tok, tn, state_names[i]))
					break;
		if (i == 4 || next_tok(&c, &tok, &tn))
			return perr(err, "expected %%status reading, paused, "
			    "starttls or closed");
		t->has_status = 1;
		t->status = (smtpd_state)i;
		return 0;
	}
	if (tokeq(word, wn, "writes")) {
		if (t->has_writes)
			return perr(err, "%%writes given twice");
		if (!next_tok(&c, &tok, &tn) || parse_u64(tok, tn, &x) != 0 ||
		    next_tok(&c, &tok, &tn))
			return perr(err, "expected %%writes N");
		t->has_writes = 1;
		t->writes = x;
		return 0;
	}
	perr(err, "unknown directive %%");
	buf_esc(err, word, wn, 0);
	return -1;
}

static int
parse_line(struct test *t, const char *p, size_t n, unsigned line,
    struct buf *err)
{
	size_t i;

	if (n == 0 || p[0] == '#')
		return 0;
	for (i = 0; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
		continue;
	if (i == n)
		return 0;	/* blank */
	if (memchr(p, '\r', n) != NULL)
		return perr(err, "raw carriage return in the transcript "
		    "(CRLF line ends? write \\r)");
	if (p[0] == '%')
		return parse_directive(t, p, n, line, err);
	if (n >= 2 && p[1] == ':' && (p[0] == 'C' || p[0] == 'R' ||
	    p[0] == 'X' || p[0] == 'S' || p[0] == 'E')) {
		/* Exactly one space after the colon; a line that ends at
		 * the colon (its space stripped by an editor) has empty
		 * text. */
		if (n == 2)
			return parse_io(t, p[0], p + 2, 0, err);
		if (p[2] != ' ')
			return perr(err, "one space must follow \"%c:\"", p[0]);
		return parse_io(t, p[0], p + 3, n - 3, err);
	}
	return perr(err, "not a transcript line (C: R: X: S: E: %%directive "
	    "or # comment)");
}

/* Read and parse t->path.  Returns 0, or -1 with "# " lines in diag. */
static int
parse_file(struct test *t, struct buf *diag)
{
	struct buf file = { 0 }, err = { 0 };
	const char *p, *end, *nl;
	unsigned line = 0;
	size_t i, got;
	FILE *f;
	int rc = 0;

	f = fopen(t->path, "rb");
	if (f == NULL) {
		buf_printf(diag, "# %s: %s\n", t->path, strerror(errno));
		return -1;
	}
	do {
		buf_reserve(&file, 65536);
		got = fread(file.p + file.len, 1, file.cap - file.len - 1, f);
		file.len += got;
	} while (got != 0 && file.len <= FILE_MAX);
	if (ferror(f) || file.len > FILE_MAX) {
		buf_printf(diag, "# %s: %s\n", t->path, ferror(f) ?
		    "read error" : "file too large");
		rc = -1;
	}
	fclose(f);

	p = file.p;
	end = file.p + file.len;
	while (rc == 0 && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		line++;
		buf_clear(&err);
		if (parse_line(t, p, (size_t)((nl ? nl : end) - p), line,
		    &err) != 0) {
			buf_printf(diag, "# %s:%u: %s\n", t->path, line,
			    err.p);
			rc = -1;
		}
		p = nl ? nl + 1 : end;
	}

	/* An answer for a callback the host does not supply is a mistake. */
	for (i = CB_STARTTLS; rc == 0 && i <= CB_AUTH; i++) {
		int on = i == CB_STARTTLS ? t->cb_starttls : t->cb_auth;

		if (!on && t->q[i].n != 0) {
			buf_printf(diag, "# %s:%u: %%answer %s without "
			    "%%callbacks %s\n", t->path, t->q[i].a[0].line,
			    cb_names[i], cb_names[i]);
			rc = -1;
		}
	}

	t->cfg.hostname = t->hostname != NULL ? t->hostname : "mx.test";
	t->cfg.banner = t->banner;
	if (t->peer == NULL) {
		t->peer = malloc(sizeof "192.0.2.1");
		if (t->peer == NULL)
			oom();
		memcpy(t->peer, "192.0.2.1", sizeof "192.0.2.1");
	}
	buf_reserve(&t->in, 0);	/* never a NULL input pointer */
	buf_free(&file);
	buf_free(&err);
	return rc;
}

/* ---------------------------------------------------------------------------
 * Runs
 */

enum feed { FEED_WHOLE, FEED_BYTES, FEED_SPLIT, FEED_LINES };

struct mode {
	const char *name;
	enum feed feed;
	int defer;		/* decision callbacks return SMTPD_DEFER */
};

static const struct mode modes[] = {
	{ "whole", FEED_WHOLE, 0 },
	{ "bytes", FEED_BYTES, 0 },
	{ "split", FEED_SPLIT, 0 },
	{ "lines", FEED_LINES, 0 },
	{ "defer-whole", FEED_WHOLE, 1 },
	{ "defer-bytes", FEED_BYTES, 1 },
	{ "defer-lines", FEED_LINES, 1 },
};

/* One session played in one mode. */
struct run {
	const struct test *t;
	const struct mode *m;
	size_t split;			/* FEED_SPLIT: the split offset */
	smtpd_session *s;
	struct smtpd_callbacks cb;	/* must outlive the session */
	size_t qi[CB_N];		/* next answer of each queue */

	struct buf out;			/* all bytes written */
	uint64_t writes;		/* write callback calls */
	struct buf ev;			/* events, each + '\n' */
	struct buf scratch;		/* the event being built */
	unsigned long calls;		/* callbacks of any kind */
	int closed;			/* SMTPD_CLOSED was seen */

	/* Consecutive body calls make one event. */
	int body_pending;
	uint64_t body_len;
	char body_head[BODY_SHOW_MAX];
	int in_data;			/* after a data event */
	int body_started;		/* body called in this message */
	int body_failed;		/* and it returned -1 */

	/* A deferred decision (defer modes). */
	int pending;
	const struct answer *pending_answer;	/* NULL: accept */
	const char *pending_name;

	int failed;			/* err holds the first failure */
	struct buf err;
	struct buf *trace;		/* -v: S:/E: lines in call order */
};

static void PRINTF_LIKE(2, 3)
rfail(struct run *r, const char *fmt, ...)
{
	va_list ap;

	if (r->failed)
		return;		/* the first failure explains the rest */
	r->failed = 1;
	va_start(ap, fmt);
	buf_vprintf(&r->err, fmt, ap);
	va_end(ap);
}

/* ---- events */

static void
ev_end(struct run *r)
{
	buf_add(&r->ev, r->scratch.p, r->scratch.len);
	buf_add(&r->ev, "\n", 1);
	if (r->trace != NULL) {
		buf_adds(r->trace, "E: ");
		buf_protect(r->trace, r->scratch.p, r->scratch.len);
		buf_add(r->trace, "\n", 1);
	}
}

static void
body_flush(struct run *r)
{
	if (!r->body_pending)
		return;
	r->body_pending = 0;
	buf_clear(&r->scratch);
	if (r->body_len <= BODY_SHOW_MAX) {
		buf_adds(&r->scratch, "body ");
		buf_esc(&r->scratch, r->body_head, (size_t)r->body_len, 0);
	} else {
		buf_printf(&r->scratch, "body len=%" PRIu64, r->body_len);
	}
	ev_end(r);
}

/* Start building an event in r->scratch; a pending body event goes first. */
static struct buf *
ev_begin(struct run *r, const char *name)
{
	body_flush(r);
	buf_clear(&r->scratch);
	buf_adds(&r->scratch, name);
	return &r->scratch;
}

/* ---- callbacks */

static struct run *
enter(void *host, smtpd_session *s, const char *what)
{
	struct run *r = host;

	r->calls++;
	if (s != r->s)
		rfail(r, "%s callback got another session pointer than "
		    "smtpd_new() returned", what);
	if (r->closed)
		rfail(r, "%s callback after the session closed", what);
	if (r->pending)
		rfail(r, "%s callback while the %s decision is pending", what,
		    r->pending_name);
	return r;
}

/* Check a string argument: not NULL, NUL right after len bytes, no CR or
 * LF.  Returns it, or "" (len 0) for NULL. */
static const char *
arg(struct run *r, const char *what, const char *p, size_t *len)
{
	if (p == NULL) {
		rfail(r, "%s is NULL", what);
		*len = 0;
		return "";
	}
	if (memchr(p, '\0', *len) != NULL || p[*len] != '\0')
		rfail(r, "%s: length %zu does not match the string", what,
		    *len);
	else if (memchr(p, '\r', *len) != NULL ||
	    memchr(p, '\n', *len) != NULL)
		rfail(r, "%s contains CR or LF", what);
	return p;
}

/* A string argument without a length. */
static const char *
arg0(struct run *r, const char *what, const char *p, size_t *len)
{
	*len = p != NULL ? strlen(p) : 0;
	return arg(r, what, p, len);
}

/* Answer a decision from the queue, at once or (defer modes) later. */
static smtpd_decision
answer(struct run *r, enum cb which)
{
	const struct answer *a = NULL;
	const struct queue *q = &r->t->q[which];

	if (r->qi[which] < q->n)
		a = &q->a[r->qi[which]++];
	if (r->m->defer) {
		r->pending = 1;
		r->pending_answer = a;
		r->pending_name = cb_names[which];
		return SMTPD_DEFER;
	}
	if (a == NULL)
		return SMTPD_ACCEPT;
	/* -1 is not a failure: transcripts may test that an invalid reply
	 * is refused and the default used. */
	if (a->has_reply)
		(void)smtpd_reply_set(r->s, a->code, a->esc, a->text);
	return a->d;
}

/* Check that a write is whole reply lines "DDD[ -]text\r\n" of printable
 * ASCII, at most REPLY_LINE_MAX octets each. */
static void
check_write(struct run *r, const char *buf, size_t len)
{
	size_t i = 0, j;

	while (i < len && !r->failed) {
		const char *why = NULL;

		for (j = i; j < len && buf[j] != '\r' && buf[j] != '\n' &&
		    buf[j] >= 0x20 && buf[j] < 0x7f; j++)
			continue;
		if (j == len)
			why = "write ends inside a line";
		else if (buf[j] == '\n')
			why = "bare LF";
		else if (buf[j] != '\r')
			why = "non-printable byte";
		else if (j + 1 == len || buf[j + 1] != '\n')
			why = "bare CR";
		else if (j + 2 - i > REPLY_LINE_MAX)
			why = "line over 512 octets";
		else if (j - i < 4 || buf[i] < '2' || buf[i] > '5' ||
		    buf[i + 1] < '0' || buf[i + 1] > '9' ||
		    buf[i + 2] < '0' || buf[i + 2] > '9' ||
		    (buf[i + 3] != ' ' && buf[i + 3] != '-'))
			why = "not DDD followed by space or hyphen";
		if (why != NULL) {
			struct buf b = { 0 };

			buf_show(&b, buf + i, len - i < j + 2 - i ?
			    len - i : j + 2 - i);
			rfail(r, "bad reply line (%s): %s", why, b.p);
			buf_free(&b);
			return;
		}
		i = j + 2;
	}
}

static int
cb_write(void *host, const char *buf, size_t len)
{
	struct run *r = host;
	size_t i, j;

	r->calls++;
	r->writes++;
	if (r->closed)
		rfail(r, "write after the session closed");
	if (buf == NULL || len == 0) {
		rfail(r, "empty write");
		return 0;
	}
	check_write(r, buf, len);
	buf_add(&r->out, buf, len);
	for (i = 0; r->trace != NULL && i < len; i = j) {
		const char *crlf = NULL;

		for (j = i; j + 1 < len && crlf == NULL; j++)
			if (buf[j] == '\r' && buf[j + 1] == '\n')
				crlf = buf + j;
		buf_adds(r->trace, "S: ");
		if (crlf != NULL) {
			buf_esc(r->trace, buf + i, (size_t)(crlf - buf) - i, 1);
			j = (size_t)(crlf - buf) + 2;
		} else {
			buf_esc(r->trace, buf + i, len - i, 1);
			buf_adds(r->trace, "   (no CRLF)");
			j = len;
		}
		buf_add(r->trace, "\n", 1);
	}
	return 0;
}

static smtpd_decision
cb_connect(void *host, smtpd_session *s, const char *peer)
{
	struct run *r = enter(host, s, "connect");
	size_t n;
	struct buf *e;

	peer = arg0(r, "connect: peer", peer, &n);
	e = ev_begin(r, "connect ");
	buf_esc(e, peer, n, 0);
	ev_end(r);
	return answer(r, CB_CONNECT);
}

static smtpd_decision
cb_helo(void *host, smtpd_session *s, const char *name, size_t len, int ehlo)
{
	struct run *r = enter(host, s, "helo");
	struct buf *e;

	name = arg(r, "helo: name", name, &len);
	if (ehlo != 0 && ehlo != 1)
		rfail(r, "helo: ehlo is %d", ehlo);
	e = ev_begin(r, ehlo ? "ehlo " : "helo ");
	buf_esc(e, name, len, 0);
	ev_end(r);
	return answer(r, CB_HELO);
}

static smtpd_decision
cb_starttls(void *host, smtpd_session *s)
{
	struct run *r = enter(host, s, "starttls");

	ev_begin(r, "starttls");
	ev_end(r);
	return answer(r, CB_STARTTLS);
}

static smtpd_decision
cb_auth(void *host, smtpd_session *s, const struct smtpd_credentials *c)
{
	struct run *r = enter(host, s, "auth");
	const char *mech, *authzid, *user, *password;
	size_t mn, an, un, pn;
	struct buf *e;

	if (c == NULL) {
		rfail(r, "auth: no credentials");
		return SMTPD_ACCEPT;
	}
	an = c->authzid_len;
	un = c->user_len;
	pn = c->password_len;
	mech = arg0(r, "auth: mechanism", c->mechanism, &mn);
	authzid = arg(r, "auth: authzid", c->authzid, &an);
	user = arg(r, "auth: user", c->user, &un);
	password = arg(r, "auth: password", c->password, &pn);
	e = ev_begin(r, "auth ");
	buf_esc(e, mech, mn, 0);
	buf_adds(e, " authzid=");
	buf_esc(e, authzid, an, 0);
	buf_adds(e, " user=");
	buf_esc(e, user, un, 0);
	buf_adds(e, " password=");
	buf_esc(e, password, pn, 0);
	ev_end(r);
	return answer(r, CB_AUTH);
}

static smtpd_decision
cb_mail(void *host, smtpd_session *s, const struct smtpd_mail *m)
{
	struct run *r = enter(host, s, "mail");
	const char *addr, *auth;
	size_t n, authn;
	struct buf *e;

	if (m == NULL) {
		rfail(r, "mail: no smtpd_mail");
		return SMTPD_ACCEPT;
	}
	n = m->address_len;
	addr = arg(r, "mail: address", m->address, &n);
	e = ev_begin(r, "mail <");
	buf_esc(e, addr, n, 0);
	buf_adds(e, ">");
	if (m->size != 0)
		buf_printf(e, " size=%" PRIu64, m->size);
	switch ((int)m->body) {
	case SMTPD_BODY_NONE:
		break;
	case SMTPD_BODY_7BIT:
		buf_adds(e, " body=7BIT");
		break;
	case SMTPD_BODY_8BITMIME:
		buf_adds(e, " body=8BITMIME");
		break;
	default:
		rfail(r, "mail: body is %d", (int)m->body);
		break;
	}
	if (m->smtputf8)
		buf_adds(e, " smtputf8");
	if (m->auth != NULL) {
		authn = m->auth_len;
		auth = arg(r, "mail: auth", m->auth, &authn);
		buf_adds(e, " auth=");
		buf_esc(e, auth, authn, 0);
	}
	ev_end(r);
	return answer(r, CB_MAIL);
}

static smtpd_decision
cb_rcpt(void *host, smtpd_session *s, const struct smtpd_rcpt *rc)
{
	struct run *r = enter(host, s, "rcpt");
	const char *addr;
	size_t n;
	struct buf *e;

	if (rc == NULL) {
		rfail(r, "rcpt: no smtpd_rcpt");
		return SMTPD_ACCEPT;
	}
	n = rc->address_len;
	addr = arg(r, "rcpt: address", rc->address, &n);
	e = ev_begin(r, "rcpt <");
	buf_esc(e, addr, n, 0);
	buf_printf(e, "> count=%u", rc->count);
	ev_end(r);
	return answer(r, CB_RCPT);
}

static smtpd_decision
cb_data(void *host, smtpd_session *s)
{
	struct run *r = enter(host, s, "data");

	ev_begin(r, "data");
	ev_end(r);
	r->in_data = 1;
	r->body_started = 0;
	r->body_failed = 0;
	return answer(r, CB_DATA);
}

static int
cb_body(void *host, smtpd_session *s, const char *p, size_t n)
{
	struct run *r = enter(host, s, "body");
	size_t keep;

	if (p == NULL || n == 0) {
		rfail(r, "body called with no bytes");
		return 0;
	}
	if (!r->in_data)
		rfail(r, "body callback without a data callback before");
	if (r->body_failed) {
		rfail(r, "body called again after it returned -1");
		return -1;
	}
	if (!r->body_started) {
		const struct queue *q = &r->t->q[CB_BODY];

		r->body_started = 1;
		if (r->qi[CB_BODY] < q->n && q->a[r->qi[CB_BODY]++].fail) {
			/* The failing call is not recorded: its size
			 * depends on the mode, so its bytes would make the
			 * modes disagree. */
			r->body_failed = 1;
			return -1;
		}
	}
	if (!r->body_pending) {
		r->body_pending = 1;
		r->body_len = 0;
	}
	/* Keep only what a "body ESCAPED" event can show. */
	if (r->body_len < BODY_SHOW_MAX) {
		keep = BODY_SHOW_MAX - (size_t)r->body_len;
		memcpy(r->body_head + r->body_len, p, n < keep ? n : keep);
	}
	r->body_len += n;
	return 0;
}

static smtpd_decision
cb_message(void *host, smtpd_session *s)
{
	struct run *r = enter(host, s, "message");

	ev_begin(r, "message");
	ev_end(r);
	r->in_data = 0;
	return answer(r, CB_MESSAGE);
}

static void
cb_reset(void *host, smtpd_session *s)
{
	struct run *r = enter(host, s, "reset");

	ev_begin(r, "reset");
	ev_end(r);
	r->in_data = 0;
}

/* ---- feeding */

/*
 * Answer deferred decisions until the session is not paused, and check the
 * status: a closed session stays closed, and a callback that deferred must
 * have paused the session.  Returns 0, or -1 when the run failed.
 */
static int
settle(struct run *r)
{
	for (;;) {
		smtpd_state st;
		const struct answer *a;

		if (r->failed)
			return -1;
		st = smtpd_status(r->s);
		if ((unsigned)st > (unsigned)SMTPD_CLOSED) {
			rfail(r, "smtpd_status() returned %d", (int)st);
			return -1;
		}
		if (r->closed && st != SMTPD_CLOSED) {
			rfail(r, "status went from closed to %s",
			    state_name(st));
			return -1;
		}
		if (st == SMTPD_CLOSED)
			r->closed = 1;
		if (st != SMTPD_PAUSED) {
			if (r->pending)
				rfail(r, "the %s callback deferred but the "
				    "status is %s", r->pending_name,
				    state_name(st));
			return r->failed ? -1 : 0;
		}
		if (!r->pending) {
			rfail(r, "status is paused but no callback deferred");
			return -1;
		}
		a = r->pending_answer;
		r->pending = 0;
		r->pending_answer = NULL;
		if (a != NULL && a->has_reply)	/* -1 allowed, as above */
			(void)smtpd_reply_set(r->s, a->code, a->esc, a->text);
		if (smtpd_decide(r->s, a != NULL ? a->d : SMTPD_ACCEPT) != 0)
			rfail(r, "smtpd_decide() failed for the %s decision",
			    r->pending_name);
	}
}

/*
 * Offer p[0..len) to the core until all is consumed, answering deferred
 * decisions on the way.  eol < 0: raw bytes through smtpd_feed().  Else p is
 * one framed line that ended with term[0..tlen), given to smtpd_line() with
 * eol; if the core stops after the line's bytes but inside the terminator,
 * the rest of the terminator goes through smtpd_feed().
 */
static int
offer(struct run *r, const char *p, size_t len, int eol, const char *term,
    size_t tlen)
{
	size_t total = len + tlen, done = 0, want, got;
	smtpd_state before, after;
	unsigned long calls;
	const char *fn;

	for (;;) {
		if (settle(r) != 0)
			return -1;
		if (done == total)
			return 0;
		before = smtpd_status(r->s);
		calls = r->calls;
		want = total - done;
		if (done < len && eol >= 0) {
			fn = "smtpd_line()";
			got = smtpd_line(r->s, p + done, len - done, eol);
		} else if (done < len) {
			fn = "smtpd_feed()";
			got = smtpd_feed(r->s, p + done, want);
		} else {
			fn = "smtpd_feed()";
			got = smtpd_feed(r->s, term + (done - len), want);
		}
		if (r->failed)
			return -1;
		if (got > want) {
			rfail(r, "%s consumed %zu of %zu bytes", fn, got, want);
			return -1;
		}
		after = smtpd_status(r->s);
		if (before != SMTPD_READING) {
			/* STARTTLS: input before the handshake is
			 * discarded (RFC 3207 5); CLOSED: it is ignored. */
			if (got != want)
				rfail(r, "%s consumed %zu of %zu bytes in "
				    "state %s", fn, got, want,
				    state_name(before));
			else if (r->calls != calls)
				rfail(r, "input fed in state %s made a "
				    "callback or a write", state_name(before));
			else if (after != before)
				rfail(r, "input fed in state %s changed the "
				    "state to %s", state_name(before),
				    state_name(after));
			if (r->failed)
				return -1;
		}
		done += got;
		if (done == total || after == SMTPD_PAUSED)
			continue;
		if (after != SMTPD_READING) {
			rfail(r, "%s consumed %zu of %zu bytes and left the "
			    "state %s", fn, got, want, state_name(after));
			return -1;
		}
		if (got == 0) {
			rfail(r, "%s consumed nothing while reading", fn);
			return -1;
		}
		/* A short count while reading breaks the promise of
		 * smtpd_feed() but does no harm here: feed the rest. */
	}
}

/* The lines modes: a naive framer where CRLF, bare LF and bare CR (a CR not
 * followed by LF in this segment) each end a line. */
static int
feed_lines(struct run *r, const char *p, size_t n)
{
	size_t i = 0, j, tl;
	int eol;

	while (i < n) {
		for (j = i; j < n && p[j] != '\r' && p[j] != '\n'; j++)
			continue;
		if (j == n) {
			tl = 0;
			eol = SMTPD_EOL_NONE;
		} else if (p[j] == '\n') {
			tl = 1;
			eol = SMTPD_EOL_LF;
		} else if (j + 1 < n && p[j + 1] == '\n') {
			tl = 2;
			eol = SMTPD_EOL_CRLF;
		} else {
			tl = 1;
			eol = SMTPD_EOL_CR;
		}
		if (j + tl < n)
			eol |= SMTPD_EOL_MORE;
		if (offer(r, p + i, j - i, eol, p + j, tl) != 0)
			return -1;
		i = j + tl;
	}
	return 0;
}

/* Feed one segment of input, p[0..n) at offset base of the whole input. */
static int
feed_segment(struct run *r, const char *p, size_t n, size_t base)
{
	size_t i, k;

	switch (r->m->feed) {
	case FEED_WHOLE:
		return offer(r, p, n, -1, NULL, 0);
	case FEED_BYTES:
		for (i = 0; i < n; i++)
			if (offer(r, p + i, 1, -1, NULL, 0) != 0)
				return -1;
		return 0;
	case FEED_SPLIT:
		if (r->split > base && r->split - base < n) {
			k = r->split - base;
			if (offer(r, p, k, -1, NULL, 0) != 0)
				return -1;
			return offer(r, p + k, n - k, -1, NULL, 0);
		}
		return offer(r, p, n, -1, NULL, 0);
	case FEED_LINES:
		return feed_lines(r, p, n);
	}
	rfail(r, "internal error: feed %d", (int)r->m->feed);
	return -1;
}

/* ---- comparing */

static const char *
find_term(const char *p, const char *end, const char *term, size_t tn)
{
	while (p < end && (p = memchr(p, term[0], (size_t)(end - p))) !=
	    NULL) {
		if ((size_t)(end - p) >= tn && memcmp(p, term, tn) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* One line of a diff: "#   LABEL" then the line, or "(nothing more)". */
static void
show_line(struct buf *d, const char *label, const char *prefix,
    const char *p, const char *end, const char *t, int escaped)
{
	size_t n = (size_t)((t ? t : end) - p);

	buf_printf(d, "#   %s ", label);
	if (p == end) {
		buf_adds(d, "(nothing more)\n");
		return;
	}
	buf_adds(d, prefix);
	if (!escaped)
		buf_show(d, p, n);
	else if (n <= SHOW_MAX)
		buf_protect(d, p, n);
	else
		buf_printf(d, "%.*s... (%zu bytes)", SHOW_MAX, p, n);
	if (t == NULL)
		buf_adds(d, "   (no line end)");
	buf_add(d, "\n", 1);
}

/*
 * Describe the first line where got differs from exp (lines end with term),
 * e.g. "# server bytes differ at line 3:" and the two lines.  The lines are
 * escaped unless escaped says they are already.  Returns 1 if they differ.
 */
static int
diff_lines(struct buf *d, const char *what, const char *prefix,
    const struct buf *exp, const struct buf *got, const char *term,
    int escaped)
{
	const char *e = exp->p, *ee = exp->p + exp->len;
	const char *g = got->p, *ge = got->p + got->len;
	const char *et, *gt;
	size_t tn = strlen(term), line;

	if (same(exp->p, exp->len, got->p, got->len))
		return 0;
	for (line = 1;; line++) {
		et = find_term(e, ee, term, tn);
		gt = find_term(g, ge, term, tn);
		if (e == ee || g == ge || (et == NULL) != (gt == NULL) ||
		    !same(e, (size_t)((et ? et : ee) - e), g,
		    (size_t)((gt ? gt : ge) - g)))
			break;
		e = et ? et + tn : ee;
		g = gt ? gt + tn : ge;
	}
	buf_printf(d, "# %s differ at line %zu:\n", what, line);
	show_line(d, "expected:", prefix, e, ee, e == ee ? NULL : et, escaped);
	show_line(d, "got:     ", prefix, g, ge, g == ge ? NULL : gt, escaped);
	return 1;
}

/*
 * Play t in mode m (at split offset split) in a fresh session.  Returns 0
 * when everything matched, else -1 with "# " lines in diag.  trace, when
 * not NULL, receives what the run got as transcript lines.
 */
static int
run_once(const struct test *t, const struct mode *m, size_t split,
    struct buf *diag, struct buf *trace)
{
	struct run r;
	smtpd_state final = SMTPD_READING;
	size_t pos = 0, i;
	unsigned long calls;
	int bad = 0;

	memset(&r, 0, sizeof r);
	r.t = t;
	r.m = m;
	r.split = split;
	r.trace = trace;
	r.cb.write = cb_write;
	r.cb.connect = cb_connect;
	r.cb.helo = cb_helo;
	r.cb.starttls = t->cb_starttls ? cb_starttls : NULL;
	r.cb.auth = t->cb_auth ? cb_auth : NULL;
	r.cb.mail = cb_mail;
	r.cb.rcpt = cb_rcpt;
	r.cb.data = cb_data;
	r.cb.body = cb_body;
	r.cb.message = cb_message;
	r.cb.reset = cb_reset;

	r.s = smtpd_new(&t->cfg, &r.cb, &r);
	if (r.s == NULL) {
		rfail(&r, "smtpd_new() returned NULL");
		goto done;
	}
	if (smtpd_start(r.s, t->peer) != 0)
		rfail(&r, "smtpd_start() failed");
	if (settle(&r) != 0)
		goto done;

	/* The input is segments separated by actions. */
	for (i = 0; i <= t->nacts; i++) {
		const struct action *a = i < t->nacts ? &t->acts[i] : NULL;
		size_t end = a != NULL ? a->pos : t->in.len;

		if (feed_segment(&r, t->in.p + pos, end - pos, pos) != 0 ||
		    settle(&r) != 0)
			goto done;
		pos = end;
		if (a == NULL)
			break;
		if (trace != NULL)
			buf_adds(trace, a->kind == ACT_TIMEOUT ? "%timeout\n" :
			    a->kind == ACT_TLS_OK ? "%tls ok\n" :
			    "%tls fail\n");
		if (a->kind == ACT_TIMEOUT) {
			smtpd_timeout(r.s);
		} else if (smtpd_status(r.s) != SMTPD_STARTTLS) {
			rfail(&r, "%%tls at line %u: the status is %s, not "
			    "starttls", a->line, state_name(smtpd_status(r.s)));
		} else if (smtpd_tls_done(r.s, a->kind == ACT_TLS_OK) != 0) {
			rfail(&r, "smtpd_tls_done() failed at line %u",
			    a->line);
		}
		if (settle(&r) != 0)
			goto done;
	}
	body_flush(&r);
	final = smtpd_status(r.s);

done:
	if (r.s != NULL) {
		calls = r.calls;
		smtpd_free(r.s);
		if (r.calls != calls)
			rfail(&r, "smtpd_free() called a callback");
	}
	if (trace != NULL && !r.failed)
		buf_printf(trace, "%%status %s\n%%writes %" PRIu64 "\n",
		    state_name(final), r.writes);

	if (r.failed) {
		buf_printf(diag, "# %s\n", r.err.p);
		bad = 1;
	} else {
		bad |= diff_lines(diag, "server bytes", "S: ", &t->exp_out,
		    &r.out, "\r\n", 0);
		bad |= diff_lines(diag, "events", "E: ", &t->exp_ev, &r.ev,
		    "\n", 1);
		if (t->has_status && final != t->status) {
			buf_printf(diag, "# status: expected %s, got %s\n",
			    state_name(t->status), state_name(final));
			bad = 1;
		}
		if (t->has_writes && m->feed == FEED_WHOLE && !m->defer &&
		    r.writes != t->writes) {
			buf_printf(diag, "# writes: expected %" PRIu64
			    ", got %" PRIu64 "\n", t->writes, r.writes);
			bad = 1;
		}
	}
	buf_free(&r.out);
	buf_free(&r.ev);
	buf_free(&r.scratch);
	buf_free(&r.err);
	return bad ? -1 : 0;
}

/* ---------------------------------------------------------------------------
 * Driver
 */

/* Run every mode of one file; print its result line.  Returns 0 if passed. */
static int
run_file(const char *path, int verbose)
{
	struct test t;
	struct buf diag = { 0 }, also = { 0 }, d = { 0 }, trace = { 0 };
	const char *name, *slash;
	size_t namelen, mi, k = 0;
	int nfailed = 0, parsed;

	memset(&t, 0, sizeof t);
	t.path = path;
	slash = strrchr(path, '/');
	name = slash != NULL ? slash + 1 : path;
	namelen = strlen(name);
	if (namelen > 2 && strcmp(name + namelen - 2, ".t") == 0)
		namelen -= 2;

	parsed = parse_file(&t, &diag) == 0;
	for (mi = 0; parsed && mi < sizeof modes / sizeof modes[0]; mi++) {
		const struct mode *m = &modes[mi];
		int bad = 0;

		/* %nosplit is for inputs of megabytes: it skips every
		 * byte-at-a-time mode, defer-bytes included. */
		if (t.nosplit && (m->feed == FEED_BYTES ||
		    m->feed == FEED_SPLIT))
			continue;
		if (m->feed == FEED_SPLIT && t.in.len > SPLIT_MAX)
			continue;
		buf_clear(&d);
		if (m->feed == FEED_SPLIT) {
			/* Split points 1..len-1: 0 and len equal whole. */
			for (k = 1; k < t.in.len && !bad; k++) {
				buf_clear(&d);
				bad = run_once(&t, m, k, &d, NULL) != 0;
			}
		} else {
			bad = run_once(&t, m, 0, &d, verbose &&
			    m->feed == FEED_WHOLE && !m->defer ? &trace :
			    NULL) != 0;
		}
		if (!bad)
			continue;
		if (nfailed++ == 0) {
			buf_printf(&diag, "# mode %s", m->name);
			if (m->feed == FEED_SPLIT)
				buf_printf(&diag, " (split at input offset "
				    "%zu)", k - 1);
			buf_printf(&diag, ":\n%s", d.p);
		} else {
			buf_printf(&also, " %s", m->name);
		}
	}
	if (also.len != 0)
		buf_printf(&diag, "# also failed in:%s\n", also.p);

	if (verbose && trace.len != 0)
		printf("# %.*s, whole mode:\n%s", (int)namelen, name, trace.p);
	printf("%s - %.*s\n", parsed && nfailed == 0 ? "ok" : "not ok",
	    (int)namelen, name);
	if (diag.len != 0)
		fputs(diag.p, stdout);
	fflush(stdout);

	test_free(&t);
	buf_free(&diag);
	buf_free(&also);
	buf_free(&d);
	buf_free(&trace);
	return parsed && nfailed == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	int i = 1, verbose = 0, failed = 0;

	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = 1;
		i++;
	}
	if (i >= argc) {
		fputs("usage: replay [-v] FILE...\n", stderr);
		return 2;
	}
	for (; i < argc; i++)
		if (run_file(argv[i], verbose) != 0)
			failed = 1;
	return failed ? 1 : 0;
}

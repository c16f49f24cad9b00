/*
 * api.c - API-level tests of the protocol core (src/smtpd.h): what the
 * transcripts of t/core/transcripts cannot express, because it is about
 * return values, call order, re-entry, memory or the session's lifetime
 * rather than bytes on the wire.
 *
 * Build (the allocator is wrapped so that the test sees every allocation
 * the core makes):
 *
 *     gcc -std=c11 -Wall -Wextra -Werror -O1 -g \
 *         -fsanitize=address,undefined -fno-sanitize-recover=all \
 *         -fno-omit-frame-pointer -D_POSIX_C_SOURCE=200809L -Isrc \
 *         t/core/api.c src/smtpd.c src/smtpd_cmd.c src/smtpd_parse.c \
 *         src/smtpd_data.c src/smtpd_sasl.c \
 *         -Wl,--wrap=calloc,--wrap=malloc,--wrap=realloc,--wrap=free \
 *         -o t/core/api
 *
 * Output: one line per test, "ok - api-NAME" or "not ok - api-NAME"
 * followed by "# " lines saying what failed, then one "# " summary line.
 * The exit status is 1 when any test failed, else 0.
 *
 * Structure:
 *   - the allocator wrappers count every malloc/calloc/realloc/free made
 *     by the code linked into this program (the core and this file, which
 *     itself never allocates), and can pretend that memory is short;
 *   - struct host is what a host keeps per session: everything written,
 *     every callback made, and the answers the callbacks give; the
 *     callbacks also check the contract they can see (their session
 *     pointer, string arguments, the shape of every write) and, on request,
 *     try to re-enter the core (probe());
 *   - the tests, one function each, and the table that names them;
 *   - main() runs every test and checks after each one that the core
 *     allocated nothing outside smtpd_new() and that nothing leaked.
 *
 * Every loop is bounded; no test depends on another.
 */
#include "smtpd.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

#define HOSTNAME	"mx.test"	/* the host name of most sessions */
#define PEER		"192.0.2.1"
#define OUT_CAP		((size_t)64 << 10)	/* captured reply bytes */
#define NOTE_CAP	200		/* first problem seen in a callback */
#define KEEP_CAP	300		/* strings kept from callbacks */
#define REPLY_LINE_MAX	512		/* RFC 5321 4.5.3.1.5, CRLF included */
#define DIAG_CAP	16384		/* "# " lines of one test */
#define DIAG_MAX_LINES	24		/* failures reported per test */
#define ALLOC_REFUSE_ABOVE ((size_t)1 << 30)	/* "memory is short" */

/* ---------------------------------------------------------------------------
 * Allocation accounting.  With -Wl,--wrap=NAME every call to NAME from the
 * objects linked here (the core and this file) reaches __wrap_NAME;
 * __real_NAME is the C library's (or AddressSanitizer's) function.
 */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static struct {
	unsigned long calls;	/* malloc, calloc and realloc calls */
	unsigned long stray;	/* of those, made outside smtpd_new() */
	long live;		/* blocks handed out and not freed */
	int in_new;		/* session_new() is inside smtpd_new() */
	int fail;		/* refuse every allocation */
	void *last;		/* the last block handed out ... */
	size_t last_size;	/* ... and its size */
} mem;

/* Count a request; returns 0 when it is to be refused. */
static int
alloc_begin(size_t size)
{
	mem.calls++;
	if (!mem.in_new)
		mem.stray++;
	/* Huge requests are refused here rather than by AddressSanitizer,
	 * which would abort the program instead of returning NULL. */
	return !mem.fail && size <= ALLOC_REFUSE_ABOVE;
}

static void *
alloc_end(void *p, size_t size, int is_new)
{
	if (p != NULL) {
		if (is_new)
			mem.live++;
		mem.last = p;
		mem.last_size = size;
	}
	return p;
}

void *
__wrap_malloc(size_t n)
{
	if (!alloc_begin(n))
		return NULL;
	return alloc_end(__real_malloc(n), n, 1);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size) {
		(void)alloc_begin(SIZE_MAX);
		return NULL;
	}
	if (!alloc_begin(n * size))
		return NULL;
	return alloc_end(__real_calloc(n, size), n * size, 1);
}

void *
__wrap_realloc(void *p, size_t n)
{
	if (!alloc_begin(n))
		return NULL;
	return alloc_end(__real_realloc(p, n), n, p == NULL);
}

void
__wrap_free(void *p)
{
	if (p != NULL)
		mem.live--;
	__real_free(p);
}

/* ---------------------------------------------------------------------------
 * Reporting.  A test records failures with CHECK() (or fail_at()); main()
 * prints them after the test's "ok"/"not ok" line.
 */

static void keep(char *dst, size_t cap, const char *src, size_t n);

static struct {
	char text[DIAG_CAP];
	size_t len;
	int failures;
} diag;

/* vsnprintf into dst[cap] with the result checked: a cut text ends in
 * "...", an encoding error leaves "?". */
static void
format_into(char *dst, size_t cap, const char *fmt, va_list ap)
{
	int n;

	if (cap == 0)
		return;
	n = vsnprintf(dst, cap, fmt, ap);
	if (n < 0) {
		dst[0] = cap > 1 ? '?' : '\0';
		if (cap > 1)
			dst[1] = '\0';
	} else if ((size_t)n >= cap && cap > 4) {
		memcpy(dst + cap - 4, "...", 4);
	}
}

static void PRINTF_LIKE(2, 3)
fail_at(int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int n;

	diag.failures++;
	if (diag.failures > DIAG_MAX_LINES + 1)
		return;
	if (diag.failures == DIAG_MAX_LINES + 1) {
		keep(msg, sizeof msg, "(further failures not shown)", 28);
	} else {
		va_start(ap, fmt);
		format_into(msg, sizeof msg, fmt, ap);
		va_end(ap);
	}
	n = snprintf(diag.text + diag.len, sizeof diag.text - diag.len,
	    "# line %d: %s\n", line, msg);
	if (n > 0 && (size_t)n < sizeof diag.text - diag.len)
		diag.len += (size_t)n;
}

#define CHECK(cond, ...) do {					\
	if (!(cond))						\
		fail_at(__LINE__, __VA_ARGS__);			\
} while (0)

/* Bytes shown in a diagnostic: printable ASCII as is, the rest escaped.
 * Returns dst (at least 8 octets), cut with "..." when it does not fit. */
static const char *
show(char *dst, size_t cap, const char *p, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		char tmp[8];
		int k;

		if (c == '\r')
			k = snprintf(tmp, sizeof tmp, "\\r");
		else if (c == '\n')
			k = snprintf(tmp, sizeof tmp, "\\n");
		else if (c == '\\')
			k = snprintf(tmp, sizeof tmp, "\\\\");
		else if (c < 0x20 || c >= 0x7f)
			k = snprintf(tmp, sizeof tmp, "\\x%02x", c);
		else
			k = snprintf(tmp, sizeof tmp, "%c", c);
		if (k < 0 || (size_t)k + 4 > cap - o) {
			memcpy(dst + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(dst + o, tmp, (size_t)k);
		o += (size_t)k;
	}
	dst[o] = '\0';
	return dst;
}

/* A possibly NULL C string, for diagnostics. */
static const char *
or_null(const char *p)
{
	return p ? p : "(null)";
}

static const char *
state_name(smtpd_state st)
{
	switch (st) {
	case SMTPD_READING:
		return "READING";
	case SMTPD_PAUSED:
		return "PAUSED";
	case SMTPD_STARTTLS:
		return "STARTTLS";
	case SMTPD_CLOSED:
		return "CLOSED";
	}
	return "(invalid)";
}

static double
now(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t) != 0)
		return 0;
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------------------
 * The host: one per session.
 */

enum cbk {
	CB_CONNECT, CB_HELO, CB_STARTTLS, CB_AUTH, CB_MAIL, CB_RCPT,
	CB_DATA, CB_BODY, CB_MESSAGE, CB_RESET, CB_N
};

static const char *const cb_name[CB_N] = {
	"connect", "helo", "starttls", "auth", "mail", "rcpt", "data", "body",
	"message", "reset"
};

/* A reply a decision callback sets with smtpd_reply_set() (code 0: none). */
struct setreply {
	int code;
	const char *esc, *text;
	int rc;			/* what smtpd_reply_set() returned */
};

struct host {
	smtpd_session *s;
	const char *tag;
	const unsigned char *block;	/* the session's allocation */
	size_t block_size;

	/* what was written */
	char out[OUT_CAP];
	size_t out_len;
	int out_trunc;
	unsigned long writes;
	uint64_t out_bytes;
	unsigned long lines[10];	/* reply lines by first digit */
	unsigned long bad_writes;
	char bad_write[NOTE_CAP];
	int write_fail;			/* the write callback returns -1 */
	int write_failed;		/* ... and has done so */
	unsigned long writes_after_fail;

	/* callbacks made, and their answers */
	unsigned long calls[CB_N];
	smtpd_decision answer[CB_N];
	struct setreply set[CB_N];
	int body_rc;
	char *body_buf;			/* body bytes kept here, if set */
	size_t body_cap, body_len;
	int body_trunc;
	const char *pattern;		/* body must repeat this, if set */
	size_t pattern_len;
	unsigned long pattern_bad;
	uint64_t body_bytes;

	/* re-entry attempts from callbacks (bit 1 << enum cbk) */
	unsigned probe_mask;
	int in_probe;
	unsigned long probe_runs[CB_N];
	unsigned long probe_bad;
	char probe_note[NOTE_CAP];

	/* contract checks made inside callbacks */
	unsigned long bad_session, bad_string;
	char bad_note[NOTE_CAP];
	int check_rcpt_count;
	unsigned rcpt_tally;		/* recipients accepted at once */
	unsigned long rcpt_count_bad;
	unsigned last_rcpt_count;

	/* what the callbacks saw */
	char proto_in[CB_N][16];
	unsigned info_in[CB_N];
	char helo_in_cb[KEEP_CAP];	/* smtpd_helo_name() inside helo */
	char last_helo[KEEP_CAP], last_mail[KEEP_CAP], last_rcpt[KEEP_CAP];
	uint64_t last_size;
	int last_smtputf8;
	char auth_mech[16], auth_authzid[KEEP_CAP], auth_user[KEEP_CAP];
	char auth_pass[KEEP_CAP];
};

static struct host host_a, host_b;	/* two: enough to interleave */

static void PRINTF_LIKE(3, 4)
note(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (dst[0] != '\0')
		return;		/* keep the first */
	va_start(ap, fmt);
	format_into(dst, cap, fmt, ap);
	va_end(ap);
}

/* Keep a copy of n octets of src as a C string, cut to fit. */
static void
keep(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	if (n > 0)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

static struct host *
host_init(struct host *h, const char *tag)
{
	memset(h, 0, sizeof *h);
	h->tag = tag;
	return h;
}

static void
out_clear(struct host *h)
{
	h->out_len = 0;
	h->out_trunc = 0;
}

static unsigned long
calls_total(const struct host *h)
{
	unsigned long n = 0;

	for (int i = 0; i < CB_N; i++)
		n += h->calls[i];
	return n;
}

/* Strings given to callbacks: NUL-terminated, exactly n octets, no NUL,
 * CR or LF (smtpd.h, "Pointer lifetimes"). */
static void
check_string(struct host *h, const char *p, size_t n, const char *what)
{
	if (p == NULL) {
		h->bad_string++;
		note(h->bad_note, sizeof h->bad_note, "%s is NULL", what);
		return;
	}
	if (strlen(p) != n || memchr(p, '\r', n) || memchr(p, '\n', n)) {
		h->bad_string++;
		note(h->bad_note, sizeof h->bad_note,
		    "%s: length %zu given, strlen %zu, or CR/LF inside", what,
		    n, strlen(p));
	}
}

/* Every write is whole reply lines "DDD[ -]text\r\n" of printable ASCII,
 * each at most 512 octets. */
static void
check_write(struct host *h, const char *buf, size_t len)
{
	char tmp[80];
	size_t i = 0;

	if (len == 0) {
		h->bad_writes++;
		note(h->bad_write, sizeof h->bad_write, "an empty write");
		return;
	}
	while (i < len) {
		const char *p = buf + i;
		const char *nl = memchr(p, '\n', len - i);
		size_t n, k;

		if (nl == NULL) {
			h->bad_writes++;
			note(h->bad_write, sizeof h->bad_write,
			    "a partial line: \"%s\"",
			    show(tmp, sizeof tmp, p, len - i));
			return;
		}
		n = (size_t)(nl - p) + 1;
		for (k = 0; k + 2 < n; k++)
			if ((unsigned char)p[k] < 0x20 ||
			    (unsigned char)p[k] > 0x7e)
				break;
		if (n < 6 || n > REPLY_LINE_MAX || p[n - 2] != '\r' ||
		    k + 2 != n || p[0] < '2' || p[0] > '5' ||
		    p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9' ||
		    (p[3] != ' ' && p[3] != '-')) {
			h->bad_writes++;
			note(h->bad_write, sizeof h->bad_write,
			    "a malformed reply line of %zu octets: \"%s\"", n,
			    show(tmp, sizeof tmp, p, n));
		} else {
			h->lines[p[0] - '0']++;
		}
		i += n;
	}
}

static int
cb_write(void *host, const char *buf, size_t len)
{
	struct host *h = host;
	size_t room = sizeof h->out - h->out_len;

	if (h->write_failed)
		h->writes_after_fail++;
	h->writes++;
	h->out_bytes += len;
	check_write(h, buf, len);
	if (len > room) {
		h->out_trunc = 1;
		len = room;
	}
	memcpy(h->out + h->out_len, buf, len);
	h->out_len += len;
	if (h->write_fail) {
		h->write_failed = 1;
		return -1;
	}
	return 0;
}

static void PRINTF_LIKE(3, 4)
probe_fail(struct host *h, enum cbk which, const char *fmt, ...)
{
	char msg[NOTE_CAP];
	va_list ap;

	h->probe_bad++;
	va_start(ap, fmt);
	format_into(msg, sizeof msg, fmt, ap);
	va_end(ap);
	note(h->probe_note, sizeof h->probe_note, "in %s: %s",
	    cb_name[which], msg);
}

/* Try, from inside a callback, every entry point a callback must not call
 * (smtpd_free() excepted: it cannot be refused safely).  Each must be
 * refused and change nothing: not the state, not the output, no callback. */
static void
probe(struct host *h, smtpd_session *s, enum cbk which)
{
	smtpd_state st = smtpd_status(s);
	unsigned long writes = h->writes, calls = calls_total(h);
	size_t n;
	int rc;

	if (h->in_probe)
		return;		/* a broken core re-entered: reported below */
	h->in_probe = 1;
	h->probe_runs[which]++;
	if ((n = smtpd_feed(s, "NOOP\r\n", 6)) != 0)
		probe_fail(h, which, "smtpd_feed() consumed %zu", n);
	if ((n = smtpd_line(s, "NOOP", 4, SMTPD_EOL_CRLF)) != 0)
		probe_fail(h, which, "smtpd_line() consumed %zu", n);
	if ((rc = smtpd_decide(s, SMTPD_ACCEPT)) != -1)
		probe_fail(h, which, "smtpd_decide(ACCEPT) returned %d", rc);
	if ((rc = smtpd_decide(s, SMTPD_REJECT)) != -1)
		probe_fail(h, which, "smtpd_decide(REJECT) returned %d", rc);
	if ((rc = smtpd_decide(s, SMTPD_TEMPFAIL)) != -1)
		probe_fail(h, which, "smtpd_decide(TEMPFAIL) returned %d", rc);
	if ((rc = smtpd_tls_done(s, 1)) != -1)
		probe_fail(h, which, "smtpd_tls_done(1) returned %d", rc);
	if ((rc = smtpd_tls_done(s, 0)) != -1)
		probe_fail(h, which, "smtpd_tls_done(0) returned %d", rc);
	smtpd_timeout(s);
	if ((rc = smtpd_start(s, "again")) != -1)
		probe_fail(h, which, "smtpd_start() returned %d", rc);
	if (smtpd_status(s) != st)
		probe_fail(h, which, "status went from %s to %s",
		    state_name(st), state_name(smtpd_status(s)));
	if (h->writes != writes)
		probe_fail(h, which, "%lu writes made",
		    h->writes - writes);
	if (calls_total(h) != calls)
		probe_fail(h, which, "%lu callbacks made",
		    calls_total(h) - calls);
	h->in_probe = 0;
}

/* What every callback does first. */
static void
enter(struct host *h, smtpd_session *s, enum cbk which)
{
	const char *proto = smtpd_protocol(s);

	h->calls[which]++;
	if (s != h->s) {
		h->bad_session++;
		note(h->bad_note, sizeof h->bad_note,
		    "%s got another session", cb_name[which]);
	}
	keep(h->proto_in[which], sizeof h->proto_in[which], proto,
	    strlen(proto));
	h->info_in[which] = smtpd_info(s);
	if (h->probe_mask & (1u << which))
		probe(h, s, which);
}

/* What every decision callback answers. */
static smtpd_decision
answer(struct host *h, smtpd_session *s, enum cbk which)
{
	struct setreply *r = &h->set[which];

	if (r->code != 0)
		r->rc = smtpd_reply_set(s, r->code, r->esc, r->text);
	return h->answer[which];
}

static smtpd_decision
cb_connect(void *host, smtpd_session *s, const char *peer)
{
	struct host *h = host;

	enter(h, s, CB_CONNECT);
	check_string(h, peer, peer ? strlen(peer) : 0, "connect peer");
	return answer(h, s, CB_CONNECT);
}

static smtpd_decision
cb_helo(void *host, smtpd_session *s, const char *name, size_t len,
    int ehlo)
{
	struct host *h = host;
	const char *cur = smtpd_helo_name(s);

	enter(h, s, CB_HELO);
	check_string(h, name, len, "helo name");
	(void)ehlo;
	keep(h->helo_in_cb, sizeof h->helo_in_cb, cur, strlen(cur));
	if (name != NULL)
		keep(h->last_helo, sizeof h->last_helo, name, len);
	return answer(h, s, CB_HELO);
}

static smtpd_decision
cb_starttls(void *host, smtpd_session *s)
{
	struct host *h = host;

	enter(h, s, CB_STARTTLS);
	return answer(h, s, CB_STARTTLS);
}

static smtpd_decision
cb_auth(void *host, smtpd_session *s, const struct smtpd_credentials *c)
{
	struct host *h = host;

	enter(h, s, CB_AUTH);
	check_string(h, c->mechanism, c->mechanism ?
	    strlen(c->mechanism) : 0, "auth mechanism");
	check_string(h, c->authzid, c->authzid_len, "auth authzid");
	check_string(h, c->user, c->user_len, "auth user");
	check_string(h, c->password, c->password_len, "auth password");
	if (c->mechanism)
		keep(h->auth_mech, sizeof h->auth_mech, c->mechanism,
		    strlen(c->mechanism));
	if (c->authzid)
		keep(h->auth_authzid, sizeof h->auth_authzid, c->authzid,
		    c->authzid_len);
	if (c->user)
		keep(h->auth_user, sizeof h->auth_user, c->user, c->user_len);
	if (c->password)
		keep(h->auth_pass, sizeof h->auth_pass, c->password,
		    c->password_len);
	return answer(h, s, CB_AUTH);
}

static smtpd_decision
cb_mail(void *host, smtpd_session *s, const struct smtpd_mail *m)
{
	struct host *h = host;

	enter(h, s, CB_MAIL);
	check_string(h, m->address, m->address_len, "mail address");
	if (m->auth != NULL)
		check_string(h, m->auth, m->auth_len, "mail auth");
	if (m->address)
		keep(h->last_mail, sizeof h->last_mail, m->address,
		    m->address_len);
	h->last_size = m->size;
	h->last_smtputf8 = m->smtputf8;
	h->rcpt_tally = 0;
	return answer(h, s, CB_MAIL);
}

static smtpd_decision
cb_rcpt(void *host, smtpd_session *s, const struct smtpd_rcpt *r)
{
	struct host *h = host;
	smtpd_decision d;

	enter(h, s, CB_RCPT);
	check_string(h, r->address, r->address_len, "rcpt address");
	if (r->address)
		keep(h->last_rcpt, sizeof h->last_rcpt, r->address,
		    r->address_len);
	h->last_rcpt_count = r->count;
	if (h->check_rcpt_count && r->count != h->rcpt_tally)
		h->rcpt_count_bad++;
	d = answer(h, s, CB_RCPT);
	if (d == SMTPD_ACCEPT)
		h->rcpt_tally++;
	return d;
}

static smtpd_decision
cb_data(void *host, smtpd_session *s)
{
	struct host *h = host;

	enter(h, s, CB_DATA);
	return answer(h, s, CB_DATA);
}

/* Compare body bytes with the repeating pattern, from offset body_bytes. */
static void
pattern_check(struct host *h, const char *p, size_t n)
{
	size_t off = (size_t)(h->body_bytes % h->pattern_len);

	while (n > 0) {
		size_t k = h->pattern_len - off;

		if (k > n)
			k = n;
		if (memcmp(p, h->pattern + off, k) != 0) {
			h->pattern_bad++;
			return;
		}
		p += k;
		n -= k;
		off = 0;
	}
}

static int
cb_body(void *host, smtpd_session *s, const char *p, size_t n)
{
	struct host *h = host;

	enter(h, s, CB_BODY);
	if (p == NULL && n > 0) {
		h->bad_string++;
		note(h->bad_note, sizeof h->bad_note, "body: NULL, %zu", n);
		return h->body_rc;
	}
	if (h->pattern != NULL)
		pattern_check(h, p, n);
	if (h->body_buf != NULL) {
		size_t k = n;

		if (k > h->body_cap - h->body_len) {
			k = h->body_cap - h->body_len;
			h->body_trunc = 1;
		}
		if (k > 0)
			memcpy(h->body_buf + h->body_len, p, k);
		h->body_len += k;
	}
	h->body_bytes += n;
	return h->body_rc;
}

static smtpd_decision
cb_message(void *host, smtpd_session *s)
{
	struct host *h = host;

	enter(h, s, CB_MESSAGE);
	return answer(h, s, CB_MESSAGE);
}

static void
cb_reset(void *host, smtpd_session *s)
{
	enter(host, s, CB_RESET);
}

/* Every callback: STARTTLS and AUTH offered. */
static const struct smtpd_callbacks cb_all = {
	.write = cb_write, .connect = cb_connect, .helo = cb_helo,
	.starttls = cb_starttls, .auth = cb_auth, .mail = cb_mail,
	.rcpt = cb_rcpt, .data = cb_data, .body = cb_body,
	.message = cb_message, .reset = cb_reset,
};

/* Every callback but starttls and auth: neither extension offered. */
static const struct smtpd_callbacks cb_plain = {
	.write = cb_write, .connect = cb_connect, .helo = cb_helo,
	.mail = cb_mail, .rcpt = cb_rcpt, .data = cb_data, .body = cb_body,
	.message = cb_message, .reset = cb_reset,
};

/* Only write: every decision accepts. */
static const struct smtpd_callbacks cb_write_only = { .write = cb_write };

/* ---------------------------------------------------------------------------
 * Driving a session
 */

/* Expected replies (hostname mx.test). */
#define R_GREET		"220 " HOSTNAME " ESMTP\r\n"
#define R_OK		"250 2.0.0 OK\r\n"
#define R_HELP		"214 2.0.0 See RFC 5321\r\n"
#define R_SENDER_OK	"250 2.1.0 Sender OK\r\n"
#define R_SENDER_NO	"550 5.7.1 Sender refused\r\n"
#define R_RCPT_OK	"250 2.1.5 Recipient OK\r\n"
#define R_RCPT_NO	"550 5.1.1 Recipient refused\r\n"
#define R_RCPT_TEMP	"450 4.2.0 Recipient not accepted now, try again later\r\n"
#define R_354		"354 End data with <CR><LF>.<CR><LF>\r\n"
#define R_ACCEPTED	"250 2.0.0 Message accepted\r\n"
#define R_MSG_TEMP	"451 4.3.0 Message not accepted now, try again later\r\n"
#define R_TOO_LONG	"500 5.5.6 Line too long\r\n"
#define R_BAD_CHAR	"500 5.5.2 Invalid character in command\r\n"
#define R_UNKNOWN	"500 5.5.2 Command unrecognized\r\n"
#define R_TLS_READY	"220 2.0.0 Ready to start TLS\r\n"
#define R_AUTH_OK	"235 2.7.0 Authentication successful\r\n"
#define R_TIMEOUT	"421 4.4.2 " HOSTNAME " Timeout, closing connection\r\n"
#define R_QUIT		"221 2.0.0 " HOSTNAME " closing connection\r\n"
#define R_HELO_NO	"550 HELO name refused\r\n"
#define R_NO_HELO	"503 5.5.1 Send HELO/EHLO first\r\n"
#define R_TOO_MANY_RCPT	"452 4.5.3 Too many recipients\r\n"

#define EHLO_HEAD	"250-" HOSTNAME "\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n"
#define EHLO_TAIL	"250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 SMTPUTF8\r\n"
#define R_EHLO_PLAIN	EHLO_HEAD EHLO_TAIL
#define R_EHLO_STARTTLS	EHLO_HEAD "250-STARTTLS\r\n" EHLO_TAIL
#define R_EHLO_AUTH	EHLO_HEAD "250-AUTH PLAIN LOGIN\r\n" EHLO_TAIL
#define R_EHLO_BOTH	EHLO_HEAD "250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n" EHLO_TAIL

/* base64("\0user\0pass") and base64 for LOGIN */
#define PLAIN_USER_PASS	"AHVzZXIAcGFzcw=="
#define B64_USER	"dXNlcg=="
#define B64_PASS	"cGFzcw=="

static struct smtpd_config
config(void)
{
	struct smtpd_config c;

	memset(&c, 0, sizeof c);
	c.hostname = HOSTNAME;
	return c;
}

/* smtpd_new(), noting the block it allocated. */
static smtpd_session *
session_new(struct host *h, const struct smtpd_config *c,
    const struct smtpd_callbacks *cb)
{
	mem.in_new = 1;
	mem.last = NULL;
	mem.last_size = 0;
	h->s = smtpd_new(c, cb, h);
	mem.in_new = 0;
	h->block = h->s ? mem.last : NULL;
	h->block_size = h->s ? mem.last_size : 0;
	return h->s;
}

/* Feed a C string; returns what smtpd_feed() consumed. */
static size_t
feed(struct host *h, const char *str)
{
	return smtpd_feed(h->s, str, strlen(str));
}

/* Feed a C string that must be consumed whole. */
static int
feed_all_at(int line, struct host *h, const char *str)
{
	char tmp[120];
	size_t len = strlen(str), n = smtpd_feed(h->s, str, len);

	if (n != len) {
		fail_at(line, "smtpd_feed(\"%s\") consumed %zu of %zu (%s)",
		    show(tmp, sizeof tmp, str, len), n, len,
		    state_name(smtpd_status(h->s)));
		return -1;
	}
	return 0;
}
#define FEED(h, str) feed_all_at(__LINE__, (h), (str))

/* The bytes written since the last out_clear() must be exactly want;
 * clears them. */
static int
expect_out_at(int line, struct host *h, const char *want)
{
	size_t wn = strlen(want), i = 0;
	char got_s[700], want_s[700];

	if (!h->out_trunc && h->out_len == wn &&
	    memcmp(h->out, want, wn) == 0) {
		out_clear(h);
		return 0;
	}
	while (i < h->out_len && i < wn && h->out[i] == want[i])
		i++;
	fail_at(line, "%s: wrote %zu octets%s, want %zu; first difference "
	    "at %zu", h->tag, h->out_len, h->out_trunc ? " (and more)" : "",
	    wn, i);
	fail_at(line, "  got:  \"%s\"",
	    show(got_s, sizeof got_s, h->out, h->out_len));
	fail_at(line, "  want: \"%s\"", show(want_s, sizeof want_s, want, wn));
	out_clear(h);
	return -1;
}
#define EXPECT_OUT(h, want) expect_out_at(__LINE__, (h), (want))

static int
expect_status_at(int line, struct host *h, smtpd_state want)
{
	smtpd_state st = smtpd_status(h->s);

	if (st == want)
		return 0;
	fail_at(line, "%s: status %s, want %s", h->tag, state_name(st),
	    state_name(want));
	return -1;
}
#define EXPECT_STATUS(h, st) expect_status_at(__LINE__, (h), (st))

static void
expect_str_at(int line, const char *what, const char *got, const char *want)
{
	if (got == NULL || strcmp(got, want) != 0)
		fail_at(line, "%s is \"%s\", want \"%s\"", what, or_null(got),
		    want);
}
#define EXPECT_STR(what, got, want) expect_str_at(__LINE__, (what), (got), (want))

/* Create, start (greeting 220), and optionally say EHLO; the output is
 * cleared.  Returns -1 (session freed, failure reported) on trouble. */
static int
begin_at(int line, struct host *h, const struct smtpd_config *c,
    const struct smtpd_callbacks *cb, int ehlo)
{
	char tmp[200];

	if (session_new(h, c, cb) == NULL) {
		fail_at(line, "%s: smtpd_new() returned NULL", h->tag);
		return -1;
	}
	if (smtpd_start(h->s, PEER) != 0 || h->out_len < 4 ||
	    memcmp(h->out, "220 ", 4) != 0 ||
	    smtpd_status(h->s) != SMTPD_READING) {
		fail_at(line, "%s: no 220 greeting: \"%s\"", h->tag,
		    show(tmp, sizeof tmp, h->out, h->out_len));
		smtpd_free(h->s);
		h->s = NULL;
		return -1;
	}
	out_clear(h);
	if (ehlo) {
		/* the EHLO reply ends with "250 SMTPUTF8" */
		if (feed(h, "EHLO client.test\r\n") != 18 ||
		    h->out_len < 14 || memcmp(h->out + h->out_len - 14,
		    "250 SMTPUTF8\r\n", 14) != 0 ||
		    smtpd_status(h->s) != SMTPD_READING) {
			fail_at(line, "%s: EHLO failed: \"%s\"", h->tag,
			    show(tmp, sizeof tmp, h->out, h->out_len));
			smtpd_free(h->s);
			h->s = NULL;
			return -1;
		}
		out_clear(h);
	}
	return 0;
}
#define BEGIN(h, c, cb, ehlo) begin_at(__LINE__, (h), (c), (cb), (ehlo))

/* Report what the callbacks found wrong, then free the session and check
 * that smtpd_free() made no callback and wrote nothing. */
static void
finish_at(int line, struct host *h)
{
	unsigned long calls, writes;

	if (h->s == NULL)
		return;
	if (h->bad_writes)
		fail_at(line, "%s: %lu malformed writes, first: %s", h->tag,
		    h->bad_writes, h->bad_write);
	if (h->bad_session || h->bad_string)
		fail_at(line, "%s: callback arguments: %s", h->tag,
		    h->bad_note);
	if (h->probe_bad)
		fail_at(line, "%s: %lu re-entries not refused, first: %s",
		    h->tag, h->probe_bad, h->probe_note);
	if (h->pattern_bad)
		fail_at(line, "%s: body bytes differ from what was sent",
		    h->tag);
	if (h->rcpt_count_bad)
		fail_at(line, "%s: %lu rcpt callbacks had a wrong count",
		    h->tag, h->rcpt_count_bad);
	if (h->writes_after_fail)
		fail_at(line, "%s: %lu writes after a write failed", h->tag,
		    h->writes_after_fail);
	calls = calls_total(h);
	writes = h->writes;
	smtpd_free(h->s);
	h->s = NULL;
	if (calls_total(h) != calls)
		fail_at(line, "%s: smtpd_free() made %lu callbacks", h->tag,
		    calls_total(h) - calls);
	if (h->writes != writes)
		fail_at(line, "%s: smtpd_free() wrote", h->tag);
}
#define FINISH(h) finish_at(__LINE__, (h))

/* "NOOP " and 'x's up to len octets, then CRLF, into buf; returns the
 * length with CRLF (0 if it does not fit). */
static size_t
noop_line(char *buf, size_t cap, size_t len)
{
	if (len < 5 || len + 3 > cap)
		return 0;
	memcpy(buf, "NOOP ", 5);
	memset(buf + 5, 'x', len - 5);
	memcpy(buf + len, "\r\n", 3);
	return len + 2;
}

/* A NOOP of len octets (CRLF not counted) gets want. */
static void
noop_of_length_at(int line, struct host *h, size_t len, const char *want)
{
	static char buf[8192];
	size_t n = noop_line(buf, sizeof buf, len);

	if (n == 0) {
		fail_at(line, "test error: NOOP of %zu octets", len);
		return;
	}
	if (feed_all_at(line, h, buf) == 0)
		expect_out_at(line, h, want);
}
#define NOOP_OF_LENGTH(h, len, want) noop_of_length_at(__LINE__, (h), (len), (want))

/* Minimal base64 (RFC 4648 4) for the AUTH tests; returns the length. */
static size_t
base64(const unsigned char *in, size_t n, char *out, size_t cap)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;

	if ((n + 2) / 3 * 4 + 1 > cap)
		return 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned long v = (unsigned long)in[i] << 16;

		if (i + 1 < n)
			v |= (unsigned long)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = abc[v >> 18 & 63];
		out[o++] = abc[v >> 12 & 63];
		out[o++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? abc[v & 63] : '=';
	}
	out[o] = '\0';
	return o;
}

/* Does the block hold the n octets of needle anywhere? */
static int
block_holds(const unsigned char *block, size_t size, const char *needle,
    size_t n)
{
	if (block == NULL || n == 0 || n > size)
		return 0;
	for (size_t i = 0; i + n <= size; i++)
		if (block[i] == (unsigned char)needle[0] &&
		    memcmp(block + i, needle, n) == 0)
			return 1;
	return 0;
}

/* A fixed-seed PRNG (xorshift64*): the same pieces on every run. */
static uint64_t rng_state;

static uint64_t
rng(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 2685821657736338717ull;
}

/* ---------------------------------------------------------------------------
 * smtpd_new() and smtpd_free()
 */

static void
t_new_null_callbacks(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	static const struct smtpd_callbacks no_write = {
		.connect = cb_connect, .helo = cb_helo, .mail = cb_mail,
	};

	CHECK(session_new(h, &c, NULL) == NULL,
	    "smtpd_new() with NULL callbacks returned a session");
	FINISH(h);
	CHECK(session_new(h, &c, &no_write) == NULL,
	    "smtpd_new() with a NULL write callback returned a session");
	FINISH(h);
	CHECK(calls_total(h) == 0 && h->writes == 0,
	    "callbacks made or bytes written");
}

static void
t_new_allocates_once(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	unsigned long calls = mem.calls;
	long live = mem.live;

	if (session_new(h, &c, &cb_all) == NULL) {
		CHECK(0, "smtpd_new() returned NULL");
		return;
	}
	CHECK(mem.calls - calls == 1, "smtpd_new() made %lu allocations, "
	    "want 1 (the session)", mem.calls - calls);
	CHECK(mem.live - live == 1, "smtpd_new() holds %ld blocks",
	    mem.live - live);
	CHECK(calls_total(h) == 0 && h->writes == 0,
	    "smtpd_new() made callbacks or wrote");
	FINISH(h);
	CHECK(mem.live == live, "smtpd_free() left %ld blocks",
	    mem.live - live);
	smtpd_free(NULL);	/* allowed */
}

static void
t_new_out_of_memory(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	mem.fail = 1;
	CHECK(session_new(h, &c, &cb_all) == NULL,
	    "smtpd_new() returned a session when memory is short");
	mem.fail = 0;
	FINISH(h);
}

static void
t_new_huge_max_line(void)
{
	static const size_t sizes[] = {
		SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - 64, SIZE_MAX / 2,
		(size_t)1 << 31
	};
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	/* No size computation may wrap into a small allocation: each of
	 * these needs more memory than the wrapper grants. */
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		c.max_line = sizes[i];
		CHECK(session_new(h, &c, &cb_all) == NULL,
		    "max_line %zu: smtpd_new() returned a session of %zu "
		    "octets", sizes[i], h->block_size);
		FINISH(h);
	}
}

static void
t_new_zeroed_config_defaults(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c;

	memset(&c, 0, sizeof c);
	if (session_new(h, &c, &cb_write_only) == NULL) {
		CHECK(0, "smtpd_new() returned NULL");
		return;
	}
	CHECK(smtpd_start(h->s, PEER) == 0, "smtpd_start() failed");
	EXPECT_OUT(h, "220 localhost ESMTP\r\n");
	FEED(h, "EHLO client.test\r\n");
	EXPECT_OUT(h, "250-localhost\r\n250-PIPELINING\r\n"
	    "250-SIZE 10485760\r\n" EHLO_TAIL);
	FINISH(h);
}

static void
t_new_default_max_line(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c;

	/* max_line 0 is 2048 octets with CRLF: 2046 before the CRLF */
	memset(&c, 0, sizeof c);
	c.hostname = HOSTNAME;
	if (BEGIN(h, &c, &cb_plain, 0) != 0)
		return;
	NOOP_OF_LENGTH(h, 2046, R_OK);
	NOOP_OF_LENGTH(h, 2047, R_TOO_LONG);
	NOOP_OF_LENGTH(h, 2046, R_OK);
	NOOP_OF_LENGTH(h, 4000, R_TOO_LONG);
	FEED(h, "NOOP\r\n");
	EXPECT_OUT(h, R_OK);
	FINISH(h);
}

static void
t_new_max_line_raised_to_512(void)
{
	static const size_t small[] = { 1, 100, 511 };
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
		c.max_line = small[i];
		if (BEGIN(h, &c, &cb_plain, 0) != 0)
			return;
		NOOP_OF_LENGTH(h, 510, R_OK);
		NOOP_OF_LENGTH(h, 511, R_TOO_LONG);
		NOOP_OF_LENGTH(h, 510, R_OK);
		FINISH(h);
	}
}

static void
t_new_max_line_configured(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	c.max_line = 600;
	if (BEGIN(h, &c, &cb_plain, 0) != 0)
		return;
	NOOP_OF_LENGTH(h, 598, R_OK);
	NOOP_OF_LENGTH(h, 599, R_TOO_LONG);
	FINISH(h);
}

/* ---------------------------------------------------------------------------
 * smtpd_start(), smtpd_feed(), smtpd_line() order
 */

static void
t_feed_before_start(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	size_t n;

	if (session_new(h, &c, &cb_plain) == NULL) {
		CHECK(0, "smtpd_new() returned NULL");
		return;
	}
	n = smtpd_feed(h->s, "EHLO a.test\r\n", 13);
	CHECK(n == 0, "smtpd_feed() before smtpd_start() consumed %zu", n);
	n = smtpd_line(h->s, "EHLO a.test", 11, SMTPD_EOL_CRLF);
	CHECK(n == 0, "smtpd_line() before smtpd_start() consumed %zu", n);
	n = smtpd_line(h->s, "EHLO a.test", 11,
	    SMTPD_EOL_CRLF | SMTPD_EOL_MORE);
	CHECK(n == 0, "smtpd_line(MORE) before smtpd_start() consumed %zu",
	    n);
	CHECK(h->writes == 0 && calls_total(h) == 0,
	    "%lu writes, %lu callbacks before smtpd_start()", h->writes,
	    calls_total(h));
	CHECK(smtpd_start(h->s, PEER) == 0, "smtpd_start() failed");
	EXPECT_OUT(h, R_GREET);
	FEED(h, "NOOP\r\n");
	EXPECT_OUT(h, R_OK);
	CHECK(h->calls[CB_HELO] == 0, "the EHLO fed before start was used");
	EXPECT_STR("smtpd_helo_name()", smtpd_helo_name(h->s), "");
	FINISH(h);
}

static void
t_start_twice(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	int rc;

	if (BEGIN(h, &c, &cb_plain, 0) != 0)
		return;
	rc = smtpd_start(h->s, PEER);
	CHECK(rc == -1, "second smtpd_start() returned %d", rc);
	CHECK(h->calls[CB_CONNECT] == 1, "connect called %lu times",
	    h->calls[CB_CONNECT]);
	EXPECT_OUT(h, "");
	EXPECT_STATUS(h, SMTPD_READING);
	FEED(h, "NOOP\r\n");
	EXPECT_OUT(h, R_OK);
	FINISH(h);
}

/* ---------------------------------------------------------------------------
 * smtpd_decide()
 */

static void
t_decide_nothing_pending(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	int rc;

	if (session_new(h, &c, &cb_plain) == NULL) {
		CHECK(0, "smtpd_new() returned NULL");
		return;
	}
	rc = smtpd_decide(h->s, SMTPD_ACCEPT);
	CHECK(rc == -1, "smtpd_decide() before smtpd_start() returned %d",
	    rc);
	CHECK(smtpd_start(h->s, PEER) == 0, "smtpd_start() failed");
	EXPECT_OUT(h, R_GREET);
	rc = smtpd_decide(h->s, SMTPD_ACCEPT);
	CHECK(rc == -1, "smtpd_decide() after the greeting returned %d", rc);
	FEED(h, "EHLO client.test\r\n");
	EXPECT_OUT(h, R_EHLO_PLAIN);
	rc = smtpd_decide(h->s, SMTPD_REJECT);
	CHECK(rc == -1, "smtpd_decide() after EHLO returned %d", rc);

	/* a decision answered once cannot be answered again */
	h->answer[CB_MAIL] = SMTPD_DEFER;
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	EXPECT_STATUS(h, SMTPD_PAUSED);
	rc = smtpd_decide(h->s, SMTPD_ACCEPT);
	CHECK(rc == 0, "smtpd_decide() of a pending decision returned %d", rc);
	EXPECT_OUT(h, R_SENDER_OK);
	rc = smtpd_decide(h->s, SMTPD_REJECT);
	CHECK(rc == -1, "second smtpd_decide() returned %d", rc);
	EXPECT_OUT(h, "");
	EXPECT_STATUS(h, SMTPD_READING);
	CHECK(smtpd_info(h->s) & SMTPD_INFO_MAIL,
	    "the second smtpd_decide() undid the transaction");
	FINISH(h);
}

static void
t_decide_defer_refused(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	int rc;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	h->answer[CB_MAIL] = SMTPD_DEFER;
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	EXPECT_STATUS(h, SMTPD_PAUSED);
	rc = smtpd_decide(h->s, SMTPD_DEFER);
	CHECK(rc == -1, "smtpd_decide(DEFER) returned %d", rc);
	EXPECT_STATUS(h, SMTPD_PAUSED);
	EXPECT_OUT(h, "");
	rc = smtpd_decide(h->s, SMTPD_ACCEPT);
	CHECK(rc == 0, "smtpd_decide(ACCEPT) after it returned %d", rc);
	EXPECT_OUT(h, R_SENDER_OK);
	EXPECT_STATUS(h, SMTPD_READING);
	FINISH(h);
}

static void
t_decide_inside_callback(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	int rc;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	/* mail and rcpt callbacks call smtpd_decide() (and the rest) */
	h->probe_mask = 1u << CB_MAIL | 1u << CB_RCPT;
	FEED(h, "MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n");
	EXPECT_OUT(h, R_SENDER_OK R_RCPT_OK);
	EXPECT_STATUS(h, SMTPD_READING);
	FEED(h, "RSET\r\n");
	EXPECT_OUT(h, R_OK);

	/* the callback tries to decide, then defers: the host decides */
	h->answer[CB_MAIL] = SMTPD_DEFER;
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	EXPECT_STATUS(h, SMTPD_PAUSED);
	EXPECT_OUT(h, "");
	rc = smtpd_decide(h->s, SMTPD_REJECT);
	CHECK(rc == 0, "smtpd_decide() after the callback returned %d", rc);
	EXPECT_OUT(h, R_SENDER_NO);
	CHECK(h->probe_runs[CB_MAIL] == 2 && h->probe_runs[CB_RCPT] == 1,
	    "probes ran %lu/%lu times", h->probe_runs[CB_MAIL],
	    h->probe_runs[CB_RCPT]);
	FINISH(h);
}

/* The forbidden entry points, tried from every callback of a whole
 * session (STARTTLS, AUTH, a message, a reset): all refused, and the
 * session's replies are exactly those of an undisturbed one. */
static void
t_reentry_refused(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	int rc;

	h->probe_mask = ~0u;
	if (BEGIN(h, &c, &cb_all, 0) != 0)
		return;
	FEED(h, "EHLO client.test\r\n");
	EXPECT_OUT(h, R_EHLO_STARTTLS);
	FEED(h, "STARTTLS\r\n");
	EXPECT_OUT(h, R_TLS_READY);
	EXPECT_STATUS(h, SMTPD_STARTTLS);
	rc = smtpd_tls_done(h->s, 1);
	CHECK(rc == 0, "smtpd_tls_done() returned %d", rc);
	FEED(h, "EHLO client.test\r\nAUTH PLAIN " PLAIN_USER_PASS "\r\n"
	    "MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n");
	EXPECT_OUT(h, R_EHLO_AUTH R_AUTH_OK R_SENDER_OK R_RCPT_OK R_354);
	FEED(h, "Hello\r\n.\r\nMAIL FROM:<a@b.test>\r\nRSET\r\nQUIT\r\n");
	EXPECT_OUT(h, R_ACCEPTED R_SENDER_OK R_OK R_QUIT);
	EXPECT_STATUS(h, SMTPD_CLOSED);
	for (int i = 0; i < CB_N; i++)
		CHECK(h->probe_runs[i] > 0, "callback %s never ran",
		    cb_name[i]);
	CHECK(h->body_bytes == 7, "body got %" PRIu64 " octets, want 7",
	    h->body_bytes);
	FINISH(h);
}

/* ---------------------------------------------------------------------------
 * Deferred decisions
 */

static void
t_defer_feed_stops_after_line(void)
{
	static const char in[] = "NOOP\r\nMAIL FROM:<a@b.test>\r\n"
	    "RCPT TO:<c@d.test>\r\nDATA\r\n";
	const size_t upto = strlen("NOOP\r\nMAIL FROM:<a@b.test>\r\n");
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	size_t n, len = strlen(in);
	unsigned long writes;
	int rc;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	h->answer[CB_MAIL] = SMTPD_DEFER;
	n = smtpd_feed(h->s, in, len);
	CHECK(n == upto, "smtpd_feed() consumed %zu, want %zu (the end of "
	    "the MAIL line)", n, upto);
	EXPECT_STATUS(h, SMTPD_PAUSED);
	EXPECT_OUT(h, R_OK);		/* written before the pause */
	CHECK(h->calls[CB_MAIL] == 1 && h->calls[CB_RCPT] == 0,
	    "mail %lu, rcpt %lu calls", h->calls[CB_MAIL],
	    h->calls[CB_RCPT]);
	EXPECT_STR("mail address", h->last_mail, "a@b.test");
	if (n > len)
		n = len;

	/* paused: nothing more is taken */
	writes = h->writes;
	CHECK(smtpd_feed(h->s, in + n, len - n) == 0,
	    "smtpd_feed() while paused consumed input");
	CHECK(smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_CRLF) == 0,
	    "smtpd_line() while paused consumed input");
	CHECK(h->writes == writes && h->calls[CB_RCPT] == 0,
	    "input was acted on while paused");
	EXPECT_STATUS(h, SMTPD_PAUSED);

	rc = smtpd_decide(h->s, SMTPD_ACCEPT);
	CHECK(rc == 0, "smtpd_decide() returned %d", rc);
	CHECK(h->writes == writes + 1, "smtpd_decide() made %lu writes",
	    h->writes - writes);
	EXPECT_OUT(h, R_SENDER_OK);
	EXPECT_STATUS(h, SMTPD_READING);
	FEED(h, in + n);
	EXPECT_OUT(h, R_RCPT_OK R_354);
	FEED(h, ".\r\n");
	EXPECT_OUT(h, R_ACCEPTED);

	/* the asking line split over feeds; the CRLF split too */
	FEED(h, "MAIL FROM:<a@b");
	n = feed(h, ".test>\r");
	CHECK(n == 7, "smtpd_feed(\".test>\\r\") consumed %zu, want 7", n);
	EXPECT_STATUS(h, SMTPD_READING);
	n = feed(h, "\nRCPT TO:<c@d.test>\r\n");
	CHECK(n == 1, "smtpd_feed(\"\\nRCPT...\") consumed %zu, want 1", n);
	EXPECT_STATUS(h, SMTPD_PAUSED);
	CHECK(smtpd_decide(h->s, SMTPD_TEMPFAIL) == 0, "smtpd_decide() failed");
	EXPECT_OUT(h, "451 4.7.1 Sender not accepted now, try again later\r\n");
	FEED(h, "RCPT TO:<c@d.test>\r\n");
	EXPECT_OUT(h, "503 5.5.1 Need MAIL before RCPT\r\n");
	FINISH(h);
}

static void
t_defer_line(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	size_t n;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	h->answer[CB_MAIL] = SMTPD_DEFER;
	n = smtpd_line(h->s, "MAIL FROM:<a@b.test>", 20, SMTPD_EOL_CRLF);
	CHECK(n == 22, "smtpd_line() consumed %zu, want 22", n);
	EXPECT_STATUS(h, SMTPD_PAUSED);
	EXPECT_OUT(h, "");
	n = smtpd_line(h->s, "RCPT TO:<c@d.test>", 18, SMTPD_EOL_CRLF);
	CHECK(n == 0, "smtpd_line() while paused consumed %zu", n);
	CHECK(smtpd_decide(h->s, SMTPD_ACCEPT) == 0, "smtpd_decide() failed");
	EXPECT_OUT(h, R_SENDER_OK);
	n = smtpd_line(h->s, "RCPT TO:<c@d.test>", 18, SMTPD_EOL_CRLF);
	CHECK(n == 20, "smtpd_line() after the decision consumed %zu", n);
	EXPECT_OUT(h, R_RCPT_OK);
	FINISH(h);
}

static void
t_defer_message(void)
{
	static const char in[] = "DATA\r\nhello\r\n.\r\nNOOP\r\n";
	const size_t upto = strlen("DATA\r\nhello\r\n.\r\n");
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	char body[64];
	size_t n;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	h->body_buf = body;
	h->body_cap = sizeof body;
	FEED(h, "MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n");
	EXPECT_OUT(h, R_SENDER_OK R_RCPT_OK);
	h->answer[CB_MESSAGE] = SMTPD_DEFER;
	n = feed(h, in);
	CHECK(n == upto, "smtpd_feed() consumed %zu, want %zu (the end of "
	    "the end-of-data line)", n, upto);
	EXPECT_STATUS(h, SMTPD_PAUSED);
	EXPECT_OUT(h, R_354);
	CHECK(h->body_len == 7 && memcmp(body, "hello\r\n", 7) == 0,
	    "body got %zu octets", h->body_len);
	CHECK(h->calls[CB_MESSAGE] == 1, "message called %lu times",
	    h->calls[CB_MESSAGE]);
	CHECK(smtpd_decide(h->s, SMTPD_TEMPFAIL) == 0, "smtpd_decide() failed");
	EXPECT_OUT(h, R_MSG_TEMP);
	CHECK(!(smtpd_info(h->s) & SMTPD_INFO_MAIL),
	    "the transaction is still open after the message");
	FEED(h, "NOOP\r\n");
	EXPECT_OUT(h, R_OK);
	CHECK(h->calls[CB_RESET] == 0, "reset called after a message");

	/* the end-of-data line split: the count ends right after it */
	h->answer[CB_MESSAGE] = SMTPD_DEFER;
	FEED(h, "MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n"
	    "hello\r\n.");
	EXPECT_OUT(h, R_SENDER_OK R_RCPT_OK R_354);
	EXPECT_STATUS(h, SMTPD_READING);
	n = feed(h, "\r\nNOOP\r\n");
	CHECK(n == 2, "smtpd_feed(\"\\r\\nNOOP\\r\\n\") consumed %zu, want 2",
	    n);
	EXPECT_STATUS(h, SMTPD_PAUSED);
	CHECK(smtpd_decide(h->s, SMTPD_ACCEPT) == 0, "smtpd_decide() failed");
	EXPECT_OUT(h, R_ACCEPTED);
	FINISH(h);
}

static void
t_reply_set_in_callback_then_defer(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	/* set in the callback, decided later: the reply is kept */
	h->answer[CB_MAIL] = SMTPD_DEFER;
	h->set[CB_MAIL] = (struct setreply){ 550, "5.7.0", "Policy says no",
	    0 };
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	CHECK(h->set[CB_MAIL].rc == 0, "smtpd_reply_set() in the callback "
	    "returned %d", h->set[CB_MAIL].rc);
	EXPECT_STATUS(h, SMTPD_PAUSED);
	CHECK(smtpd_decide(h->s, SMTPD_REJECT) == 0, "smtpd_decide() failed");
	EXPECT_OUT(h, "550 5.7.0 Policy says no\r\n");

	/* set in the callback, another class decided: the default */
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	CHECK(smtpd_decide(h->s, SMTPD_ACCEPT) == 0, "smtpd_decide() failed");
	EXPECT_OUT(h, R_SENDER_OK);
	FEED(h, "RSET\r\n");
	EXPECT_OUT(h, R_OK);

	/* set in the callback, answered at once, no ESC: X.0.0 */
	h->answer[CB_MAIL] = SMTPD_REJECT;
	h->set[CB_MAIL] = (struct setreply){ 553, NULL, "Go away", 0 };
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	EXPECT_OUT(h, "553 5.0.0 Go away\r\n");

	/* nothing set in the callback: the default */
	h->set[CB_MAIL].code = 0;
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	EXPECT_OUT(h, R_SENDER_NO);
	FINISH(h);
}

static void
t_timeout_while_paused(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	unsigned long writes;
	size_t n;
	int rc;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	EXPECT_OUT(h, R_SENDER_OK);
	h->answer[CB_RCPT] = SMTPD_DEFER;
	n = feed(h, "RCPT TO:<c@d.test>\r\nNOOP\r\n");
	CHECK(n == 20, "smtpd_feed() consumed %zu, want 20", n);
	EXPECT_STATUS(h, SMTPD_PAUSED);
	smtpd_timeout(h->s);
	EXPECT_OUT(h, R_TIMEOUT);
	EXPECT_STATUS(h, SMTPD_CLOSED);
	CHECK(h->calls[CB_RESET] == 1, "reset called %lu times, want 1 (the "
	    "transaction was open)", h->calls[CB_RESET]);
	writes = h->writes;
	rc = smtpd_decide(h->s, SMTPD_ACCEPT);
	CHECK(rc == -1, "smtpd_decide() after the timeout returned %d", rc);
	n = feed(h, "NOOP\r\n");
	CHECK(n == 6, "smtpd_feed() when closed consumed %zu, want 6", n);
	smtpd_timeout(h->s);
	CHECK(h->writes == writes, "%lu writes after the close",
	    h->writes - writes);
	CHECK(h->calls[CB_RESET] == 1, "reset called again");
	EXPECT_STATUS(h, SMTPD_CLOSED);
	FINISH(h);
}

/* ---------------------------------------------------------------------------
 * smtpd_free() in any state
 */

static void
t_free_pending(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	h->answer[CB_RCPT] = SMTPD_DEFER;
	FEED(h, "RCPT TO:<c@d.test>\r\n");
	EXPECT_STATUS(h, SMTPD_PAUSED);
	FINISH(h);	/* checks: no callback (no reset), no write */
	CHECK(h->calls[CB_RESET] == 0, "reset called");
}

static void
t_free_in_data(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	FEED(h, "MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n"
	    "Subject: x\r\n\r\nsome text\r\n.");
	EXPECT_OUT(h, R_SENDER_OK R_RCPT_OK R_354);
	FINISH(h);
	CHECK(h->calls[CB_RESET] == 0 && h->calls[CB_MESSAGE] == 0,
	    "reset or message called");
}

static void
t_free_in_starttls(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	if (BEGIN(h, &c, &cb_all, 1) != 0)
		return;
	FEED(h, "STARTTLS\r\nNOOP\r\n");
	EXPECT_OUT(h, R_TLS_READY);
	EXPECT_STATUS(h, SMTPD_STARTTLS);
	FINISH(h);
}

static void
t_free_during_auth(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	c.flags = SMTPD_AUTH_INSECURE;
	/* LOGIN: between the user name and the password */
	if (BEGIN(h, &c, &cb_all, 1) != 0)
		return;
	FEED(h, "AUTH LOGIN\r\n" B64_USER "\r\n");
	EXPECT_OUT(h, "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n");
	FEED(h, "cGF");		/* half a password */
	FINISH(h);
	CHECK(h->calls[CB_AUTH] == 0, "auth called");

	/* PLAIN: after the prompt */
	host_init(h, "b");
	if (BEGIN(h, &c, &cb_all, 1) != 0)
		return;
	FEED(h, "AUTH PLAIN\r\n");
	EXPECT_OUT(h, "334 \r\n");
	FINISH(h);

	/* PLAIN: the auth decision pending */
	host_init(h, "c");
	if (BEGIN(h, &c, &cb_all, 1) != 0)
		return;
	h->answer[CB_AUTH] = SMTPD_DEFER;
	FEED(h, "AUTH PLAIN " PLAIN_USER_PASS "\r\n");
	EXPECT_STATUS(h, SMTPD_PAUSED);
	CHECK(h->calls[CB_AUTH] == 1, "auth called %lu times",
	    h->calls[CB_AUTH]);
	FINISH(h);
}

/* ---------------------------------------------------------------------------
 * smtpd_reply_set()
 */

struct rs_case {
	int code;
	const char *esc, *text;
	int rc;			/* smtpd_reply_set() must return this */
	smtpd_decision d;	/* then smtpd_decide(d) ... */
	const char *want;	/* ... must write this */
};

/* Each case on its own deferred RCPT. */
static void
reply_cases_at(int line, const struct rs_case *cases, size_t n)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	char t1[80], t2[80];

	c.max_errors = 1000;
	if (begin_at(line, h, &c, &cb_plain, 1) != 0)
		return;
	if (feed_all_at(line, h, "MAIL FROM:<a@b.test>\r\n") != 0 ||
	    expect_out_at(line, h, R_SENDER_OK) != 0) {
		finish_at(line, h);
		return;
	}
	h->answer[CB_RCPT] = SMTPD_DEFER;
	for (size_t i = 0; i < n; i++) {
		const struct rs_case *k = &cases[i];
		const char *text = k->text ? k->text : "(null)";
		int rc;

		if (feed(h, "RCPT TO:<u@x.test>\r\n") != 20 ||
		    smtpd_status(h->s) != SMTPD_PAUSED) {
			fail_at(line, "case %zu: the RCPT did not pause (%s)",
			    i, state_name(smtpd_status(h->s)));
			break;
		}
		rc = smtpd_reply_set(h->s, k->code, k->esc, k->text);
		if (rc != k->rc)
			fail_at(line, "case %zu: smtpd_reply_set(%d, \"%s\", \"%s\") "
			    "returned %d, want %d", i, k->code,
			    show(t1, sizeof t1, or_null(k->esc),
			    strlen(or_null(k->esc))), show(t2, sizeof t2, text,
			    strlen(text)), rc, k->rc);
		rc = smtpd_decide(h->s, k->d);
		if (rc != 0) {
			fail_at(line, "case %zu: smtpd_decide() returned %d", i,
			    rc);
			break;
		}
		if (expect_out_at(line, h, k->want) != 0)
			fail_at(line, "(that was case %zu)", i);
	}
	finish_at(line, h);
}
#define REPLY_CASES(cases) reply_cases_at(__LINE__, (cases), \
	sizeof (cases) / sizeof (cases)[0])

static void
t_reply_set_code_range(void)
{
	const struct rs_case cases[] = {
		{ 199, NULL, "Too low", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 600, NULL, "Too high", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 0, NULL, "Zero", -1, SMTPD_REJECT, R_RCPT_NO },
		{ -550, NULL, "Negative", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 5500, NULL, "Four digits", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 199, "1.0.0", "Class one", -1, SMTPD_ACCEPT, R_RCPT_OK },
		{ 200, "2.0.0", "Lowest", 0, SMTPD_ACCEPT,
		    "200 2.0.0 Lowest\r\n" },
		{ 599, "5.0.0", "Highest", 0, SMTPD_REJECT,
		    "599 5.0.0 Highest\r\n" },
		{ 251, "2.1.5", "Will forward", 0, SMTPD_ACCEPT,
		    "251 2.1.5 Will forward\r\n" },
	};

	REPLY_CASES(cases);
}

static void
t_reply_set_esc_class_mismatch(void)
{
	const struct rs_case cases[] = {
		{ 550, "4.1.1", "Mismatch", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "2.1.1", "Mismatch", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 450, "5.1.1", "Mismatch", -1, SMTPD_TEMPFAIL, R_RCPT_TEMP },
		{ 250, "5.1.5", "Mismatch", -1, SMTPD_ACCEPT, R_RCPT_OK },
		{ 550, "3.1.1", "Not a class", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.1", "Matches", 0, SMTPD_REJECT,
		    "550 5.1.1 Matches\r\n" },
	};

	REPLY_CASES(cases);
}

static void
t_reply_set_malformed_esc(void)
{
	const struct rs_case cases[] = {
		{ 550, "5.1", "Two parts", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.1.1", "Four parts", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1000.1", "Four digits", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.1000", "Four digits", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.a.1", "Letter", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.b", "Letter", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "", "Empty", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5", "Class only", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5..1", "Empty part", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.", "Empty part", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.1 ", "Trailing space", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, " 5.1.1", "Leading space", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "55.1.1", "Two-digit class", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.-1.1", "Sign", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.999.999", "Widest", 0, SMTPD_REJECT,
		    "550 5.999.999 Widest\r\n" },
		{ 550, "5.0.0", "Narrowest", 0, SMTPD_REJECT,
		    "550 5.0.0 Narrowest\r\n" },
	};

	REPLY_CASES(cases);
}

static void
t_reply_set_bad_text(void)
{
	const struct rs_case cases[] = {
		{ 550, "5.1.1", "bad\rtext", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.1", "bad\ntext", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.1", "bad\r\n550 smuggled", -1, SMTPD_REJECT,
		    R_RCPT_NO },
		{ 550, "5.1.1", "bad\x01text", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.1", "tab\there", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.1", "del\x7f", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.1", "esc\x1b[0m", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.1", "caf\xc3\xa9", -1, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.1", "~ printable !", 0, SMTPD_REJECT,
		    "550 5.1.1 ~ printable !\r\n" },
	};

	REPLY_CASES(cases);
}

static void
t_reply_set_text_length(void)
{
	static char t400[401], t401[402];
	static char want[512];
	int n;

	memset(t400, 'a', 400);
	t400[400] = '\0';
	memset(t401, 'b', 401);
	t401[401] = '\0';
	n = snprintf(want, sizeof want, "550 5.1.1 %s\r\n", t400);
	if (n < 0 || (size_t)n >= sizeof want) {
		CHECK(0, "test error: snprintf");
		return;
	}
	{
		const struct rs_case cases[] = {
			{ 550, "5.1.1", t401, -1, SMTPD_REJECT, R_RCPT_NO },
			{ 550, "5.1.1", t400, 0, SMTPD_REJECT, want },
			{ 550, "5.1.1", t401, -1, SMTPD_REJECT, R_RCPT_NO },
		};

		REPLY_CASES(cases);
	}
}

static void
t_reply_set_null_esc(void)
{
	const struct rs_case cases[] = {
		{ 550, NULL, "No such user", 0, SMTPD_REJECT,
		    "550 5.0.0 No such user\r\n" },
		{ 451, NULL, "Later", 0, SMTPD_TEMPFAIL, "451 4.0.0 Later\r\n" },
		{ 250, NULL, "Fine", 0, SMTPD_ACCEPT, "250 2.0.0 Fine\r\n" },
	};

	REPLY_CASES(cases);
}

static void
t_reply_set_decision_class_mismatch(void)
{
	const struct rs_case cases[] = {
		{ 550, "5.1.1", "No", 0, SMTPD_ACCEPT, R_RCPT_OK },
		{ 250, "2.1.5", "Yes", 0, SMTPD_REJECT, R_RCPT_NO },
		{ 450, "4.2.0", "Later", 0, SMTPD_REJECT, R_RCPT_NO },
		{ 550, "5.1.1", "No", 0, SMTPD_TEMPFAIL, R_RCPT_TEMP },
	};

	REPLY_CASES(cases);
}

/* ---------------------------------------------------------------------------
 * Write failures and flushing
 */

static void
t_write_failure_in_transaction(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	size_t n;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	EXPECT_OUT(h, R_SENDER_OK);
	h->write_fail = 1;
	n = feed(h, "RCPT TO:<c@d.test>\r\nNOOP\r\n");
	CHECK(n == 26, "smtpd_feed() consumed %zu, want 26", n);
	EXPECT_STATUS(h, SMTPD_CLOSED);
	CHECK(h->write_failed, "no write was attempted");
	CHECK(h->calls[CB_RESET] == 1, "reset called %lu times, want 1",
	    h->calls[CB_RESET]);
	n = feed(h, "NOOP\r\n");
	CHECK(n == 6, "smtpd_feed() when closed consumed %zu, want 6", n);
	n = smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_CRLF);
	CHECK(n == 6, "smtpd_line() when closed consumed %zu, want 6", n);
	(void)smtpd_flush(h->s);
	smtpd_timeout(h->s);
	CHECK(h->writes_after_fail == 0, "%lu writes after the failure",
	    h->writes_after_fail);
	h->writes_after_fail = 0;
	CHECK(h->calls[CB_RESET] == 1, "reset called again");
	EXPECT_STATUS(h, SMTPD_CLOSED);
	FINISH(h);
}

static void
t_write_failure_no_transaction(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	h->write_fail = 1;
	FEED(h, "NOOP\r\n");
	EXPECT_STATUS(h, SMTPD_CLOSED);
	CHECK(h->calls[CB_RESET] == 0, "reset called without a transaction");
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	CHECK(h->calls[CB_MAIL] == 0, "mail called after the close");
	CHECK(h->writes == 1 + 1 + 1, "%lu writes, want 3 (greeting, EHLO, "
	    "the failed one)", h->writes);
	FINISH(h);
}

/* A failing write in the middle of a long pipeline: nothing after it is
 * acted on or written. */
static void
t_write_failure_mid_pipeline(void)
{
	static char buf[1000 * 32];
	static const char rcpt[] = "RCPT TO:<rcpt@example.org>\r\n";
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	size_t len = 0, n;
	unsigned long rcpts;

	for (int i = 0; i < 1000; i++) {
		memcpy(buf + len, rcpt, sizeof rcpt - 1);
		len += sizeof rcpt - 1;
	}
	c.max_recipients = 5000;
	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	EXPECT_OUT(h, R_SENDER_OK);
	h->write_fail = 1;
	n = smtpd_feed(h->s, buf, len);
	CHECK(n == len, "smtpd_feed() consumed %zu of %zu", n, len);
	EXPECT_STATUS(h, SMTPD_CLOSED);
	rcpts = h->calls[CB_RCPT];
	for (int i = 0; i < 4; i++) {
		n = smtpd_feed(h->s, buf, len);
		CHECK(n == len, "smtpd_feed() when closed consumed %zu of %zu",
		    n, len);
	}
	CHECK(h->calls[CB_RCPT] == rcpts, "%lu rcpt callbacks after the "
	    "close", h->calls[CB_RCPT] - rcpts);
	CHECK(h->writes_after_fail == 0, "%lu writes after the failure",
	    h->writes_after_fail);
	h->writes_after_fail = 0;
	CHECK(h->calls[CB_RESET] == 1, "reset called %lu times, want 1",
	    h->calls[CB_RESET]);
	FINISH(h);
}

static void
t_flush_write_failure(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	unsigned long writes;
	int rc;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	writes = h->writes;
	smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_CRLF | SMTPD_EOL_MORE);
	CHECK(h->writes == writes, "smtpd_line(MORE) wrote");
	h->write_fail = 1;
	rc = smtpd_flush(h->s);
	CHECK(rc == -1, "smtpd_flush() with a failing write returned %d", rc);
	EXPECT_STATUS(h, SMTPD_CLOSED);
	FINISH(h);
}

static void
t_eol_more(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	unsigned long writes;
	size_t n;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	writes = h->writes;
	n = smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_CRLF | SMTPD_EOL_MORE);
	CHECK(n == 6, "smtpd_line(MORE) consumed %zu", n);
	n = smtpd_line(h->s, "HELP", 4, SMTPD_EOL_CRLF | SMTPD_EOL_MORE);
	CHECK(n == 6, "smtpd_line(MORE) consumed %zu", n);
	n = smtpd_line(h->s, "MAIL FROM:<a@b.test>", 20,
	    SMTPD_EOL_CRLF | SMTPD_EOL_MORE);
	CHECK(n == 22, "smtpd_line(MORE) consumed %zu", n);
	CHECK(h->writes == writes, "%lu writes with MORE",
	    h->writes - writes);
	n = smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_CRLF);
	CHECK(n == 6, "smtpd_line() consumed %zu", n);
	CHECK(h->writes == writes + 1, "%lu writes for the batch, want 1",
	    h->writes - writes);
	EXPECT_OUT(h, R_OK R_HELP R_SENDER_OK R_OK);
	FINISH(h);
}

static void
t_flush_writes_pending(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	unsigned long writes;
	int rc;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	writes = h->writes;
	rc = smtpd_flush(h->s);
	CHECK(rc == 0 && h->writes == writes,
	    "smtpd_flush() with nothing pending: %d, %lu writes", rc,
	    h->writes - writes);
	smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_CRLF | SMTPD_EOL_MORE);
	smtpd_line(h->s, "HELP", 4, SMTPD_EOL_CRLF | SMTPD_EOL_MORE);
	CHECK(h->writes == writes, "smtpd_line(MORE) wrote");
	rc = smtpd_flush(h->s);
	CHECK(rc == 0, "smtpd_flush() returned %d", rc);
	CHECK(h->writes == writes + 1, "smtpd_flush() made %lu writes",
	    h->writes - writes);
	EXPECT_OUT(h, R_OK R_HELP);
	rc = smtpd_flush(h->s);
	CHECK(rc == 0 && h->writes == writes + 1,
	    "second smtpd_flush(): %d, %lu writes", rc, h->writes - writes);
	FINISH(h);
}

/* ---------------------------------------------------------------------------
 * smtpd_line() equivalences
 */

static void
t_line_counts(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	size_t n;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	n = smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_CRLF);
	CHECK(n == 6, "CRLF: consumed %zu, want 6", n);
	n = smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_LF);
	CHECK(n == 5, "LF: consumed %zu, want 5", n);
	n = smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_CR);
	CHECK(n == 5, "CR: consumed %zu, want 5", n);
	n = smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_NONE);
	CHECK(n == 4, "NONE: consumed %zu, want 4", n);
	n = smtpd_line(h->s, "", 0, SMTPD_EOL_CRLF);
	CHECK(n == 2, "empty CRLF: consumed %zu, want 2", n);
	EXPECT_OUT(h, R_OK R_BAD_CHAR);
	FINISH(h);
}

static void
t_line_cr_lf_equals_crlf(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	size_t n;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	n = smtpd_line(h->s, "NOOP\r", 5, SMTPD_EOL_LF);
	CHECK(n == 6, "consumed %zu, want 6", n);
	EXPECT_OUT(h, R_OK);
	n = smtpd_line(h->s, "MAIL FROM:<a@b.test>\r", 21, SMTPD_EOL_LF);
	CHECK(n == 22, "consumed %zu, want 22", n);
	EXPECT_OUT(h, R_SENDER_OK);
	EXPECT_STR("mail address", h->last_mail, "a@b.test");
	/* the same again as raw bytes: the same reply */
	FEED(h, "RSET\r\nNOOP\r\n");
	EXPECT_OUT(h, R_OK R_OK);
	FINISH(h);
}

static void
t_line_bare_lf_not_end(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	size_t n;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	n = smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_LF);
	CHECK(n == 5, "consumed %zu, want 5", n);
	EXPECT_OUT(h, "");
	n = smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_CRLF);
	CHECK(n == 6, "consumed %zu, want 6", n);
	EXPECT_OUT(h, R_BAD_CHAR);	/* one command: "NOOP\nNOOP" */
	/* the same as bytes */
	FEED(h, "NOOP\nNOOP\r\n");
	EXPECT_OUT(h, R_BAD_CHAR);
	/* a MAIL split by a bare LF is not a MAIL */
	smtpd_line(h->s, "MAIL FROM:<a@b.test>", 20, SMTPD_EOL_LF);
	smtpd_line(h->s, "", 0, SMTPD_EOL_CRLF);
	EXPECT_OUT(h, R_BAD_CHAR);
	CHECK(h->calls[CB_MAIL] == 0, "mail called");
	FINISH(h);
}

static void
t_line_bare_cr_not_end(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	size_t n;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	n = smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_CR);
	CHECK(n == 5, "consumed %zu, want 5", n);
	EXPECT_OUT(h, "");
	n = smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_CRLF);
	CHECK(n == 6, "consumed %zu, want 6", n);
	EXPECT_OUT(h, R_BAD_CHAR);	/* one command: "NOOP\rNOOP" */
	FINISH(h);
}

static void
t_line_eol_none(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	smtpd_line(h->s, "NO", 2, SMTPD_EOL_NONE);
	EXPECT_OUT(h, "");
	smtpd_line(h->s, "OP", 2, SMTPD_EOL_CRLF);
	EXPECT_OUT(h, R_OK);
	/* a line ending in CR, then a line beginning with LF: a CRLF */
	smtpd_line(h->s, "NOOP\r", 5, SMTPD_EOL_NONE);
	EXPECT_OUT(h, "");
	smtpd_line(h->s, "\nNOOP", 5, SMTPD_EOL_CRLF);
	EXPECT_OUT(h, R_OK R_OK);
	FINISH(h);
}

/* ---------------------------------------------------------------------------
 * STARTTLS from the host's side
 */

static void
t_starttls_discards_input(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	size_t n;
	int rc;

	if (BEGIN(h, &c, &cb_all, 1) != 0)
		return;
	rc = smtpd_tls_done(h->s, 1);
	CHECK(rc == -1, "smtpd_tls_done() when reading returned %d", rc);
	n = feed(h, "STARTTLS\r\nMAIL FROM:<a@b.test>\r\n");
	CHECK(n == 32, "smtpd_feed() consumed %zu, want 32 (the rest is "
	    "discarded)", n);
	EXPECT_OUT(h, R_TLS_READY);
	EXPECT_STATUS(h, SMTPD_STARTTLS);
	n = feed(h, "NOOP\r\n");
	CHECK(n == 6, "smtpd_feed() in STARTTLS state consumed %zu", n);
	n = smtpd_line(h->s, "NOOP", 4, SMTPD_EOL_CRLF);
	CHECK(n == 6, "smtpd_line() in STARTTLS state consumed %zu", n);
	EXPECT_OUT(h, "");
	CHECK(h->calls[CB_MAIL] == 0, "mail called before the handshake");
	rc = smtpd_tls_done(h->s, 1);
	CHECK(rc == 0, "smtpd_tls_done(1) returned %d", rc);
	EXPECT_OUT(h, "");
	EXPECT_STATUS(h, SMTPD_READING);
	rc = smtpd_tls_done(h->s, 1);
	CHECK(rc == -1, "second smtpd_tls_done() returned %d", rc);
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	EXPECT_OUT(h, R_NO_HELO);
	FEED(h, "EHLO client.test\r\nSTARTTLS\r\n");
	EXPECT_OUT(h, R_EHLO_AUTH "503 5.5.1 TLS already active\r\n");
	FINISH(h);
}

static void
t_tls_done_fail_closes(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	int rc;

	if (BEGIN(h, &c, &cb_all, 1) != 0)
		return;
	FEED(h, "STARTTLS\r\n");
	EXPECT_OUT(h, R_TLS_READY);
	rc = smtpd_tls_done(h->s, 0);
	CHECK(rc == 0, "smtpd_tls_done(0) returned %d", rc);
	EXPECT_STATUS(h, SMTPD_CLOSED);
	FEED(h, "EHLO client.test\r\n");
	smtpd_timeout(h->s);
	EXPECT_OUT(h, "");
	rc = smtpd_tls_done(h->s, 1);
	CHECK(rc == -1, "smtpd_tls_done() when closed returned %d", rc);
	FINISH(h);
}

/* ---------------------------------------------------------------------------
 * Accessors
 */

static void
t_helo_name(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	if (session_new(h, &c, &cb_all) == NULL) {
		CHECK(0, "smtpd_new() returned NULL");
		return;
	}
	EXPECT_STR("smtpd_helo_name() before start", smtpd_helo_name(h->s),
	    "");
	CHECK(smtpd_start(h->s, PEER) == 0, "smtpd_start() failed");
	EXPECT_OUT(h, R_GREET);
	EXPECT_STR("smtpd_helo_name() before HELO", smtpd_helo_name(h->s), "");
	FEED(h, "HELO first.test\r\n");
	EXPECT_OUT(h, "250 " HOSTNAME "\r\n");
	EXPECT_STR("smtpd_helo_name() after HELO", smtpd_helo_name(h->s),
	    "first.test");
	FEED(h, "EHLO second.test\r\n");
	EXPECT_OUT(h, R_EHLO_STARTTLS);
	EXPECT_STR("smtpd_helo_name() inside the helo callback",
	    h->helo_in_cb, "first.test");
	EXPECT_STR("smtpd_helo_name() after EHLO", smtpd_helo_name(h->s),
	    "second.test");
	h->answer[CB_HELO] = SMTPD_REJECT;
	FEED(h, "EHLO refused.test\r\n");
	EXPECT_OUT(h, R_HELO_NO);
	EXPECT_STR("smtpd_helo_name() after a refused EHLO",
	    smtpd_helo_name(h->s), "second.test");
	h->answer[CB_HELO] = SMTPD_ACCEPT;
	FEED(h, "STARTTLS\r\n");
	EXPECT_OUT(h, R_TLS_READY);
	CHECK(smtpd_tls_done(h->s, 1) == 0, "smtpd_tls_done() failed");
	EXPECT_STR("smtpd_helo_name() after STARTTLS", smtpd_helo_name(h->s),
	    "");
	FEED(h, "EHLO third.test\r\n");
	EXPECT_OUT(h, R_EHLO_AUTH);
	EXPECT_STR("smtpd_helo_name() after EHLO over TLS",
	    smtpd_helo_name(h->s), "third.test");
	FINISH(h);
}

/* MAIL with SMTPUTF8, RCPT, DATA, a message; the protocol name inside the
 * data and message callbacks is want_tx, after the message want_after. */
static void
utf8_message_at(int line, struct host *h, const char *want_tx,
    const char *want_after)
{
	if (feed_all_at(line, h, "MAIL FROM:<a@b.test> SMTPUTF8\r\n") != 0 ||
	    expect_out_at(line, h, R_SENDER_OK) != 0)
		return;
	expect_str_at(line, "smtpd_protocol() in the transaction",
	    smtpd_protocol(h->s), want_tx);
	if (feed_all_at(line, h, "RCPT TO:<c@d.test>\r\nDATA\r\nHi\r\n.\r\n")
	    != 0 || expect_out_at(line, h, R_RCPT_OK R_354 R_ACCEPTED) != 0)
		return;
	expect_str_at(line, "smtpd_protocol() inside data",
	    h->proto_in[CB_DATA], want_tx);
	expect_str_at(line, "smtpd_protocol() inside message",
	    h->proto_in[CB_MESSAGE], want_tx);
	expect_str_at(line, "smtpd_protocol() after the message",
	    smtpd_protocol(h->s), want_after);
}
#define UTF8_MESSAGE(h, tx, after) utf8_message_at(__LINE__, (h), (tx), (after))

static void
t_protocol_plain_and_auth(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	c.flags = SMTPD_AUTH_INSECURE;
	if (BEGIN(h, &c, &cb_all, 0) != 0)
		return;
	FEED(h, "HELO client.test\r\n");
	EXPECT_OUT(h, "250 " HOSTNAME "\r\n");
	EXPECT_STR("smtpd_protocol() after HELO", smtpd_protocol(h->s),
	    "SMTP");
	FEED(h, "EHLO client.test\r\n");
	EXPECT_OUT(h, R_EHLO_BOTH);
	EXPECT_STR("smtpd_protocol() after EHLO", smtpd_protocol(h->s),
	    "ESMTP");
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	EXPECT_OUT(h, R_SENDER_OK);
	EXPECT_STR("smtpd_protocol() with MAIL", smtpd_protocol(h->s),
	    "ESMTP");
	FEED(h, "RSET\r\n");
	EXPECT_OUT(h, R_OK);
	UTF8_MESSAGE(h, "UTF8SMTP", "ESMTP");
	FEED(h, "AUTH PLAIN " PLAIN_USER_PASS "\r\n");
	EXPECT_OUT(h, R_AUTH_OK);
	EXPECT_STR("smtpd_protocol() after AUTH", smtpd_protocol(h->s),
	    "ESMTPA");
	UTF8_MESSAGE(h, "UTF8SMTPA", "ESMTPA");
	FINISH(h);
}

static void
t_protocol_starttls(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	if (BEGIN(h, &c, &cb_all, 1) != 0)
		return;
	FEED(h, "STARTTLS\r\n");
	EXPECT_OUT(h, R_TLS_READY);
	CHECK(smtpd_tls_done(h->s, 1) == 0, "smtpd_tls_done() failed");
	FEED(h, "EHLO client.test\r\n");
	EXPECT_OUT(h, R_EHLO_AUTH);
	EXPECT_STR("smtpd_protocol() after STARTTLS and EHLO",
	    smtpd_protocol(h->s), "ESMTPS");
	UTF8_MESSAGE(h, "UTF8SMTPS", "ESMTPS");
	FEED(h, "AUTH PLAIN " PLAIN_USER_PASS "\r\n");
	EXPECT_OUT(h, R_AUTH_OK);
	EXPECT_STR("smtpd_protocol() after STARTTLS and AUTH",
	    smtpd_protocol(h->s), "ESMTPSA");
	UTF8_MESSAGE(h, "UTF8SMTPSA", "ESMTPSA");
	FINISH(h);
}

static void
t_protocol_implicit_tls(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();

	c.flags = SMTPD_TLS_ACTIVE;
	if (BEGIN(h, &c, &cb_all, 0) != 0)
		return;
	FEED(h, "EHLO client.test\r\n");
	EXPECT_OUT(h, R_EHLO_AUTH);
	EXPECT_STR("smtpd_protocol()", smtpd_protocol(h->s), "ESMTPS");
	CHECK(smtpd_info(h->s) == (SMTPD_INFO_EHLO | SMTPD_INFO_TLS),
	    "smtpd_info() is %#x", smtpd_info(h->s));
	UTF8_MESSAGE(h, "UTF8SMTPS", "ESMTPS");
	FINISH(h);
}

static void
expect_info_at(int line, struct host *h, unsigned want)
{
	unsigned got = smtpd_info(h->s);

	if (got != want)
		fail_at(line, "smtpd_info() is %#x, want %#x", got, want);
}
#define EXPECT_INFO(h, want) expect_info_at(__LINE__, (h), (want))

static void
t_info_bits(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	const unsigned E = SMTPD_INFO_EHLO, T = SMTPD_INFO_TLS,
	    A = SMTPD_INFO_AUTH, M = SMTPD_INFO_MAIL,
	    U = SMTPD_INFO_SMTPUTF8, B = SMTPD_INFO_8BITMIME;

	c.flags = SMTPD_AUTH_INSECURE;
	if (BEGIN(h, &c, &cb_all, 0) != 0)
		return;
	EXPECT_INFO(h, 0);
	FEED(h, "HELO client.test\r\n");
	EXPECT_INFO(h, 0);
	FEED(h, "EHLO client.test\r\n");
	EXPECT_INFO(h, E);
	FEED(h, "MAIL FROM:<a@b.test> BODY=8BITMIME\r\n");
	EXPECT_INFO(h, E | M | B);
	FEED(h, "RSET\r\n");
	EXPECT_INFO(h, E);
	FEED(h, "MAIL FROM:<a@b.test> SMTPUTF8 BODY=7BIT\r\n");
	EXPECT_INFO(h, E | M | U);
	FEED(h, "RCPT TO:<c@d.test>\r\nDATA\r\n");
	EXPECT_INFO(h, E | M | U);
	FEED(h, "x\r\n.\r\n");
	CHECK(h->info_in[CB_MESSAGE] == (E | M | U),
	    "smtpd_info() inside message is %#x", h->info_in[CB_MESSAGE]);
	EXPECT_INFO(h, E);
	/* a refused MAIL leaves no transaction and no flags */
	h->answer[CB_MAIL] = SMTPD_REJECT;
	FEED(h, "MAIL FROM:<a@b.test> SMTPUTF8 BODY=8BITMIME\r\n");
	EXPECT_INFO(h, E);
	h->answer[CB_MAIL] = SMTPD_ACCEPT;
	FEED(h, "AUTH PLAIN " PLAIN_USER_PASS "\r\n");
	EXPECT_INFO(h, E | A);
	FEED(h, "HELO client.test\r\n");
	CHECK(!(smtpd_info(h->s) & E), "EHLO bit kept after HELO");
	FEED(h, "EHLO client.test\r\nSTARTTLS\r\n");
	/* every step above was answered as expected */
	EXPECT_OUT(h, "250 " HOSTNAME "\r\n" R_EHLO_BOTH R_SENDER_OK R_OK
	    R_SENDER_OK R_RCPT_OK R_354 R_ACCEPTED R_SENDER_NO R_AUTH_OK
	    "250 " HOSTNAME "\r\n" R_EHLO_BOTH R_TLS_READY);
	CHECK(smtpd_tls_done(h->s, 1) == 0, "smtpd_tls_done() failed");
	EXPECT_INFO(h, T);
	FEED(h, "EHLO client.test\r\n");
	EXPECT_INFO(h, E | T);
	FINISH(h);
}

/* ---------------------------------------------------------------------------
 * Memory: no allocation after smtpd_new(), whatever the input
 */

#define PIECE ((size_t)64 << 10)

static void
t_memory_long_line(void)
{
	static char piece[PIECE];
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	unsigned long calls, writes;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	memset(piece, 'a', sizeof piece);
	calls = mem.calls;
	writes = h->writes;
	for (int i = 0; i < 160; i++) {		/* 10 MiB */
		size_t n = smtpd_feed(h->s, piece, sizeof piece);

		if (n != sizeof piece) {
			CHECK(0, "piece %d: consumed %zu", i, n);
			break;
		}
	}
	CHECK(h->writes == writes, "wrote before the line ended");
	FEED(h, "\r\n");
	EXPECT_OUT(h, R_TOO_LONG);
	FEED(h, "NOOP\r\n");
	EXPECT_OUT(h, R_OK);
	CHECK(mem.calls == calls, "%lu allocations", mem.calls - calls);
	FINISH(h);
}

static double gib_seconds;	/* for the summary line */

static void
t_memory_gib_body(void)
{
	static char piece[PIECE];
	const uint64_t total = (uint64_t)1 << 30;
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	unsigned long calls;
	double t0;

	/* 64-octet lines, none beginning with "." */
	for (size_t i = 0; i < PIECE; i += 64) {
		for (size_t k = 0; k < 62; k++)
			piece[i + k] = (char)('A' + (i / 64 * 7 + k) % 26);
		piece[i + 62] = '\r';
		piece[i + 63] = '\n';
	}
	c.max_message_size = SMTPD_UNLIMITED;
	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	FEED(h, "MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n");
	EXPECT_OUT(h, R_SENDER_OK R_RCPT_OK R_354);
	h->pattern = piece;
	h->pattern_len = sizeof piece;
	calls = mem.calls;
	t0 = now();
	for (uint64_t sent = 0; sent < total; sent += sizeof piece) {
		size_t n = smtpd_feed(h->s, piece, sizeof piece);

		if (n != sizeof piece) {
			CHECK(0, "at %" PRIu64 ": consumed %zu", sent, n);
			break;
		}
	}
	gib_seconds = now() - t0;
	FEED(h, ".\r\n");
	EXPECT_OUT(h, R_ACCEPTED);
	CHECK(h->body_bytes == total, "body got %" PRIu64 " octets, want %"
	    PRIu64, h->body_bytes, total);
	CHECK(h->calls[CB_MESSAGE] == 1, "message called %lu times",
	    h->calls[CB_MESSAGE]);
	CHECK(mem.calls == calls, "%lu allocations", mem.calls - calls);
	FINISH(h);
}

static void
t_memory_many_rcpt(void)
{
	static char buf[1000 * 32];
	static const char rcpt[] = "RCPT TO:<rcpt@example.org>\r\n";
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	unsigned long calls, ok2, errs;
	size_t len = 0;

	for (int i = 0; i < 1000; i++) {
		memcpy(buf + len, rcpt, sizeof rcpt - 1);
		len += sizeof rcpt - 1;
	}
	c.max_recipients = 100000;
	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	h->check_rcpt_count = 1;
	FEED(h, "MAIL FROM:<a@b.test>\r\n");
	EXPECT_OUT(h, R_SENDER_OK);
	calls = mem.calls;
	ok2 = h->lines[2];
	errs = h->lines[4] + h->lines[5];
	for (int i = 0; i < 100; i++) {		/* 100 000 RCPT */
		size_t n = smtpd_feed(h->s, buf, len);

		if (n != len) {
			CHECK(0, "batch %d: consumed %zu of %zu", i, n, len);
			break;
		}
	}
	CHECK(h->calls[CB_RCPT] == 100000, "rcpt called %lu times",
	    h->calls[CB_RCPT]);
	CHECK(h->lines[2] - ok2 == 100000, "%lu 2xx replies, want 100000",
	    h->lines[2] - ok2);
	CHECK(h->lines[4] + h->lines[5] == errs, "%lu error replies",
	    h->lines[4] + h->lines[5] - errs);
	CHECK(h->last_rcpt_count == 99999, "the last rcpt count is %u",
	    h->last_rcpt_count);
	out_clear(h);
	FEED(h, "RCPT TO:<one-more@example.org>\r\nDATA\r\nHi\r\n.\r\n");
	EXPECT_OUT(h, R_TOO_MANY_RCPT R_354 R_ACCEPTED);
	CHECK(mem.calls == calls, "%lu allocations", mem.calls - calls);
	FINISH(h);
}

/* Two sessions fed alternately in small pieces, with different
 * configurations and each pausing once: their replies are their own. */
static void
t_two_sessions(void)
{
	static const char in[] = "EHLO c.test\r\n"
	    "MAIL FROM:<x@y.test> SIZE=5000\r\nRCPT TO:<u@v.test>\r\n"
	    "DATA\r\nbody\r\n.\r\nQUIT\r\n";
	struct host *a = host_init(&host_a, "a"), *b = host_init(&host_b, "b");
	struct smtpd_config ca = config(), cbc = config();
	struct host *hs[2] = { a, b };
	size_t off[2] = { 0, 0 }, len = strlen(in);
	char body[32];
	int rounds = 0;

	ca.hostname = "a.test";
	ca.max_message_size = 1000;
	cbc.hostname = "b.test";
	cbc.banner = "welcome";
	cbc.max_message_size = SMTPD_UNLIMITED;
	if (session_new(a, &ca, &cb_plain) == NULL ||
	    session_new(b, &cbc, &cb_plain) == NULL) {
		CHECK(0, "smtpd_new() returned NULL");
		FINISH(a);
		FINISH(b);
		return;
	}
	a->answer[CB_HELO] = SMTPD_DEFER;
	b->answer[CB_RCPT] = SMTPD_DEFER;
	b->body_buf = body;
	b->body_cap = sizeof body;
	CHECK(smtpd_start(a->s, "a-peer") == 0, "smtpd_start(a) failed");
	CHECK(smtpd_start(b->s, "b-peer") == 0, "smtpd_start(b) failed");
	while ((off[0] < len || off[1] < len) && rounds++ < 10000) {
		for (int i = 0; i < 2; i++) {
			struct host *h = hs[i];
			size_t k = len - off[i] < 5 ? len - off[i] : 5;

			if (smtpd_status(h->s) == SMTPD_PAUSED) {
				/* decided at its next turn: the other session
				 * has gone on meanwhile */
				CHECK(smtpd_decide(h->s, SMTPD_ACCEPT) == 0,
				    "%s: smtpd_decide() failed", h->tag);
				continue;
			}
			if (k > 0)
				off[i] += smtpd_feed(h->s, in + off[i], k);
		}
	}
	CHECK(off[0] == len && off[1] == len, "fed %zu and %zu of %zu",
	    off[0], off[1], len);
	EXPECT_OUT(a, "220 a.test ESMTP\r\n"
	    "250-a.test\r\n250-PIPELINING\r\n250-SIZE 1000\r\n" EHLO_TAIL
	    "552 5.3.4 Message size exceeds fixed maximum message size\r\n"
	    "503 5.5.1 Need MAIL before RCPT\r\n"
	    "503 5.5.1 Need RCPT before DATA\r\n"
	    R_UNKNOWN R_UNKNOWN
	    "221 2.0.0 a.test closing connection\r\n");
	EXPECT_OUT(b, "220 b.test ESMTP welcome\r\n"
	    "250-b.test\r\n250-PIPELINING\r\n250-SIZE\r\n" EHLO_TAIL
	    R_SENDER_OK R_RCPT_OK R_354 R_ACCEPTED
	    "221 2.0.0 b.test closing connection\r\n");
	CHECK(a->calls[CB_HELO] == 1 && a->calls[CB_MAIL] == 0 &&
	    a->calls[CB_BODY] == 0 && a->calls[CB_MESSAGE] == 0,
	    "a: helo %lu, mail %lu, body %lu, message %lu",
	    a->calls[CB_HELO], a->calls[CB_MAIL], a->calls[CB_BODY],
	    a->calls[CB_MESSAGE]);
	CHECK(b->calls[CB_MAIL] == 1 && b->calls[CB_RCPT] == 1 &&
	    b->calls[CB_MESSAGE] == 1 && b->last_size == 5000,
	    "b: mail %lu, rcpt %lu, message %lu, size %" PRIu64,
	    b->calls[CB_MAIL], b->calls[CB_RCPT], b->calls[CB_MESSAGE],
	    b->last_size);
	CHECK(b->body_len == 6 && memcmp(body, "body\r\n", 6) == 0,
	    "b: body of %zu octets", b->body_len);
	EXPECT_STR("a: smtpd_helo_name()", smtpd_helo_name(a->s), "c.test");
	EXPECT_STATUS(a, SMTPD_CLOSED);
	EXPECT_STATUS(b, SMTPD_CLOSED);
	FINISH(a);
	FINISH(b);
}

/* ---------------------------------------------------------------------------
 * Message content
 */

#define MSG_TARGET ((size_t)1 << 20)
static char msg_content[MSG_TARGET + 512];
static char msg_wire[2 * MSG_TARGET + 1024];
static char msg_got[MSG_TARGET + 512];

/* A 1 MiB message with many lines beginning with "." (and lines that are
 * just "."), fed dot-stuffed in random pieces of 1 to 8192 octets: the
 * body callback gets exactly the content, CRLF line ends included. */
static void
t_body_random_pieces(void)
{
	struct host *h = host_init(&host_a, "a");
	struct smtpd_config c = config();
	size_t clen = 0, wlen = 0, dotted = 0, pieces = 0;

	rng_state = 0x9e3779b97f4a7c15ull;
	for (size_t nline = 0; clen < MSG_TARGET; nline++) {
		char line[260];
		size_t n = 0, text;
		unsigned kind = nline == 0 ? 0 : (unsigned)(rng() % 8);

		switch (kind) {
		case 0: case 1: case 2:		/* 1 to 3 dots, then text */
			n = 1 + (size_t)(rng() % 3);
			memset(line, '.', n);
			text = (size_t)(rng() % 80);
			break;
		case 3:				/* empty */
			text = 0;
			break;
		case 4:				/* "." alone */
			line[n++] = '.';
			text = 0;
			break;
		default:
			text = (size_t)(rng() % 200);
			break;
		}
		for (size_t k = 0; k < text; k++)
			line[n++] = (char)(0x20 + rng() % 95);
		if (kind >= 5 && n > 0 && line[0] == '.')
			line[0] = '-';
		if (n > 0 && line[0] == '.') {
			msg_wire[wlen++] = '.';	/* RFC 5321 4.5.2 */
			dotted++;
		}
		memcpy(msg_content + clen, line, n);
		memcpy(msg_content + clen + n, "\r\n", 2);
		clen += n + 2;
		memcpy(msg_wire + wlen, line, n);
		memcpy(msg_wire + wlen + n, "\r\n", 2);
		wlen += n + 2;
	}
	memcpy(msg_wire + wlen, ".\r\n", 3);
	wlen += 3;

	if (BEGIN(h, &c, &cb_plain, 1) != 0)
		return;
	FEED(h, "MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n");
	EXPECT_OUT(h, R_SENDER_OK R_RCPT_OK R_354);
	h->body_buf = msg_got;
	h->body_cap = sizeof msg_got;
	for (size_t off = 0; off < wlen; pieces++) {
		size_t k = rng() % 4 == 0 ? 1 + (size_t)(rng() % 3) :
		    1 + (size_t)(rng() % 8192), n;

		if (k > wlen - off)
			k = wlen - off;
		n = smtpd_feed(h->s, msg_wire + off, k);
		if (n != k) {
			CHECK(0, "piece at %zu: consumed %zu of %zu", off, n, k);
			break;
		}
		off += k;
	}
	EXPECT_OUT(h, R_ACCEPTED);
	CHECK(h->calls[CB_MESSAGE] == 1, "message called %lu times",
	    h->calls[CB_MESSAGE]);
	CHECK(h->calls[CB_RESET] == 0, "reset called");
	CHECK(!h->body_trunc && h->body_len == clen,
	    "body got %zu octets, want %zu", h->body_len, clen);
	if (h->body_len == clen && memcmp(msg_got, msg_content, clen) != 0) {
		size_t i = 0;
		char t1[80], t2[80];

		while (msg_got[i] == msg_content[i])
			i++;
		CHECK(0, "body differs at %zu: \"%s\", want \"%s\"", i,
		    show(t1, sizeof t1, msg_got + i, clen - i < 20 ? clen - i :
		    20), show(t2, sizeof t2, msg_content + i, clen - i < 20 ?
		    clen - i : 20));
	}
	CHECK(dotted > 1000, "test error: only %zu dotted lines", dotted);
	CHECK(pieces > 100, "test error: only %zu pieces", pieces);
	FEED(h, "NOOP\r\n");
	EXPECT_OUT(h, R_OK);
	FINISH(h);
}

/* ---------------------------------------------------------------------------
 * AUTH: the core wipes its copy of the credentials
 */

#define SECRET "S3cr3t-pw!"

/* Neither the password nor a base64 form of it may remain anywhere in
 * the session's memory once the auth callback has returned. */
static void
expect_no_secret_at(int line, struct host *h, const char *b64_forms[],
    size_t nforms)
{
	if (block_holds(h->block, h->block_size, SECRET, strlen(SECRET)))
		fail_at(line, "%s: the password is still in the session",
		    h->tag);
	for (size_t i = 0; i < nforms; i++)
		if (block_holds(h->block, h->block_size, b64_forms[i],
		    strlen(b64_forms[i])))
			fail_at(line, "%s: base64 \"%s\" is still in the "
			    "session", h->tag, b64_forms[i]);
}

static void
t_auth_credentials_wiped(void)
{
	static const unsigned char plain[] = "\0user\0" SECRET;
	char b64_plain[64], b64_pw[64], cmd[128];
	const char *forms[2] = { b64_plain, b64_pw };
	struct host *h = host_init(&host_a, "plain-ir");
	struct smtpd_config c = config();
	int n;

	if (base64(plain, sizeof plain - 1, b64_plain, sizeof b64_plain) == 0 ||
	    base64((const unsigned char *)SECRET, strlen(SECRET), b64_pw,
	    sizeof b64_pw) == 0) {
		CHECK(0, "test error: base64");
		return;
	}
	c.flags = SMTPD_AUTH_INSECURE;

	/* PLAIN with an initial response */
	if (BEGIN(h, &c, &cb_all, 1) != 0)
		return;
	n = snprintf(cmd, sizeof cmd, "AUTH PLAIN %s\r\n", b64_plain);
	if (n < 0 || (size_t)n >= sizeof cmd) {
		CHECK(0, "test error: snprintf");
		FINISH(h);
		return;
	}
	CHECK(h->block != NULL && h->block_size > 0, "session block unknown");
	FEED(h, cmd);
	EXPECT_OUT(h, R_AUTH_OK);
	EXPECT_STR("mechanism", h->auth_mech, "PLAIN");
	EXPECT_STR("authzid", h->auth_authzid, "");
	EXPECT_STR("user", h->auth_user, "user");
	EXPECT_STR("password", h->auth_pass, SECRET);
	expect_no_secret_at(__LINE__, h, forms, 2);
	FINISH(h);

	/* PLAIN after the 334 prompt */
	host_init(h, "plain-prompt");
	if (BEGIN(h, &c, &cb_all, 1) != 0)
		return;
	FEED(h, "AUTH PLAIN\r\n");
	FEED(h, b64_plain);
	FEED(h, "\r\n");
	EXPECT_OUT(h, "334 \r\n" R_AUTH_OK);
	EXPECT_STR("password", h->auth_pass, SECRET);
	expect_no_secret_at(__LINE__, h, forms, 2);
	FINISH(h);

	/* LOGIN, refused */
	host_init(h, "login");
	if (BEGIN(h, &c, &cb_all, 1) != 0)
		return;
	h->answer[CB_AUTH] = SMTPD_REJECT;
	FEED(h, "AUTH LOGIN\r\n" B64_USER "\r\n");
	FEED(h, b64_pw);
	FEED(h, "\r\n");
	EXPECT_OUT(h, "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n"
	    "535 5.7.8 Authentication credentials invalid\r\n");
	EXPECT_STR("mechanism", h->auth_mech, "LOGIN");
	EXPECT_STR("user", h->auth_user, "user");
	EXPECT_STR("password", h->auth_pass, SECRET);
	expect_no_secret_at(__LINE__, h, forms, 2);
	FINISH(h);

	/* PLAIN, deferred: wiped while the decision is still pending */
	host_init(h, "deferred");
	if (BEGIN(h, &c, &cb_all, 1) != 0)
		return;
	h->answer[CB_AUTH] = SMTPD_DEFER;
	FEED(h, cmd);
	EXPECT_STATUS(h, SMTPD_PAUSED);
	expect_no_secret_at(__LINE__, h, forms, 2);
	CHECK(smtpd_decide(h->s, SMTPD_ACCEPT) == 0, "smtpd_decide() failed");
	EXPECT_OUT(h, R_AUTH_OK);
	CHECK(smtpd_info(h->s) & SMTPD_INFO_AUTH, "AUTH bit not set");
	FINISH(h);
}

/* ---------------------------------------------------------------------------
 * The table and the runner
 */

static const struct test {
	const char *name;
	void (*run)(void);
} tests[] = {
	{ "api-new-null-callbacks-or-null-write-returns-null",
	    t_new_null_callbacks },
	{ "api-new-allocates-one-block-and-free-releases-it",
	    t_new_allocates_once },
	{ "api-new-returns-null-when-memory-is-short", t_new_out_of_memory },
	{ "api-new-huge-max-line-returns-null-without-wrapping",
	    t_new_huge_max_line },
	{ "api-new-zeroed-config-greets-localhost-and-advertises-size-10485760",
	    t_new_zeroed_config_defaults },
	{ "api-new-zeroed-config-max-line-2048-accepts-2046-refuses-2047",
	    t_new_default_max_line },
	{ "api-new-max-line-below-512-raised-to-512", t_new_max_line_raised_to_512 },
	{ "api-new-max-line-600-accepts-598-refuses-599",
	    t_new_max_line_configured },
	{ "api-feed-and-line-before-start-consume-nothing",
	    t_feed_before_start },
	{ "api-start-twice-returns-minus-one", t_start_twice },
	{ "api-decide-with-nothing-pending-returns-minus-one",
	    t_decide_nothing_pending },
	{ "api-decide-defer-returns-minus-one-and-stays-paused",
	    t_decide_defer_refused },
	{ "api-decide-inside-callback-returns-minus-one-session-undisturbed",
	    t_decide_inside_callback },
	{ "api-feed-line-decide-timeout-tls-done-start-refused-in-every-callback",
	    t_reentry_refused },
	{ "api-defer-feed-stops-after-asking-line-and-resumes-after-decide",
	    t_defer_feed_stops_after_line },
	{ "api-defer-line-counts-line-and-terminator-then-consumes-nothing",
	    t_defer_line },
	{ "api-defer-message-stops-after-end-of-data-line",
	    t_defer_message },
	{ "api-reply-set-in-callback-kept-for-deferred-decision",
	    t_reply_set_in_callback_then_defer },
	{ "api-timeout-while-paused-writes-421-closes-and-decide-fails",
	    t_timeout_while_paused },
	{ "api-free-with-decision-pending-calls-nothing", t_free_pending },
	{ "api-free-in-data-calls-nothing", t_free_in_data },
	{ "api-free-in-starttls-state-calls-nothing", t_free_in_starttls },
	{ "api-free-during-auth-exchange-calls-nothing", t_free_during_auth },
	{ "api-reply-set-code-outside-200-599-refused", t_reply_set_code_range },
	{ "api-reply-set-esc-class-mismatch-refused",
	    t_reply_set_esc_class_mismatch },
	{ "api-reply-set-malformed-esc-refused", t_reply_set_malformed_esc },
	{ "api-reply-set-text-with-cr-lf-control-or-non-ascii-refused",
	    t_reply_set_bad_text },
	{ "api-reply-set-text-400-octets-accepted-401-refused",
	    t_reply_set_text_length },
	{ "api-reply-set-null-esc-written-as-class-0-0", t_reply_set_null_esc },
	{ "api-reply-set-of-other-class-than-decision-ignored",
	    t_reply_set_decision_class_mismatch },
	{ "api-write-failure-closes-resets-transaction-and-stops-writing",
	    t_write_failure_in_transaction },
	{ "api-write-failure-without-transaction-closes-without-reset",
	    t_write_failure_no_transaction },
	{ "api-write-failure-mid-pipeline-discards-the-rest",
	    t_write_failure_mid_pipeline },
	{ "api-flush-returns-minus-one-when-write-fails", t_flush_write_failure },
	{ "api-eol-more-buffers-until-final-line-then-one-write", t_eol_more },
	{ "api-flush-writes-pending-replies-once", t_flush_writes_pending },
	{ "api-line-returns-line-and-terminator-octets", t_line_counts },
	{ "api-line-ending-in-cr-with-eol-lf-equals-crlf",
	    t_line_cr_lf_equals_crlf },
	{ "api-line-bare-lf-is-not-a-command-end", t_line_bare_lf_not_end },
	{ "api-line-bare-cr-is-not-a-command-end", t_line_bare_cr_not_end },
	{ "api-line-eol-none-continues-the-line", t_line_eol_none },
	{ "api-starttls-discards-input-until-tls-done", t_starttls_discards_input },
	{ "api-tls-done-failure-closes-without-writing", t_tls_done_fail_closes },
	{ "api-helo-name-empty-then-accepted-name-then-empty-after-starttls",
	    t_helo_name },
	{ "api-protocol-smtp-esmtp-utf8smtp-esmtpa-utf8smtpa",
	    t_protocol_plain_and_auth },
	{ "api-protocol-esmtps-utf8smtps-esmtpsa-utf8smtpsa-after-starttls",
	    t_protocol_starttls },
	{ "api-protocol-esmtps-with-implicit-tls", t_protocol_implicit_tls },
	{ "api-info-bits-follow-the-session", t_info_bits },
	{ "api-memory-10mib-command-line-allocates-nothing", t_memory_long_line },
	{ "api-memory-1gib-message-allocates-nothing", t_memory_gib_body },
	{ "api-memory-100000-rcpt-allocates-nothing", t_memory_many_rcpt },
	{ "api-two-sessions-interleaved-share-nothing", t_two_sessions },
	{ "api-body-random-pieces-exactly-dot-unstuffed-content",
	    t_body_random_pieces },
	{ "api-auth-credentials-wiped-from-session-after-callback",
	    t_auth_credentials_wiped },
};

int
main(void)
{
	const size_t ntests = sizeof tests / sizeof tests[0];
	double start = now(), slowest = 0;
	const char *slowest_name = "";
	int failed = 0;

	for (size_t i = 0; i < ntests; i++) {
		unsigned long stray = mem.stray;
		long live = mem.live;
		double t0 = now(), dt;

		diag.len = 0;
		diag.text[0] = '\0';
		diag.failures = 0;
		tests[i].run();
		if (mem.stray != stray)
			fail_at(0, "%lu allocations outside smtpd_new()",
			    mem.stray - stray);
		if (mem.live != live)
			fail_at(0, "%ld blocks not freed", mem.live - live);
		dt = now() - t0;
		if (dt > slowest) {
			slowest = dt;
			slowest_name = tests[i].name;
		}
		printf("%s - %s\n", diag.failures ? "not ok" : "ok",
		    tests[i].name);
		fputs(diag.text, stdout);
		fflush(stdout);
		if (diag.failures)
			failed++;
	}
	printf("# %zu tests, %d failed, %.2f s (slowest %s: %.2f s; "
	    "1 GiB of body: %.2f s)\n", ntests, failed, now() - start,
	    slowest_name, slowest, gib_seconds);
	return failed ? 1 : 0;
}

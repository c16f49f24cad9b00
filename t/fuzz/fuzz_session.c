/*
 * fuzz_session.c - libFuzzer target: a whole core session, where the input
 * is the client's bytes and also chooses the configuration, where the feed
 * is split, and every answer the host gives.
 *
 *     clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *         t/fuzz/fuzz_session.c src/smtpd.c src/smtpd_cmd.c \
 *         src/smtpd_parse.c src/smtpd_data.c src/smtpd_sasl.c
 *
 * Input layout (t/fuzz/README.md has it too; make-corpus.py writes it):
 *
 *   h[0]  bits 0-3 config flags (AUTH_INSECURE, NORMALIZE_EOL, TLS_ACTIVE,
 *         NO_HELO_REQUIRED); bit 4 a starttls callback; bit 5 an auth
 *         callback; bit 6 feed by lines (smtpd_line) instead of smtpd_feed;
 *         bit 7 a 300-octet host name and a 250-octet banner (both cut)
 *   h[1]  bits 0-2 max_message_size, bits 3-5 max_line, bits 6-7
 *         max_recipients, each an index into the tables below
 *   h[2]  max_errors (bits 0-3), max_unknown (bits 4-7); 0 is the default
 *   h[3]  max_junk (bits 0-3), max_auth_failures (4-5), max_messages (6-7)
 *   h[4]  the write numbered h[4] (from 1) fails; 0: none
 *   h[5]  bits 0-3: the body call numbered so fails; bits 4-7 leave
 *         callbacks NULL: connect+helo, mail+rcpt, data+message, body+reset
 *   h[6]  A, the number of answer bytes
 *   h[7]  P, the number of split entries (2 octets each)
 *   then A answer bytes, 2*P split octets, and the client's bytes.
 *
 * An answer byte is used by each decision callback in turn (accept when
 * they run out): bits 0-2 the decision (accept, tempfail, reject,
 * defer-then-accept, defer-then-tempfail, defer-then-reject, an unknown
 * value, defer-then-an-unknown-value or, with bit 6, defer-then-timeout);
 * bits 3-5 a reply for smtpd_reply_set() (0-2 none, 3 the decision's class
 * with an enhanced code, 4 without, 5 another class, 6 an invalid one, 7 a
 * 421 for tempfail, else a 400-octet text); bit 6 for a deferred decision:
 * set the reply just before smtpd_decide() rather than in the callback;
 * bit 7 the callback tries to re-enter the core, and for STARTTLS the
 * handshake fails.
 *
 * A split entry (little-endian) is the length of the next piece of input
 * (bits 0-12, 0 meaning all the rest) and what the host does before
 * feeding it (bits 13-15): nothing, smtpd_timeout(), a stray
 * smtpd_reply_set(), smtpd_flush(), switch feeding by lines/raw for this
 * piece, feed it byte by byte, an empty smtpd_feed(), nothing.  After the
 * entries, the rest is one piece.  A pending TLS handshake ends before the
 * next piece (ok unless the STARTTLS answer said otherwise).
 *
 * Invariants (abort() on violation):
 *   - every write is whole reply lines "DDD[ -]text CRLF", each at most 512
 *     octets, a multi-line reply keeping its code;
 *   - nothing is written and no callback made once smtpd_status() said
 *     SMTPD_CLOSED, nor while the TLS handshake is pending; nothing after a
 *     failed write;
 *   - smtpd_feed() never returns more than it was given, and less only
 *     when it paused; SMTPD_PAUSED only right after a callback returned
 *     SMTPD_DEFER, which always pauses;
 *   - replies match commands in order: a model of our own frames the
 *     consumed input (CRLF lines; message content up to CRLF "." CRLF with
 *     our own decoder; what follows an accepted STARTTLS up to the
 *     handshake) and pairs every final reply with the next line or end of
 *     data; when the core has answered everything it has consumed, every
 *     line has its reply (but the one whose decision is deferred);
 *   - the reply to a decision is the first reply the core queues after
 *     the callback returned (or smtpd_decide() was called), of the
 *     decision's class (a REJECT never yields 2xx), and the host's own
 *     reply when it set one of that class;
 *   - 354 only to DATA, 334 only in AUTH, 220 only to STARTTLS, 221 only
 *     to QUIT;
 *   - body bytes only between an accepted DATA and the end of data, equal
 *     to (a prefix of) the content our decoder finds; the message callback
 *     only after the end of data, with all of it delivered; a 2xx at the
 *     end of data only for a message that was not refused on the way (size,
 *     bare CR/LF, body callback failure);
 *   - reset only for a transaction the host accepted, and the transaction
 *     smtpd_info() reports matches ours;
 *   - the number of final replies never exceeds the complete lines fed plus
 *     the greeting plus a timeout's 421;
 *   - smtpd_lines() never goes back, never exceeds the CRLFs consumed, and
 *     equals them while the session is open and no STARTTLS discarded
 *     input.
 *
 * One thing is read from the core's internals (smtpd_internal.h): out_len,
 * the replies queued but not yet written, so that a decision can be paired
 * with the exact reply it produced.
 */
#include "smtpd_internal.h"

#include "fuzz_common.h"

#define PEER		"192.0.2.1"
#define HOSTNAME	"mx.test"
#define STRAY_TEXT	"stray reply text"

/* Finding 1 (t/fuzz/README.md): while a MAIL decision was pending, the core
 * reported the MAIL's SMTPUTF8/8BITMIME in smtpd_info() (and "UTF8SMTP" in
 * smtpd_protocol()) though no transaction was open.  Fixed in the core;
 * 1 would tolerate it again. */
#ifndef TOLERATE_PENDING_MAIL_INFO
#define TOLERATE_PENDING_MAIL_INFO 0
#endif

static const uint64_t sizes[8] = {
	0, 1, 10, 64, 100, 1000, SMTPD_UNLIMITED, 5000
};
static const size_t lines[8] = { 0, 1, 512, 513, 600, 1000, 4096, 100000 };
static const unsigned rcpts[4] = { 0, 1, 100, 150 };

/* The decisions, as the model names them (same order as enum ask). */
enum q { Q_CONNECT, Q_HELO, Q_STARTTLS, Q_AUTH, Q_MAIL, Q_RCPT, Q_DATA,
	Q_MESSAGE };
static const char *const qname[] = { "connect", "helo", "starttls", "auth",
	"mail", "rcpt", "data", "message" };

/* The API call in progress (writes are attributed to it). */
enum api { API_NONE, API_START, API_FEED, API_LINE, API_DECIDE, API_TLS,
	API_TIMEOUT, API_FLUSH };

struct answer {
	unsigned kind;		/* bits 0-2 */
	unsigned variant;	/* bits 3-5 */
	int late;		/* bit 6: reply set just before smtpd_decide */
	int probe;		/* bit 7: re-enter; STARTTLS: handshake fails */
};

/* A reply the model expects for a decision. */
struct expect {
	size_t off;		/* where in the written stream it starts */
	enum q q;
	int d;			/* SMTPD_ACCEPT, _TEMPFAIL or _REJECT */
	size_t body;		/* DATA/MESSAGE: the body's number */
	char *line;		/* the exact reply, when the host set one */
};

/* A final reply (the last line of a multi-line one). */
struct reply {
	size_t off, end;	/* the whole reply in the written stream */
	int code;
	int timeout;		/* written by smtpd_timeout() */
};

/* The model's view of the consumed input. */
enum aphase { A_GREET, A_CMD, A_BODY, A_EOD, A_TLS, A_CLOSED };
enum dst { D_BOL, D_MID, D_CR, D_DOT, D_DOTCR };

struct align {
	enum aphase phase;
	size_t cpos;		/* next unread octet of the input */
	int auth_next;		/* the next line is a SASL response */
	size_t next_reply, next_exp, next_mark;
	size_t body;		/* bodies begun (354s seen) */
	enum dst dst;
	int bare;		/* a bare CR or LF, not normalised */
	struct fz_buf dec;	/* our decoding of the current body */
	size_t checked;		/* octets of it the host's copy matched */
	size_t scan_base, scan_pos, scan_count;	/* lines after cpos */
};

struct fz {
	smtpd_session *s;
	struct fz_in ans;
	uint64_t max_size;
	unsigned max_rcpt, flags;
	int cb_data, cb_body, cb_auth;
	int track_tx, track_body;
	unsigned fail_write_at, fail_body_at;

	/* API bookkeeping */
	enum api api;
	smtpd_state entry;	/* status when the API call began */
	int in_cb;
	int closed_seen;
	int freeing;
	unsigned writes, body_calls, counter;
	int write_failed;
	int tls_fail;		/* the handshake after STARTTLS fails */

	/* a deferred decision */
	int deferred;
	enum q dq;
	int dd;			/* decision to give */
	struct answer da;
	char *dline;		/* expected reply, when set in the callback */
	int dtimeout;		/* give up with smtpd_timeout() instead */

	/* the host's own view of the session and the transaction */
	int track_helo;		/* the helo callback is there */
	char helo[HOSTNAME_MAX + 1], helo_cand[HOSTNAME_MAX + 1];
	int ehlo, ehlo_cand, tls;
	int tx_open, in_body, authed;
	int tx_utf8, tx_8bit, cand_utf8, cand_8bit;	/* MAIL parameters */
	unsigned rcpt_ok;
	size_t body_n;		/* bodies begun (data accepted) */
	struct fz_buf *bodies;	/* delivered content, per body */
	unsigned char *body_failed;
	size_t bodies_cap;

	/* output */
	struct fz_buf out;
	struct reply *rep;
	size_t nrep, rep_cap;
	int cont_code;
	size_t group_off;
	unsigned timeouts;

	/* input consumed, and where handshakes ended */
	struct fz_buf in;
	size_t crlf;		/* CRLFs in it */
	uint64_t lines;		/* smtpd_lines() last seen */
	int tls_seen;		/* input was discarded for a handshake */
	size_t *marks;
	size_t nmarks, marks_cap;

	struct expect *exp;
	size_t nexp, exp_cap;
	struct align a;
};

static void after_call(struct fz *f, int flushed);

/* Replies queued in the core and not yet written (internal). */
static size_t
queued(const smtpd_session *s)
{
	return s->out_len;
}

static void
api_begin(struct fz *f, enum api api)
{
	f->api = api;
	f->entry = smtpd_status(f->s);
}

/* ------------------------------------------------------------------------
 * Callbacks
 */

static void
cb_enter(struct fz *f, smtpd_session *s, const char *what)
{
	FZ_CHECK(s == f->s, "%s: wrong session pointer", what);
	FZ_CHECK(!f->in_cb, "%s: called from inside another callback", what);
	FZ_CHECK(!f->freeing, "%s: called by smtpd_free()", what);
	FZ_CHECK(!f->closed_seen, "%s: called after SMTPD_CLOSED", what);
	FZ_CHECK(f->api != API_NONE, "%s: called outside any API call",
	    what);
	FZ_CHECK(f->entry != SMTPD_CLOSED && f->entry != SMTPD_STARTTLS,
	    "%s: called in an API call that began in state %d", what,
	    (int)f->entry);
	f->in_cb = 1;
}

/* A string the core passes: NUL-terminated at len, no NUL, CR or LF. */
static void
check_str(const char *what, const char *p, size_t len)
{
	FZ_CHECK(p != NULL, "%s: NULL string", what);
	FZ_CHECK(p[len] == '\0' && strlen(p) == len,
	    "%s: string not NUL-terminated at its length", what);
	FZ_CHECK(memchr(p, '\r', len) == NULL && memchr(p, '\n', len) == NULL,
	    "%s: string with CR or LF", what);
}

/* Re-entry from a callback: everything but the accessors is refused. */
static void
probe(struct fz *f, smtpd_session *s)
{
	unsigned w = f->writes;
	smtpd_state st = smtpd_status(s);
	const char *h, *p;

	FZ_CHECK(smtpd_feed(s, "NOOP\r\n", 6) == 0, "feed from a callback");
	FZ_CHECK(smtpd_line(s, "NOOP", 4, SMTPD_EOL_CRLF) == 0,
	    "smtpd_line from a callback");
	FZ_CHECK(smtpd_decide(s, SMTPD_ACCEPT) == -1,
	    "smtpd_decide from a callback");
	FZ_CHECK(smtpd_start(s, "x") == -1, "smtpd_start from a callback");
	FZ_CHECK(smtpd_flush(s) == -1, "smtpd_flush from a callback");
	FZ_CHECK(smtpd_tls_done(s, 1) == -1, "tls_done from a callback");
	smtpd_timeout(s);
	FZ_CHECK(smtpd_status(s) == st && f->writes == w,
	    "smtpd_timeout acted from a callback");
	h = smtpd_helo_name(s);
	FZ_CHECK(h != NULL && strlen(h) <= HOSTNAME_MAX, "smtpd_helo_name");
	p = smtpd_protocol(s);
	FZ_CHECK(p != NULL && *p != '\0', "smtpd_protocol");
	(void)smtpd_info(s);
}

/* Build the reply for smtpd_reply_set().  cls is the decision's class
 * digit.  Returns whether the core must take it (0) or refuse it (-1), and
 * fills the exact line expected when the host's reply will be used. */
struct rep {
	int code;
	const char *esc;
	const char *text;
	char escb[16];
	char textb[420];
};

static int
make_reply(struct fz *f, enum q q, int d, unsigned variant, struct rep *r)
{
	static const char *const escs[] = { "%d.1.2", "%d.999.999", "%d.0.0",
		"%d.10.5" };
	unsigned n = f->counter++;
	int cls = d == SMTPD_ACCEPT ? (q == Q_DATA ? 3 : 2) :
	    d == SMTPD_TEMPFAIL ? 4 : 5;

	snprintf(r->textb, sizeof r->textb, "fuzz reply %u", n);
	r->text = r->textb;
	r->esc = NULL;
	switch (variant) {
	case 3:
	case 4:
	case 7:
		r->code = cls == 2 ? 250 + (int)(n % 10) : cls == 3 ? 354 :
		    cls == 4 ? 450 + (int)(n % 50) : 550 + (int)(n % 50);
		if (q == Q_CONNECT)
			r->code = cls == 2 ? 220 : cls == 4 ? 421 : 554;
		if (variant != 4 && cls != 3) {
			snprintf(r->escb, sizeof r->escb,
			    variant == 7 ? "%d.999.999" : escs[n % 4], cls);
			r->esc = r->escb;
		}
		if (variant == 7 && cls == 4) {
			r->code = 421;	/* closes the session */
			snprintf(r->escb, sizeof r->escb, "4.3.2");
		} else if (variant == 7) {
			memset(r->textb, 'x', REPLY_TEXT_MAX);
			r->textb[REPLY_TEXT_MAX] = '\0';
		}
		return 0;
	case 5:
		r->code = cls == 2 || cls == 3 ? 550 : cls == 4 ? 250 : 450;
		return 0;
	default:
		break;
	}
	/* variant 6: invalid, each way in turn */
	r->code = cls == 2 ? 250 : cls == 3 ? 354 : cls == 4 ? 450 : 550;
	switch (n % 12) {
	case 0:
		r->code = 199;
		break;
	case 1:
		r->code = 600;
		break;
	case 2:
		snprintf(r->escb, sizeof r->escb, "%d.1.1", cls == 5 ? 4 : 5);
		r->esc = r->escb;
		break;
	case 3:
		snprintf(r->escb, sizeof r->escb, "%d.1000.1", cls);
		r->esc = r->escb;
		break;
	case 4:
		snprintf(r->escb, sizeof r->escb, "%d.1", cls);
		r->esc = r->escb;
		break;
	case 5:
		snprintf(r->escb, sizeof r->escb, "%d.1.1x", cls);
		r->esc = r->escb;
		break;
	case 6:
		snprintf(r->textb, sizeof r->textb, "two\r\nlines");
		break;
	case 7:
		memset(r->textb, 'y', REPLY_TEXT_MAX + 1);
		r->textb[REPLY_TEXT_MAX + 1] = '\0';
		break;
	case 8:
		snprintf(r->textb, sizeof r->textb, "del\x7f");
		break;
	case 9:
		r->text = NULL;
		break;
	case 10:
		snprintf(r->escb, sizeof r->escb, "%d..1", cls);
		r->esc = r->escb;
		break;
	default:
		r->esc = "";
		break;
	}
	return -1;
}

/* Set a reply for decision d of q as the answer's variant says; returns
 * the exact line the model then expects (malloc'd), or NULL. */
static char *
set_reply(struct fz *f, enum q q, int d, unsigned variant)
{
	struct rep r;
	int want, rc, cls;
	char line[FZ_REPLY_LINE_MAX + 1], dflt[6];
	char *copy;
	size_t n;

	if (variant < 3)
		return NULL;
	want = make_reply(f, q, d, variant, &r);
	rc = smtpd_reply_set(f->s, r.code, r.esc, r.text);
	FZ_CHECK(rc == want, "smtpd_reply_set(%d, %s, %.40s) returned %d, "
	    "expected %d", r.code, r.esc ? r.esc : "NULL",
	    r.text ? r.text : "NULL", rc, want);
	if (rc != 0)
		return NULL;
	cls = d == SMTPD_ACCEPT ? (q == Q_DATA ? 3 : 2) :
	    d == SMTPD_TEMPFAIL ? 4 : 5;
	if (r.code / 100 != cls)
		return NULL;	/* another class: the default is used */
	/* The core's own replies: the greeting takes only the text, an
	 * accepted HELO/EHLO and STARTTLS are the core's. */
	if ((q == Q_HELO || q == Q_STARTTLS) && d == SMTPD_ACCEPT)
		return NULL;
	if (q == Q_CONNECT || q == Q_HELO || cls == 3)
		snprintf(line, sizeof line, "%d %s\r\n", r.code, r.text);
	else {
		snprintf(dflt, sizeof dflt, "%d.0.0", cls);
		snprintf(line, sizeof line, "%d %s %s\r\n", r.code,
		    r.esc ? r.esc : dflt, r.text);
	}
	n = strlen(line);
	copy = malloc(n + 1);
	if (copy == NULL)
		fz_fail("out of memory");
	memcpy(copy, line, n + 1);
	return copy;
}

static void
expect_add(struct fz *f, enum q q, int d, char *line)
{
	struct expect *e;

	f->exp = fz_grow(f->exp, &f->exp_cap, f->nexp, sizeof *f->exp);
	e = &f->exp[f->nexp++];
	e->off = f->out.len + queued(f->s);
	e->q = q;
	e->d = d;
	e->line = line;
	e->body = f->body_n + (q == Q_DATA && d == SMTPD_ACCEPT);
}

/* The host's own state after deciding d for q. */
static void
apply(struct fz *f, enum q q, int d)
{
	switch (q) {
	case Q_MAIL:
		if (d == SMTPD_ACCEPT) {
			f->tx_open = 1;
			f->rcpt_ok = 0;
			f->tx_utf8 = f->cand_utf8;
			f->tx_8bit = f->cand_8bit;
		}
		break;
	case Q_RCPT:
		if (d == SMTPD_ACCEPT)
			f->rcpt_ok++;
		break;
	case Q_DATA:
		if (d != SMTPD_ACCEPT)
			break;
		f->in_body = 1;
		f->body_n++;
		if (f->body_n >= f->bodies_cap) {
			size_t c = f->bodies_cap ? f->bodies_cap * 2 : 8;
			struct fz_buf *b = realloc(f->bodies, c * sizeof *b);
			unsigned char *bf = realloc(f->body_failed, c);

			if (b == NULL || bf == NULL)
				fz_fail("out of memory");
			memset(b + f->bodies_cap, 0,
			    (c - f->bodies_cap) * sizeof *b);
			memset(bf + f->bodies_cap, 0, c - f->bodies_cap);
			f->bodies = b;
			f->body_failed = bf;
			f->bodies_cap = c;
		}
		break;
	case Q_MESSAGE:
		f->tx_open = 0;
		f->in_body = 0;
		f->rcpt_ok = 0;
		f->tx_utf8 = f->tx_8bit = 0;
		break;
	case Q_AUTH:
		if (d == SMTPD_ACCEPT)
			f->authed = 1;
		break;
	case Q_HELO:
		/* a refused HELO/EHLO changes nothing */
		if (d == SMTPD_ACCEPT) {
			memcpy(f->helo, f->helo_cand, sizeof f->helo);
			f->ehlo = f->ehlo_cand;
		}
		break;
	case Q_CONNECT:
	case Q_STARTTLS:
		break;
	}
}

/* Every decision callback: take the next answer and act on it. */
static smtpd_decision
ask(struct fz *f, smtpd_session *s, enum q q)
{
	unsigned b = fz_byte(&f->ans, 0);
	struct answer a = { b & 7, (b >> 3) & 7, (b >> 6) & 1, (b >> 7) & 1 };
	static const int dec[8] = { SMTPD_ACCEPT, SMTPD_TEMPFAIL,
		SMTPD_REJECT, SMTPD_ACCEPT, SMTPD_TEMPFAIL, SMTPD_REJECT,
		SMTPD_TEMPFAIL, SMTPD_TEMPFAIL };
	int d = dec[a.kind];
	int defer = a.kind >= 3 && a.kind != 6;
	char *line = NULL;

	FZ_CHECK(smtpd_status(s) == SMTPD_READING,
	    "%s asked in state %d", qname[q], (int)smtpd_status(s));
	FZ_CHECK(!f->deferred, "%s asked while a decision is deferred",
	    qname[q]);
	if (q == Q_STARTTLS)
		f->tls_fail = a.probe;
	if (!(defer && a.late))
		line = set_reply(f, q, d, a.variant);
	if (a.probe && q != Q_STARTTLS)
		probe(f, s);
	f->in_cb = 0;
	if (defer) {
		f->deferred = 1;
		f->dq = q;
		f->dd = d;
		f->da = a;
		f->dline = line;
		f->dtimeout = a.kind == 7 && a.late;
		return SMTPD_DEFER;
	}
	expect_add(f, q, d, line);
	apply(f, q, d);
	return a.kind == 6 ? (smtpd_decision)9 : (smtpd_decision)d;
}

static int
cb_write(void *host, const char *buf, size_t len)
{
	struct fz *f = host;
	size_t i = 0;
	int rc;

	FZ_CHECK(!f->freeing, "write from smtpd_free()");
	FZ_CHECK(!f->closed_seen, "write after SMTPD_CLOSED");
	FZ_CHECK(!f->write_failed, "write after a failed write");
	FZ_CHECK(!f->in_cb, "write from inside a decision callback");
	FZ_CHECK(f->api != API_NONE && f->api != API_TLS,
	    "write outside an API call that may write (%d)", (int)f->api);
	FZ_CHECK(f->entry != SMTPD_CLOSED && f->entry != SMTPD_STARTTLS,
	    "write in an API call that began in state %d", (int)f->entry);
	FZ_CHECK(len > 0, "empty write");
	/* the write callback is a callback: no re-entry */
	FZ_CHECK(smtpd_flush(f->s) == -1, "smtpd_flush from write");
	FZ_CHECK(smtpd_feed(f->s, "x", 1) == 0, "smtpd_feed from write");
	while (i < len) {
		size_t n = fz_line_len(buf + i, len - i);
		int more, code;

		if (n == 0) {
			fz_show("write", buf, len);
			fz_fail("a write that does not end with a whole line");
		}
		code = fz_reply_line(buf + i, n, &more);
		if (f->cont_code == 0)
			f->group_off = f->out.len + i;
		else
			FZ_CHECK(code == f->cont_code,
			    "multi-line reply changes code %d to %d",
			    f->cont_code, code);
		if (more) {
			f->cont_code = code;
		} else {
			struct reply *r;

			f->cont_code = 0;
			f->rep = fz_grow(f->rep, &f->rep_cap, f->nrep,
			    sizeof *f->rep);
			r = &f->rep[f->nrep++];
			r->off = f->group_off;
			r->end = f->out.len + i + n;
			r->code = code;
			r->timeout = f->api == API_TIMEOUT;
		}
		i += n;
	}
	if (fz_find(buf, len, STRAY_TEXT))
		fz_fail("a stray smtpd_reply_set() was used");
	fz_add(&f->out, buf, len);
	f->writes++;
	rc = f->writes == f->fail_write_at ? -1 : 0;
	if (rc != 0)
		f->write_failed = 1;
	return rc;
}

static smtpd_decision
cb_connect(void *host, smtpd_session *s, const char *peer)
{
	struct fz *f = host;

	cb_enter(f, s, "connect");
	FZ_CHECK(peer != NULL && strcmp(peer, PEER) == 0, "connect: peer");
	return ask(f, s, Q_CONNECT);
}

static smtpd_decision
cb_helo(void *host, smtpd_session *s, const char *name, size_t len, int ehlo)
{
	struct fz *f = host;

	cb_enter(f, s, "helo");
	check_str("helo", name, len);
	FZ_CHECK(len > 0 && len <= HOSTNAME_MAX && !memchr(name, ' ', len),
	    "helo: name of %zu octets", len);
	FZ_CHECK(ehlo == 0 || ehlo == 1, "helo: ehlo=%d", ehlo);
	memcpy(f->helo_cand, name, len + 1);
	f->ehlo_cand = ehlo;
	return ask(f, s, Q_HELO);
}

static smtpd_decision
cb_starttls(void *host, smtpd_session *s)
{
	struct fz *f = host;

	cb_enter(f, s, "starttls");
	FZ_CHECK(!(smtpd_info(s) & SMTPD_INFO_TLS), "starttls: TLS is on");
	FZ_CHECK(!f->track_tx || !f->tx_open, "starttls in a transaction");
	return ask(f, s, Q_STARTTLS);
}

static void
check_field(const char *what, const char *p, size_t n, int may_be_empty)
{
	check_str(what, p, n);
	FZ_CHECK((n > 0 || may_be_empty) && n <= 255, "auth: %s of %zu "
	    "octets", what, n);
	for (size_t i = 0; i < n; i++)
		FZ_CHECK((unsigned char)p[i] >= 0x20 &&
		    (unsigned char)p[i] != 0x7f, "auth: control octet in %s",
		    what);
}

static smtpd_decision
cb_auth(void *host, smtpd_session *s, const struct smtpd_credentials *c)
{
	struct fz *f = host;

	cb_enter(f, s, "auth");
	FZ_CHECK(c != NULL && c->mechanism != NULL &&
	    (strcmp(c->mechanism, "PLAIN") == 0 ||
	    strcmp(c->mechanism, "LOGIN") == 0), "auth: mechanism");
	check_field("authzid", c->authzid, c->authzid_len, 1);
	check_field("user", c->user, c->user_len, 0);
	check_field("password", c->password, c->password_len, 0);
	FZ_CHECK(c->mechanism[0] == 'P' || c->authzid_len == 0,
	    "auth: LOGIN with an authzid");
	FZ_CHECK(!f->authed, "auth asked after a successful AUTH");
	FZ_CHECK((smtpd_info(s) & SMTPD_INFO_TLS) ||
	    (f->flags & SMTPD_AUTH_INSECURE), "auth without TLS");
	FZ_CHECK(!f->track_tx || !f->tx_open, "auth in a transaction");
	return ask(f, s, Q_AUTH);
}

static smtpd_decision
cb_mail(void *host, smtpd_session *s, const struct smtpd_mail *m)
{
	struct fz *f = host;

	cb_enter(f, s, "mail");
	FZ_CHECK(m != NULL, "mail: NULL");
	check_str("mail address", m->address, m->address_len);
	FZ_CHECK(m->address_len < PATH_MAX_OCTETS, "mail: address of %zu",
	    m->address_len);
	FZ_CHECK(m->body == SMTPD_BODY_NONE || m->body == SMTPD_BODY_7BIT ||
	    m->body == SMTPD_BODY_8BITMIME, "mail: body %d", (int)m->body);
	FZ_CHECK(m->smtputf8 == 0 || m->smtputf8 == 1, "mail: smtputf8");
	FZ_CHECK(f->max_size == SMTPD_UNLIMITED || m->size <= f->max_size,
	    "mail: SIZE over the limit reached the host");
	if (m->auth != NULL) {
		check_str("mail auth", m->auth, m->auth_len);
		FZ_CHECK(f->cb_auth, "mail: AUTH= without an auth callback");
	}
	FZ_CHECK(!f->track_tx || !f->tx_open, "mail: nested transaction");
	f->cand_utf8 = m->smtputf8;
	f->cand_8bit = m->body == SMTPD_BODY_8BITMIME;
	return ask(f, s, Q_MAIL);
}

static smtpd_decision
cb_rcpt(void *host, smtpd_session *s, const struct smtpd_rcpt *r)
{
	struct fz *f = host;

	cb_enter(f, s, "rcpt");
	FZ_CHECK(r != NULL, "rcpt: NULL");
	check_str("rcpt address", r->address, r->address_len);
	FZ_CHECK(r->address_len > 0 && r->address_len < PATH_MAX_OCTETS,
	    "rcpt: address of %zu", r->address_len);
	/* RFC 5321 4.5.3.1.10: past the limit the core says 452 itself */
	FZ_CHECK(r->count < f->max_rcpt, "rcpt: count %u, limit %u",
	    r->count, f->max_rcpt);
	if (f->track_tx) {
		FZ_CHECK(f->tx_open, "rcpt outside a transaction");
		FZ_CHECK(r->count == f->rcpt_ok, "rcpt: count %u, host "
		    "accepted %u", r->count, f->rcpt_ok);
	}
	return ask(f, s, Q_RCPT);
}

static smtpd_decision
cb_data(void *host, smtpd_session *s)
{
	struct fz *f = host;

	cb_enter(f, s, "data");
	FZ_CHECK(!f->track_tx || (f->tx_open && f->rcpt_ok > 0),
	    "data without a transaction with a recipient");
	FZ_CHECK(!f->track_tx || !f->in_body, "data during a message");
	return ask(f, s, Q_DATA);
}

static int
cb_body(void *host, smtpd_session *s, const char *p, size_t n)
{
	struct fz *f = host;
	int rc = 0;

	cb_enter(f, s, "body");
	FZ_CHECK(n > 0 && p != NULL, "body: empty call");
	FZ_CHECK(smtpd_status(s) == SMTPD_READING, "body in state %d",
	    (int)smtpd_status(s));
	f->body_calls++;
	if (f->track_body) {
		FZ_CHECK(f->in_body, "body bytes outside a message");
		fz_add(&f->bodies[f->body_n], p, n);
		FZ_CHECK(f->max_size == SMTPD_UNLIMITED ||
		    f->bodies[f->body_n].len <= f->max_size,
		    "body: more than max_message_size delivered");
		FZ_CHECK(!f->body_failed[f->body_n],
		    "body: called again after it failed");
	}
	if (f->body_calls == f->fail_body_at) {
		rc = -1;
		if (f->track_body)
			f->body_failed[f->body_n] = 1;
	}
	f->in_cb = 0;
	return rc;
}

static smtpd_decision
cb_message(void *host, smtpd_session *s)
{
	struct fz *f = host;

	cb_enter(f, s, "message");
	FZ_CHECK(!f->track_body || f->in_body, "message without an accepted "
	    "DATA");
	FZ_CHECK(!f->track_body || !f->body_failed[f->body_n],
	    "message after the body callback failed");
	return ask(f, s, Q_MESSAGE);
}

static void
cb_reset(void *host, smtpd_session *s)
{
	struct fz *f = host;

	FZ_CHECK(s == f->s, "reset: wrong session");
	FZ_CHECK(!f->in_cb && !f->freeing, "reset from a callback or free");
	FZ_CHECK(!f->closed_seen, "reset after SMTPD_CLOSED");
	FZ_CHECK(f->entry != SMTPD_CLOSED, "reset in a closed session");
	FZ_CHECK(!f->track_tx || f->tx_open,
	    "reset without a transaction the host accepted");
	f->tx_open = 0;
	f->in_body = 0;
	f->rcpt_ok = 0;
	f->tx_utf8 = f->tx_8bit = 0;
}

/* ------------------------------------------------------------------------
 * The model: pair replies with what the client sent
 */

/* Our own DATA decoder (RFC 5321 4.5.2): 1 at the end of data. */
static int
dec_byte(struct fz *f, struct align *a, unsigned char c)
{
	for (;;) {
		switch (a->dst) {
		case D_BOL:
			if (c == '.') {
				a->dst = D_DOT;
				return 0;
			}
			a->dst = D_MID;
			continue;
		case D_MID:
			if (c == '\r') {
				a->dst = D_CR;
			} else if (c == '\n') {
				goto bare;
			} else if (!a->bare) {
				fz_add(&a->dec, &c, 1);
			}
			return 0;
		case D_CR:
			if (c == '\n') {
				if (!a->bare)
					fz_add(&a->dec, "\r\n", 2);
				a->dst = D_BOL;
				return 0;
			}
			break;		/* a bare CR, then c again */
		case D_DOT:
			if (c == '\r') {
				a->dst = D_DOTCR;
				return 0;
			}
			a->dst = D_MID;
			continue;
		case D_DOTCR:
			if (c == '\n')
				return 1;
			break;		/* a bare CR, then c again */
		}
		if (f->flags & SMTPD_NORMALIZE_EOL) {
			if (!a->bare)
				fz_add(&a->dec, "\r\n", 2);
		} else {
			a->bare = 1;
		}
		a->dst = D_MID;
		continue;
bare:
		if (f->flags & SMTPD_NORMALIZE_EOL) {
			if (!a->bare)
				fz_add(&a->dec, "\r\n", 2);
		} else {
			a->bare = 1;
		}
		a->dst = D_MID;
		return 0;
	}
}

/* What the host received of the current body must be a prefix of ours. */
static void
check_body_prefix(struct fz *f, struct align *a)
{
	const struct fz_buf *del;

	if (!f->track_body || a->body == 0 || a->body != f->body_n)
		return;
	del = &f->bodies[a->body];
	if (del->len > a->dec.len || (del->len > a->checked &&
	    memcmp(del->p + a->checked, a->dec.p + a->checked,
	    del->len - a->checked) != 0)) {
		fz_show("delivered", del->p, del->len);
		fz_show("decoded", a->dec.p, a->dec.len);
		fz_fail("body %zu: delivered content is not the message's",
		    a->body);
	}
	a->checked = del->len;
}

/* Move over input that needs no reply: what the handshake discarded,
 * message content. */
static void
advance(struct fz *f, struct align *a)
{
	for (;;) {
		if (a->phase == A_TLS) {
			if (a->next_mark < f->nmarks) {
				a->cpos = f->marks[a->next_mark++];
				a->phase = A_CMD;
				a->auth_next = 0;
				continue;
			}
			a->cpos = f->in.len;
			return;
		}
		if (a->phase == A_BODY) {
			while (a->cpos < f->in.len) {
				unsigned char c = (unsigned char)
				    f->in.p[a->cpos++];

				if (dec_byte(f, a, c)) {
					a->phase = A_EOD;
					break;
				}
			}
			check_body_prefix(f, a);
		}
		return;
	}
}

static int
line_is(const char *p, size_t n, const char *verb)
{
	while (n > 0 && p[n - 1] == ' ')
		n--;
	return fz_casecmp(p, n, verb);
}

/* The reply to an end of data: was the message fit to be accepted? */
static void
check_eod(struct fz *f, struct align *a, const struct reply *r,
    int message_asked)
{
	int host = f->track_body && f->body_failed[a->body];
	int size = f->max_size != SMTPD_UNLIMITED && a->dec.len > f->max_size;
	int bare = a->bare;
	int doomed = host || size || bare;
	/* without the data callback a body failure is not attributed */
	int known = f->track_body || !f->cb_body || f->fail_body_at == 0 ||
	    f->body_calls < f->fail_body_at;

	if (f->track_body) {
		const struct fz_buf *del = &f->bodies[a->body];

		check_body_prefix(f, a);
		if (message_asked)
			FZ_CHECK(del->len == a->dec.len, "message asked with "
			    "%zu of %zu octets delivered", del->len,
			    a->dec.len);
	}
	if (doomed) {
		FZ_CHECK(!message_asked, "message callback for a refused "
		    "message (host %d size %d bare %d)", host, size, bare);
		FZ_CHECK(r->code >= 400, "refused message answered %d "
		    "(host %d size %d bare %d)", r->code, host, size, bare);
		if (r->code != 421 && host + size + bare == 1 && known)
			FZ_CHECK(r->code == (host ? 451 : size ? 552 : 550),
			    "refused message answered %d (host %d size %d "
			    "bare %d)", r->code, host, size, bare);
	} else if (f->cb_data) {
		FZ_CHECK(message_asked || r->code / 100 != 2,
		    "message accepted without the message callback");
	}
}

/* Pair one final reply with what it answers. */
static void
align_reply(struct fz *f, struct align *a, const struct reply *r)
{
	const char *lp = NULL;
	size_t ln = 0;
	int eod = 0, message_asked = 0;

	if (a->phase == A_GREET) {
		FZ_CHECK(r->code == 220 || r->code == 554 || r->code == 421,
		    "greeting %d", r->code);
		a->phase = r->code == 421 ? A_CLOSED : A_CMD;
	} else if (r->timeout) {
		FZ_CHECK(r->code == 421, "timeout answered %d", r->code);
		a->phase = A_CLOSED;
	} else {
		advance(f, a);
		FZ_CHECK(a->phase != A_CLOSED, "a reply (%d) after the "
		    "closing one", r->code);
		FZ_CHECK(a->phase != A_TLS, "a reply (%d) while the TLS "
		    "handshake is pending", r->code);
		FZ_CHECK(a->phase != A_BODY, "a reply (%d) in the middle of "
		    "message content", r->code);
		if (a->phase == A_EOD) {
			eod = 1;
			a->phase = A_CMD;
		} else {
			const char *p = f->in.p + a->cpos;
			const char *e = f->in.p + f->in.len;
			const char *crlf = NULL;

			for (const char *q = p; q + 1 < e; q++)
				if (q[0] == '\r' && q[1] == '\n') {
					crlf = q;
					break;
				}
			if (crlf == NULL) {
				fz_show("reply", f->out.p + r->off,
				    r->end - r->off);
				fz_fail("a reply without a command line");
			}
			lp = p;
			ln = (size_t)(crlf - p);
			a->cpos += ln + 2;
		}
	}

	/* the decisions whose reply this is */
	while (a->next_exp < f->nexp && f->exp[a->next_exp].off <= r->off) {
		const struct expect *e = &f->exp[a->next_exp++];
		int cls = r->code / 100;

		if (e->off != r->off) {
			fz_show("reply", f->out.p + r->off, r->end - r->off);
			fz_fail("%s decision at offset %zu got no reply of its "
			    "own", qname[e->q], e->off);
		}
		FZ_CHECK(a->next_exp >= f->nexp ||
		    f->exp[a->next_exp].off != r->off,
		    "two decisions for one reply");
		if (e->d == SMTPD_ACCEPT)
			FZ_CHECK(cls == (e->q == Q_DATA ? 3 : 2),
			    "%s accepted, reply %d", qname[e->q], r->code);
		else if (e->d == SMTPD_TEMPFAIL)
			FZ_CHECK(cls == 4, "%s tempfail, reply %d",
			    qname[e->q], r->code);
		else	/* smtpd.h: a refused STARTTLS defaults to 454 */
			FZ_CHECK(cls == 5 || r->code == 421 ||
			    (e->q == Q_STARTTLS && r->code == 454),
			    "%s rejected, reply %d", qname[e->q], r->code);
		if (e->line != NULL && !(e->d != SMTPD_ACCEPT &&
		    r->code == 421 && strncmp(e->line, "421 ", 4) != 0)) {
			size_t n = strlen(e->line);

			if (n != r->end - r->off ||
			    memcmp(e->line, f->out.p + r->off, n) != 0) {
				fz_show("expected", e->line, n);
				fz_show("got", f->out.p + r->off,
				    r->end - r->off);
				fz_fail("%s: the host's reply was not used",
				    qname[e->q]);
			}
		}
		if (e->q == Q_MESSAGE) {
			FZ_CHECK(eod, "message decision not at an end of "
			    "data");
			FZ_CHECK(e->body == a->body, "message for body %zu "
			    "answered at the end of body %zu", e->body,
			    a->body);
			message_asked = 1;
		}
		if (e->q == Q_DATA && e->d == SMTPD_ACCEPT)
			FZ_CHECK(e->body == a->body + 1 && r->code == 354,
			    "data accepted: body %zu, model %zu, reply %d",
			    e->body, a->body + 1, r->code);
	}

	if (eod) {
		check_eod(f, a, r, message_asked);
	} else if (lp != NULL) {
		int auth_line = a->auth_next;

		a->auth_next = 0;
		if (r->code == 334) {
			FZ_CHECK(auth_line || (ln >= 5 &&
			    fz_casecmp(lp, 5, "AUTH ")), "334 to a line that "
			    "is not AUTH");
			a->auth_next = 1;
		} else if (r->code / 100 == 3) {
			FZ_CHECK(!auth_line && line_is(lp, ln, "DATA"),
			    "%d to a line that is not DATA", r->code);
			a->phase = A_BODY;
			a->body++;
			a->dst = D_BOL;
			a->bare = 0;
			a->dec.len = 0;
			a->checked = 0;
		} else if (r->code == 220) {
			FZ_CHECK(!auth_line && line_is(lp, ln, "STARTTLS"),
			    "220 to a line that is not STARTTLS");
			a->phase = A_TLS;
		} else if (r->code == 221) {
			FZ_CHECK(!auth_line && line_is(lp, ln, "QUIT"),
			    "221 to a line that is not QUIT");
		}
	}
	if (r->code == 421 || r->code == 221)
		a->phase = A_CLOSED;
}

/* After an API call: pair new replies, then, when the core has written
 * all it queued, check that every consumed line has its reply. */
static void
align_run(struct fz *f, int flushed)
{
	struct align *a = &f->a;
	smtpd_state st = smtpd_status(f->s);
	size_t pending = 0;

	while (a->next_reply < f->nrep)
		align_reply(f, a, &f->rep[a->next_reply++]);
	advance(f, a);
	if (!flushed || st == SMTPD_CLOSED || queued(f->s) != 0)
		return;
	FZ_CHECK(a->phase != A_CLOSED, "the model closed, the core did not");
	FZ_CHECK((st == SMTPD_STARTTLS) == (a->phase == A_TLS),
	    "state %d, model phase %d", (int)st, (int)a->phase);
	if (a->phase == A_GREET || a->phase == A_EOD) {
		pending = 1;
	} else if (a->phase == A_CMD) {
		/* incremental: a long line fed byte by byte is scanned once */
		size_t i;

		if (a->scan_base != a->cpos) {
			a->scan_base = a->scan_pos = a->cpos;
			a->scan_count = 0;
		}
		for (i = a->scan_pos; i + 1 < f->in.len; i++)
			if (f->in.p[i] == '\r' && f->in.p[i + 1] == '\n') {
				a->scan_count++;
				i++;
			}
		a->scan_pos = i;
		pending = a->scan_count;
	}
	if (st == SMTPD_PAUSED)
		FZ_CHECK(pending == 1, "paused with %zu lines unanswered",
		    pending);
	else if (pending != 0) {
		fz_show("unanswered", f->in.p + a->cpos, f->in.len - a->cpos);
		fz_fail("%zu lines consumed without a reply (phase %d)",
		    pending, (int)a->phase);
	}
	if (f->track_body)
		FZ_CHECK(a->body == f->body_n, "the host saw %zu bodies, the "
		    "model %zu", f->body_n, a->body);
}

/* ------------------------------------------------------------------------
 * Driving the session
 */

static void
consumed(struct fz *f, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] == '\n' && ((i > 0 && p[i - 1] == '\r') ||
		    (i == 0 && f->in.len > 0 && f->in.p[f->in.len - 1] ==
		    '\r')))
			f->crlf++;
	fz_add(&f->in, p, n);
}

/* The accessors agree with what the host saw (smtpd.h; RFC 3848 names). */
static void
check_accessors(struct fz *f)
{
	unsigned info = smtpd_info(f->s);
	const char *proto = smtpd_protocol(f->s);
	char want[16];

	if (f->track_helo) {
		FZ_CHECK(strcmp(smtpd_helo_name(f->s), f->helo) == 0,
		    "smtpd_helo_name \"%.40s\", the host accepted \"%.40s\"",
		    smtpd_helo_name(f->s), f->helo);
		FZ_CHECK(!!(info & SMTPD_INFO_EHLO) == (f->helo[0] && f->ehlo),
		    "smtpd_info EHLO");
	}
	FZ_CHECK(!!(info & SMTPD_INFO_TLS) == f->tls, "smtpd_info TLS");
	FZ_CHECK(!!(info & SMTPD_INFO_AUTH) == f->authed, "smtpd_info AUTH");
	if (info & SMTPD_INFO_MAIL) {
		FZ_CHECK(!f->track_tx || (!!(info & SMTPD_INFO_SMTPUTF8) ==
		    f->tx_utf8 && !!(info & SMTPD_INFO_8BITMIME) == f->tx_8bit),
		    "smtpd_info: SMTPUTF8/8BITMIME not the MAIL's");
	} else if (!(TOLERATE_PENDING_MAIL_INFO && f->deferred &&
	    f->dq == Q_MAIL)) {
		FZ_CHECK(!(info & (SMTPD_INFO_SMTPUTF8 | SMTPD_INFO_8BITMIME)),
		    "smtpd_info: transaction facts (%#x) outside one", info);
	}
	if (!(info & SMTPD_INFO_EHLO))
		snprintf(want, sizeof want, "SMTP");
	else
		snprintf(want, sizeof want, "%s%s%s", info &
		    SMTPD_INFO_SMTPUTF8 ? "UTF8SMTP" : "ESMTP", info &
		    SMTPD_INFO_TLS ? "S" : "", info & SMTPD_INFO_AUTH ? "A" :
		    "");
	FZ_CHECK(proto != NULL && strcmp(proto, want) == 0,
	    "smtpd_protocol \"%s\", info says \"%s\"", proto ? proto :
	    "NULL", want);
}

static void
after_call(struct fz *f, int flushed)
{
	smtpd_state st = smtpd_status(f->s);
	size_t final = f->nrep;

	f->api = API_NONE;
	FZ_CHECK(!f->in_cb, "callback did not return");
	if (st == SMTPD_PAUSED)
		FZ_CHECK(f->deferred, "SMTPD_PAUSED without a deferred "
		    "decision");
	if (f->deferred) {
		FZ_CHECK(st == SMTPD_PAUSED || st == SMTPD_CLOSED,
		    "a deferred decision did not pause (state %d)", (int)st);
		if (st == SMTPD_CLOSED) {
			free(f->dline);
			f->dline = NULL;
			f->deferred = 0;
		}
	}
	if (f->write_failed)
		FZ_CHECK(st == SMTPD_CLOSED, "a failed write left the session "
		    "open");
	if (st == SMTPD_CLOSED) {
		f->closed_seen = 1;
		FZ_CHECK(!f->track_tx || !f->tx_open, "closed without reset");
	}
	if (f->track_tx)
		FZ_CHECK(!!(smtpd_info(f->s) & SMTPD_INFO_MAIL) == f->tx_open,
		    "smtpd_info says transaction %d, the host %d",
		    !!(smtpd_info(f->s) & SMTPD_INFO_MAIL), f->tx_open);
	FZ_CHECK(final <= f->crlf + 1 + f->timeouts, "%zu replies to %zu "
	    "lines", final, f->crlf);
	/* smtpd_lines(): every CRLF consumed, but those discarded during a
	 * handshake or after the close */
	if (st == SMTPD_STARTTLS)
		f->tls_seen = 1;
	FZ_CHECK(smtpd_lines(f->s) >= f->lines && smtpd_lines(f->s) <= f->crlf,
	    "smtpd_lines() %llu: before %llu, CRLFs consumed %zu",
	    (unsigned long long)smtpd_lines(f->s),
	    (unsigned long long)f->lines, f->crlf);
	if (!f->tls_seen && st != SMTPD_CLOSED)
		FZ_CHECK(smtpd_lines(f->s) == f->crlf, "smtpd_lines() %llu, "
		    "CRLFs consumed %zu", (unsigned long long)
		    smtpd_lines(f->s), f->crlf);
	f->lines = smtpd_lines(f->s);
	if (st != SMTPD_CLOSED)
		check_accessors(f);
	if (!f->write_failed)
		align_run(f, flushed);
}

/* Answer the deferred decision. */
static void
settle(struct fz *f)
{
	char *line = f->dline;

	FZ_CHECK(f->deferred, "paused with nothing deferred");
	FZ_CHECK(smtpd_decide(f->s, SMTPD_DEFER) == -1,
	    "smtpd_decide(SMTPD_DEFER) accepted");
	FZ_CHECK(smtpd_feed(f->s, "NOOP\r\n", 6) == 0, "paused session "
	    "consumed input");
	f->dline = NULL;
	f->deferred = 0;
	if (f->dtimeout) {
		free(line);
		f->deferred = 1;	/* dropped by after_call() */
		f->timeouts++;
		api_begin(f, API_TIMEOUT);
		smtpd_timeout(f->s);
		after_call(f, 1);
		FZ_CHECK(smtpd_status(f->s) == SMTPD_CLOSED,
		    "timeout left the session open");
		return;
	}
	if (f->da.late)
		line = set_reply(f, f->dq, f->dd, f->da.variant);
	expect_add(f, f->dq, f->dd, line);
	apply(f, f->dq, f->dd);
	api_begin(f, API_DECIDE);
	FZ_CHECK(smtpd_decide(f->s, f->da.kind == 7 ? (smtpd_decision)9 :
	    (smtpd_decision)f->dd) == 0, "smtpd_decide refused");
	after_call(f, 1);
}

/* Offer raw bytes, answering pauses, until all are consumed. */
static void
offer_bytes(struct fz *f, const char *p, size_t n)
{
	size_t off = 0, ret;

	do {
		api_begin(f, API_FEED);
		ret = smtpd_feed(f->s, p + off, n - off);
		FZ_CHECK(ret <= n - off, "smtpd_feed returned %zu of %zu",
		    ret, n - off);
		consumed(f, p + off, ret);
		after_call(f, 1);
		off += ret;
		/* a pause, possibly closed at once by a failed write */
		if (off < n)
			FZ_CHECK(smtpd_status(f->s) == SMTPD_PAUSED ||
			    (f->write_failed &&
			    smtpd_status(f->s) == SMTPD_CLOSED),
			    "smtpd_feed kept %zu octets without pausing",
			    n - off);
		if (smtpd_status(f->s) == SMTPD_PAUSED)
			settle(f);
	} while (off < n);
}

/* Offer one framed line. */
static void
offer_line(struct fz *f, const char *p, size_t len, int eol, size_t tlen,
    int more)
{
	for (;;) {
		size_t ret;

		api_begin(f, API_LINE);
		ret = smtpd_line(f->s, p, len, eol | (more ? SMTPD_EOL_MORE :
		    0));
		FZ_CHECK(ret == 0 || ret == len + tlen, "smtpd_line returned "
		    "%zu of %zu", ret, len + tlen);
		consumed(f, p, ret);
		after_call(f, !more || smtpd_status(f->s) != SMTPD_READING);
		if (ret == 0 && len + tlen > 0)
			FZ_CHECK(smtpd_status(f->s) == SMTPD_PAUSED ||
			    (f->write_failed &&
			    smtpd_status(f->s) == SMTPD_CLOSED),
			    "smtpd_line consumed nothing without pausing");
		if (smtpd_status(f->s) == SMTPD_PAUSED)
			settle(f);
		if (ret != 0 || len + tlen == 0)
			return;
	}
}

/* Frame a piece naively (CRLF, bare LF, bare CR each end a line) into
 * smtpd_line() calls. */
static void
feed_lines(struct fz *f, const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k = i, t = 0;
		int eol = SMTPD_EOL_NONE;

		while (k < n && p[k] != '\r' && p[k] != '\n')
			k++;
		if (k < n && p[k] == '\n') {
			eol = SMTPD_EOL_LF;
			t = 1;
		} else if (k < n && k + 1 < n && p[k + 1] == '\n') {
			eol = SMTPD_EOL_CRLF;
			t = 2;
		} else if (k < n) {
			eol = SMTPD_EOL_CR;
			t = 1;
		}
		offer_line(f, p + i, k - i, eol, t, k + t < n);
		i = k + t;
	}
}

static void
tls_end(struct fz *f)
{
	int ok = !f->tls_fail;

	api_begin(f, API_TLS);
	FZ_CHECK(smtpd_tls_done(f->s, ok) == 0, "smtpd_tls_done refused");
	if (ok) {
		/* RFC 3207 4.2: the session starts over */
		f->marks = fz_grow(f->marks, &f->marks_cap, f->nmarks,
		    sizeof *f->marks);
		f->marks[f->nmarks++] = f->in.len;
		f->authed = 0;
		f->helo[0] = '\0';
		f->ehlo = 0;
		f->tls = 1;
	}
	after_call(f, 1);
	FZ_CHECK(smtpd_status(f->s) == (ok ? SMTPD_READING : SMTPD_CLOSED),
	    "state %d after the handshake", (int)smtpd_status(f->s));
	FZ_CHECK(!ok || (smtpd_info(f->s) & SMTPD_INFO_TLS),
	    "TLS not on after the handshake");
	FZ_CHECK(!ok || *smtpd_helo_name(f->s) == '\0',
	    "HELO name kept over STARTTLS");
}

static void
action(struct fz *f, unsigned act, int *mode)
{
	switch (act) {
	case 1:
		if (smtpd_status(f->s) != SMTPD_CLOSED &&
		    smtpd_status(f->s) != SMTPD_STARTTLS)
			f->timeouts++;
		api_begin(f, API_TIMEOUT);
		smtpd_timeout(f->s);
		after_call(f, 1);
		FZ_CHECK(smtpd_status(f->s) == SMTPD_CLOSED,
		    "open after a timeout");
		break;
	case 2:
		FZ_CHECK(smtpd_reply_set(f->s, 550, "5.1.1", STRAY_TEXT) == 0,
		    "stray smtpd_reply_set refused");
		break;
	case 3:
		api_begin(f, API_FLUSH);
		FZ_CHECK(smtpd_flush(f->s) == (f->write_failed ? -1 : 0),
		    "smtpd_flush");
		after_call(f, 1);
		break;
	case 4:
		*mode = *mode == 1 ? 0 : 1;
		break;
	case 5:
		*mode = 2;
		break;
	case 6:
		api_begin(f, API_FEED);
		FZ_CHECK(smtpd_feed(f->s, "", 0) == 0, "empty feed");
		after_call(f, 1);
		break;
	default:
		break;
	}
}

static void
feed_piece(struct fz *f, const char *p, size_t n, int mode)
{
	if (smtpd_status(f->s) == SMTPD_STARTTLS)
		tls_end(f);
	if (mode == 1) {
		feed_lines(f, p, n);
	} else if (mode == 2) {
		for (size_t i = 0; i < n; i++)
			offer_bytes(f, p + i, 1);
	} else if (n > 0) {
		offer_bytes(f, p, n);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct smtpd_callbacks all = {
		cb_write, cb_connect, cb_helo, cb_starttls, cb_auth, cb_mail,
		cb_rcpt, cb_data, cb_body, cb_message, cb_reset
	};
	struct smtpd_callbacks cbs = all;
	struct smtpd_config cfg;
	struct fz f;
	uint8_t h[8] = { 0 };
	struct fz_in in = { data, size }, splits;
	size_t na, np;
	char host[301], banner[251];
	int line_mode;

	for (int i = 0; i < 8; i++)
		h[i] = (uint8_t)fz_byte(&in, 0);
	na = h[6] < in.n ? h[6] : in.n;
	f = (struct fz){ 0 };
	f.ans.p = in.p;
	f.ans.n = na;
	in.p += na;
	in.n -= na;
	np = 2 * (size_t)h[7] < in.n ? 2 * (size_t)h[7] : in.n & ~(size_t)1;
	splits.p = in.p;
	splits.n = np;
	in.p += np;
	in.n -= np;

	memset(&cfg, 0, sizeof cfg);
	cfg.flags = h[0] & 0x0f;
	if (h[0] & 0x80) {
		memset(host, 'h', sizeof host - 1);
		host[sizeof host - 1] = '\0';
		memset(banner, 'b', sizeof banner - 1);
		banner[sizeof banner - 1] = '\0';
		cfg.hostname = host;
		cfg.banner = banner;
	} else {
		cfg.hostname = HOSTNAME;
	}
	cfg.max_message_size = sizes[h[1] & 7];
	cfg.max_line = lines[(h[1] >> 3) & 7];
	cfg.max_recipients = rcpts[h[1] >> 6];
	cfg.max_errors = h[2] & 15;
	cfg.max_unknown = h[2] >> 4;
	cfg.max_junk = h[3] & 15;
	cfg.max_auth_failures = (h[3] >> 4) & 3;
	cfg.max_messages = h[3] >> 6;
	if (!(h[0] & 0x10))
		cbs.starttls = NULL;
	if (!(h[0] & 0x20))
		cbs.auth = NULL;
	if (h[5] & 0x10)
		cbs.connect = NULL, cbs.helo = NULL;
	if (h[5] & 0x20)
		cbs.mail = NULL, cbs.rcpt = NULL;
	if (h[5] & 0x40)
		cbs.data = NULL, cbs.message = NULL;
	if (h[5] & 0x80)
		cbs.body = NULL, cbs.reset = NULL;
	line_mode = (h[0] & 0x40) != 0;

	f.flags = cfg.flags;
	f.max_size = cfg.max_message_size ? cfg.max_message_size : 10485760;
	f.max_rcpt = cfg.max_recipients < 100 ? 100 : cfg.max_recipients;
	f.cb_data = cbs.data != NULL;
	f.cb_body = cbs.body != NULL;
	f.cb_auth = cbs.auth != NULL;
	/* the host sees a transaction end through message or reset */
	f.track_tx = cbs.mail != NULL && cbs.message != NULL &&
	    cbs.reset != NULL;
	f.track_body = f.track_tx && cbs.data != NULL && cbs.body != NULL;
	f.track_helo = cbs.helo != NULL;
	f.tls = (cfg.flags & SMTPD_TLS_ACTIVE) != 0;
	f.fail_write_at = h[4];
	f.fail_body_at = h[5] & 15;

	f.s = smtpd_new(&cfg, &cbs, &f);
	if (f.s == NULL)
		fz_fail("smtpd_new failed");
	/* Nothing is consumed before smtpd_start(). */
	api_begin(&f, API_FEED);
	FZ_CHECK(smtpd_feed(f.s, "EHLO x\r\n", 8) == 0, "fed before start");
	f.api = API_NONE;
	FZ_CHECK(f.writes == 0, "wrote before start");

	api_begin(&f, API_START);
	FZ_CHECK(smtpd_start(f.s, PEER) == 0, "smtpd_start");
	after_call(&f, 1);
	FZ_CHECK(smtpd_start(f.s, PEER) == -1, "smtpd_start twice");
	if (smtpd_status(f.s) == SMTPD_PAUSED)
		settle(&f);

	for (;;) {
		unsigned v;
		size_t len;
		int mode = line_mode;

		if (splits.n >= 2) {
			v = fz_byte(&splits, 0);
			v |= fz_byte(&splits, 0) << 8;
		} else {
			v = 0;
		}
		len = v & 0x1fff;
		if (len == 0 || len > in.n)
			len = in.n;
		action(&f, v >> 13, &mode);
		feed_piece(&f, (const char *)in.p, len, mode);
		in.p += len;
		in.n -= len;
		if (in.n == 0 && splits.n < 2)
			break;
	}
	if (smtpd_status(f.s) == SMTPD_STARTTLS)
		tls_end(&f);
	api_begin(&f, API_FLUSH);
	FZ_CHECK(smtpd_flush(f.s) == (f.write_failed ? -1 : 0), "flush");
	after_call(&f, 1);

	if (!f.write_failed) {
		/* every decision got its reply */
		FZ_CHECK(f.a.next_exp == f.nexp, "%zu decisions without a "
		    "reply", f.nexp - f.a.next_exp);
	}

	f.freeing = 1;
	smtpd_free(f.s);
	free(f.dline);
	for (size_t i = 0; i < f.bodies_cap; i++)
		fz_free(&f.bodies[i]);
	free(f.bodies);
	free(f.body_failed);
	for (size_t i = 0; i < f.nexp; i++)
		free(f.exp[i].line);
	free(f.exp);
	free(f.rep);
	free(f.marks);
	fz_free(&f.out);
	fz_free(&f.in);
	fz_free(&f.a.dec);
	return 0;
}

/*
 * core-bench.c - the protocol core (src/smtpd.h) alone, without any I/O:
 * how fast it takes pipelined commands, how fast its DATA decoder runs
 * compared with the least a line framer must do (memchr for every LF), and
 * how often it allocates.  The write callback only counts bytes, every
 * decision callback accepts at once, the body callback only adds lengths.
 *
 *     core-bench [-q] [-j]
 *
 *   -q  quick: small sizes, well under a second even under the sanitizers
 *       (the smoke test of make test)
 *   -j  one JSON object on one line instead of the table
 *
 * Measured, each RUNS times after one warm-up run, median reported (the
 * machines are shared and noisy), as wall time (CLOCK_MONOTONIC) and CPU
 * time (CLOCK_PROCESS_CPUTIME_ID):
 *   core     EHLO once, then MAIL, RCPT, DATA, a 25-octet body and "."
 *            over and over in one session, fed in CHUNK-octet pieces.  A
 *            command is what gets a reply: MAIL, RCPT, DATA and the final
 *            dot, four per message (body lines are not commands).
 *   rset     RSET, NOOP, RSET, NOOP... in one session.
 *   data     one message of about 64 MiB of 78-octet lines (76 text octets
 *            and CRLF, one line in DOT_EVERY starting with a stuffed dot)
 *            fed to a session already past 354; octets are input octets.
 *   memchr   the same buffer scanned for every LF, as a naive framer would.
 *   memcpy   the same buffer copied, for the memory bandwidth at hand.
 *   allocs   smtpd_new, EHLO, MAX_MESSAGES messages, QUIT and smtpd_free
 *            counted through -Wl,--wrap; and the allocations made between
 *            the first and the last message, which must be none.
 *
 * Every run is checked: each message must reach the message callback with
 * all its body octets, every reply must have the size of the accepted one,
 * and the session must still be reading.  Exit status: 0 when every check
 * held, 1 when one failed (allocations per message not 0 included), 100 on
 * a usage error, 111 when memory is short.
 *
 * Build (the allocator is wrapped, as in t/core/api.c):
 *
 *     cc -std=c11 -Wall -Wextra -Werror -O2 -g -Isrc t/bench/core-bench.c \
 *         libsmtpd.a \
 *         -Wl,--wrap=calloc,--wrap=malloc,--wrap=realloc,--wrap=free \
 *         -o t/bench/core-bench
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "smtpd.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RUNS		5		/* timed runs per measurement */
#define CHUNK		((size_t)64 << 10)	/* one read of a host */
#define CORE_TX		200000		/* messages per core run */
#define CORE_TX_QUICK	2000
#define RSET_PAIRS	200000		/* RSET+NOOP pairs per run */
#define RSET_PAIRS_QUICK 2000
#define DATA_SIZE	((size_t)64 << 20)	/* body buffer, octets */
#define DATA_SIZE_QUICK	((size_t)1 << 20)
#define TEXT_LEN	76		/* text octets of a body line */
#define DOT_EVERY	32		/* one line in this many starts with '.' */
#define MAX_MESSAGES	1000		/* smtpd.h's default per session */
#define CAPTURE_CAP	4096		/* replies kept for a calibration */

static const char tx_text[] =
    "MAIL FROM:<a@example.org>\r\n"
    "RCPT TO:<b@example.net>\r\n"
    "DATA\r\n"
    "Subject: bench\r\n"
    "\r\n"
    "hello\r\n"
    ".\r\n";
#define TX_LEN		(sizeof tx_text - 1)
#define TX_BODY_LEN	((size_t)25)	/* "Subject: bench\r\n\r\nhello\r\n" */
#define TX_CMDS		4		/* MAIL, RCPT, DATA, "." */

static const char rset_text[] = "RSET\r\nNOOP\r\n";
#define RSET_LEN	(sizeof rset_text - 1)
#define RSET_CMDS	2

static const char envelope_text[] =
    "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n";
#define ENVELOPE_LEN	(sizeof envelope_text - 1)

/* ---------------------------------------------------------------------------
 * Allocation accounting: with -Wl,--wrap=NAME every call to NAME from the
 * objects linked here (libsmtpd.a and this file) reaches __wrap_NAME.
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
	unsigned long allocs;	/* malloc, calloc and realloc calls */
	unsigned long frees;	/* free calls with a non-NULL pointer */
} mem;

void *
__wrap_malloc(size_t n)
{
	mem.allocs++;
	return __real_malloc(n);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	mem.allocs++;
	return __real_calloc(n, size);
}

void *
__wrap_realloc(void *p, size_t n)
{
	mem.allocs++;
	return __real_realloc(p, n);
}

void
__wrap_free(void *p)
{
	if (p != NULL)
		mem.frees++;
	__real_free(p);
}

/* ---------------------------------------------------------------------------
 * The host: counters only, so that the core's own cost is what is seen.
 */

struct host {
	uint64_t out_bytes;
	unsigned long writes;
	uint64_t body_bytes;
	unsigned long mails, rcpts, datas, messages, resets;
	int capture;			/* keep replies in cap[] */
	char cap[CAPTURE_CAP];
	size_t cap_len;
};

static int
host_write(void *hp, const char *buf, size_t len)
{
	struct host *h = hp;

	h->out_bytes += len;
	h->writes++;
	if (h->capture && len <= sizeof h->cap - h->cap_len) {
		memcpy(h->cap + h->cap_len, buf, len);
		h->cap_len += len;
	}
	return 0;
}

static smtpd_decision
host_mail(void *hp, smtpd_session *s, const struct smtpd_mail *m)
{
	(void)s, (void)m;
	((struct host *)hp)->mails++;
	return SMTPD_ACCEPT;
}

static smtpd_decision
host_rcpt(void *hp, smtpd_session *s, const struct smtpd_rcpt *r)
{
	(void)s, (void)r;
	((struct host *)hp)->rcpts++;
	return SMTPD_ACCEPT;
}

static smtpd_decision
host_data(void *hp, smtpd_session *s)
{
	(void)s;
	((struct host *)hp)->datas++;
	return SMTPD_ACCEPT;
}

static int
host_body(void *hp, smtpd_session *s, const char *p, size_t n)
{
	(void)s, (void)p;
	((struct host *)hp)->body_bytes += n;
	return 0;
}

static smtpd_decision
host_message(void *hp, smtpd_session *s)
{
	(void)s;
	((struct host *)hp)->messages++;
	return SMTPD_ACCEPT;
}

static void
host_reset(void *hp, smtpd_session *s)
{
	(void)s;
	((struct host *)hp)->resets++;
}

static const struct smtpd_callbacks callbacks = {
	.write = host_write,
	.mail = host_mail,
	.rcpt = host_rcpt,
	.data = host_data,
	.body = host_body,
	.message = host_message,
	.reset = host_reset,
};

/* ---------------------------------------------------------------------------
 * Checks: a failed one is printed at once and makes the exit status 1, so
 * that a benchmark of a session gone wrong never passes for a result.
 */

static int failures;

static void
check(int ok, const char *what)
{
	if (ok)
		return;
	failures++;
	fprintf(stderr, "core-bench: check failed: %s\n", what);
}

static void *
alloc_or_die(size_t n)
{
	void *p = malloc(n);

	if (p == NULL) {
		fprintf(stderr, "core-bench: fatal: unable to allocate %zu "
		    "octets\n", n);
		exit(111);
	}
	return p;
}

/* Feed buf[0..len) as a host reading CHUNK octets at a time would.  Every
 * decision is taken at once, so every byte must be consumed and the
 * session must stay READING; returns 0, or -1 when it did not. */
static int
feed_all(smtpd_session *s, const char *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		size_t n = len - off < CHUNK ? len - off : CHUNK;

		if (smtpd_feed(s, buf + off, n) != n ||
		    smtpd_status(s) != SMTPD_READING)
			return -1;
		off += n;
	}
	return 0;
}

/* Every reply line in the captured replies is 2xx or 3xx. */
static int
capture_all_positive(const struct host *h)
{
	size_t i = 0;

	if (h->cap_len == 0)
		return 0;
	while (i < h->cap_len) {
		const char *lf = memchr(h->cap + i, '\n', h->cap_len - i);

		if (h->cap[i] != '2' && h->cap[i] != '3')
			return 0;
		if (lf == NULL)
			return 0;
		i = (size_t)(lf - h->cap) + 1;
	}
	return 1;
}

/* Feed text once with the replies captured: they must all be positive.
 * Returns the reply octets, the size every later repetition must have
 * (an error reply is never as long as the positive one it replaces, and
 * a series of them ends in 421). */
static uint64_t
calibrate(smtpd_session *s, struct host *h, const char *text, size_t len,
    const char *what)
{
	uint64_t before = h->out_bytes;

	h->capture = 1;
	h->cap_len = 0;
	check(feed_all(s, text, len) == 0 && capture_all_positive(h), what);
	h->capture = 0;
	return h->out_bytes - before;
}

/* A session past EHLO, or NULL (checked). */
static smtpd_session *
session_open(const struct smtpd_config *cfg, struct host *h)
{
	static const char ehlo[] = "EHLO bench.example\r\n";
	smtpd_session *s;

	memset(h, 0, sizeof *h);
	s = smtpd_new(cfg, &callbacks, h);
	check(s != NULL, "smtpd_new");
	if (s == NULL)
		return NULL;
	check(smtpd_start(s, "192.0.2.1") == 0, "smtpd_start");
	(void)calibrate(s, h, ehlo, sizeof ehlo - 1, "EHLO accepted");
	return s;
}

/* count copies of text[0..len) end to end. */
static char *
repeat(const char *text, size_t len, size_t count, size_t *out_len)
{
	char *buf;

	if (count != 0 && len > SIZE_MAX / count) {
		fprintf(stderr, "core-bench: fatal: buffer size overflows\n");
		exit(111);
	}
	buf = alloc_or_die(len * count);
	for (size_t i = 0; i < count; i++)
		memcpy(buf + i * len, text, len);
	*out_len = len * count;
	return buf;
}

/* ---------------------------------------------------------------------------
 * Timing
 */

struct stamp {
	double wall, cpu;	/* seconds */
};

static double
clock_s(clockid_t id)
{
	struct timespec t;

	if (clock_gettime(id, &t) != 0) {
		fprintf(stderr, "core-bench: fatal: unable to read a clock\n");
		exit(111);
	}
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct stamp
stamp_now(void)
{
	struct stamp t;

	t.wall = clock_s(CLOCK_MONOTONIC);
	t.cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	return t;
}

static double
median(double *v, size_t n)
{
	/* insertion sort: n is RUNS */
	for (size_t i = 1; i < n; i++) {
		double x = v[i];
		size_t j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One measurement: run() once to warm up, then RUNS times timed; prepare()
 * (untimed, may be NULL) before each.  Each returns 0, or -1 on failure,
 * which stops the measurement.  Medians land in *out (seconds per run). */
struct bench {
	int (*prepare)(void *arg);
	int (*run)(void *arg);
	void *arg;
};

static int
measure(const struct bench *b, struct stamp *out)
{
	double wall[RUNS], cpu[RUNS];

	for (int i = -1; i < RUNS; i++) {
		struct stamp t0, t1;

		if (b->prepare && b->prepare(b->arg) != 0)
			return -1;
		t0 = stamp_now();
		if (b->run(b->arg) != 0)
			return -1;
		t1 = stamp_now();
		if (i >= 0) {
			wall[i] = t1.wall - t0.wall;
			cpu[i] = t1.cpu - t0.cpu;
		}
	}
	out->wall = median(wall, RUNS);
	out->cpu = median(cpu, RUNS);
	return 0;
}

/* ---------------------------------------------------------------------------
 * 1. Commands through the core
 */

struct feed_arg {
	smtpd_session *s;
	const char *buf;
	size_t len;
};

static int
run_feed(void *a)
{
	struct feed_arg *f = a;

	return feed_all(f->s, f->buf, f->len);
}

/* Pipelined messages; returns the commands fed per run, 0 on failure. */
static uint64_t
bench_core(size_t ntx, struct stamp *t)
{
	struct smtpd_config cfg = { 0 };
	struct host h;
	struct feed_arg f;
	struct bench b = { NULL, run_feed, &f };
	uint64_t per_tx, runs = RUNS + 1;	/* the warm-up counts too */
	unsigned long m0;
	smtpd_session *s;
	int rc;

	cfg.max_messages = UINT_MAX;	/* the default 1000 ends the run */
	s = session_open(&cfg, &h);
	if (s == NULL)
		return 0;
	per_tx = calibrate(s, &h, tx_text, TX_LEN, "core: message accepted");
	m0 = h.messages;
	uint64_t out0 = h.out_bytes, body0 = h.body_bytes;
	f.s = s;
	f.buf = repeat(tx_text, TX_LEN, ntx, &f.len);
	rc = measure(&b, t);
	check(rc == 0, "core: every octet consumed, session READING");
	check(h.messages - m0 == runs * ntx,
	    "core: every message reached the message callback");
	check(h.out_bytes - out0 == runs * ntx * per_tx,
	    "core: every reply the accepted one");
	check(h.body_bytes - body0 == runs * ntx * TX_BODY_LEN,
	    "core: every body octet reached the body callback");
	check(h.resets == 0, "core: no transaction reset");
	free((void *)f.buf);
	smtpd_free(s);
	return rc == 0 ? (uint64_t)ntx * TX_CMDS : 0;
}

/* RSET and NOOP; returns the commands fed per run, 0 on failure. */
static uint64_t
bench_rset(size_t pairs, struct stamp *t)
{
	struct smtpd_config cfg = { 0 };
	struct host h;
	struct feed_arg f;
	struct bench b = { NULL, run_feed, &f };
	uint64_t per_pair, runs = RUNS + 1;
	smtpd_session *s;
	int rc;

	/* Past max_junk (default 100) between messages they count as errors
	 * and the session ends in 421: lift the limit. */
	cfg.max_junk = UINT_MAX;
	s = session_open(&cfg, &h);
	if (s == NULL)
		return 0;
	per_pair = calibrate(s, &h, rset_text, RSET_LEN, "rset: accepted");
	uint64_t out0 = h.out_bytes;
	f.s = s;
	f.buf = repeat(rset_text, RSET_LEN, pairs, &f.len);
	rc = measure(&b, t);
	check(rc == 0, "rset: every octet consumed, session READING");
	check(h.out_bytes - out0 == runs * pairs * per_pair,
	    "rset: every reply the accepted one");
	free((void *)f.buf);
	smtpd_free(s);
	return rc == 0 ? (uint64_t)pairs * RSET_CMDS : 0;
}

/* ---------------------------------------------------------------------------
 * 2. The DATA decoder against memchr and memcpy
 */

struct body {
	char *buf;		/* wire form: stuffed, ends with ".\r\n" */
	size_t len;
	uint64_t decoded;	/* what the body callback must see */
	size_t lfs;		/* LF octets in buf */
};

/* Lines of TEXT_LEN octets and CRLF up to about size octets in all, one in
 * DOT_EVERY starting with '.'.  Every line that starts with '.' (the text
 * has some of its own) gets another on the wire (RFC 5321 4.5.2). */
static void
body_build(struct body *b, size_t size)
{
	static const char words[] = "The quick brown fox jumps over the lazy "
	    "dog; pack my box with five dozen liquor jugs. 0123456789 ";
	const size_t wlen = sizeof words - 1;
	char ring[2 * (sizeof words - 1)];	/* any TEXT_LEN run, unwrapped */
	char text[TEXT_LEN];
	size_t w = 0, line = 0, o = 0;

	_Static_assert(TEXT_LEN <= sizeof words - 1, "a line fits the ring");
	memcpy(ring, words, wlen);
	memcpy(ring + wlen, words, wlen);
	b->buf = alloc_or_die(size);
	b->decoded = 0;
	b->lfs = 0;
	/* room for the longest line (stuffed) and for ".\r\n" */
	while (size - o >= 1 + TEXT_LEN + 2 + 3) {
		memcpy(text, ring + w, TEXT_LEN);
		w = (w + TEXT_LEN) % wlen;
		if (line++ % DOT_EVERY == 0)
			text[0] = '.';
		if (text[0] == '.')
			b->buf[o++] = '.';
		memcpy(b->buf + o, text, TEXT_LEN);
		o += TEXT_LEN;
		b->buf[o++] = '\r';
		b->buf[o++] = '\n';
		b->lfs++;
		b->decoded += TEXT_LEN + 2;
	}
	memcpy(b->buf + o, ".\r\n", 3);
	o += 3;
	b->lfs++;
	b->len = o;
}

struct data_arg {
	smtpd_session *s;
	struct host *h;
	const struct body *body;
	unsigned long messages;	/* message callbacks expected */
	uint64_t body_bytes;	/* body octets expected */
	int bad;
};

/* MAIL, RCPT, DATA: the session waits for content (untimed). */
static int
data_prepare(void *a)
{
	struct data_arg *d = a;
	unsigned long datas = d->h->datas;

	if (feed_all(d->s, envelope_text, ENVELOPE_LEN) != 0 ||
	    d->h->datas != datas + 1)
		return -1;
	return 0;
}

static int
data_run(void *a)
{
	struct data_arg *d = a;

	if (feed_all(d->s, d->body->buf, d->body->len) != 0)
		return -1;
	d->messages++;
	d->body_bytes += d->body->decoded;
	if (d->h->messages != d->messages || d->h->body_bytes != d->body_bytes)
		d->bad = 1;
	return 0;
}

static int
bench_data(const struct body *body, struct stamp *t)
{
	struct smtpd_config cfg = { 0 };
	struct host h;
	struct data_arg d;
	struct bench b = { data_prepare, data_run, &d };
	int rc;

	/* The default 10 MiB limit would doom the message: the decoder would
	 * then stop calling the body callback and do less work. */
	cfg.max_message_size = SMTPD_UNLIMITED;
	cfg.max_messages = UINT_MAX;
	memset(&d, 0, sizeof d);
	d.s = session_open(&cfg, &h);
	if (d.s == NULL)
		return -1;
	d.h = &h;
	d.body = body;
	rc = measure(&b, t);
	check(rc == 0, "data: every octet consumed, session READING");
	check(!d.bad && h.messages == RUNS + 1,
	    "data: every message whole at the message callback");
	smtpd_free(d.s);
	return rc;
}

struct scan_arg {
	const struct body *body;
	char *dst;		/* memcpy's destination, body->len octets */
	int bad;
};

/* Every LF found one by one, as a framer splitting lines would. */
static int
memchr_run(void *a)
{
	struct scan_arg *sa = a;
	const char *p = sa->body->buf, *end = p + sa->body->len, *lf;
	size_t lfs = 0;

	while ((lf = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lfs++;
		p = lf + 1;
	}
	/* the count is used, so the loop cannot be dropped */
	if (lfs != sa->body->lfs)
		sa->bad = 1;
	return 0;
}

static int
memcpy_run(void *a)
{
	struct scan_arg *sa = a;

	memcpy(sa->dst, sa->body->buf, sa->body->len);
	return 0;
}

/* ---------------------------------------------------------------------------
 * 3. Allocations
 */

struct alloc_result {
	unsigned long per_session;	/* new + EHLO + messages + QUIT + free */
	unsigned long in_messages;	/* from the first MAIL to the last "." */
	unsigned long leaked;		/* allocations minus frees */
	unsigned long messages;
};

static void
bench_allocs(struct alloc_result *r)
{
	static const char ehlo[] = "EHLO bench.example\r\n";
	static const char quit[] = "QUIT\r\n";
	struct host h;
	size_t len;
	char *buf = repeat(tx_text, TX_LEN, MAX_MESSAGES, &len);
	unsigned long a0, f0, a1;
	smtpd_session *s;

	memset(&h, 0, sizeof h);
	/* Only core calls from here: the buffer above is already made. */
	a0 = mem.allocs;
	f0 = mem.frees;
	s = smtpd_new(NULL, &callbacks, &h);	/* the defaults: 1000 messages */
	check(s != NULL, "allocs: smtpd_new");
	if (s == NULL) {
		free(buf);
		return;
	}
	check(smtpd_start(s, "192.0.2.1") == 0, "allocs: smtpd_start");
	check(feed_all(s, ehlo, sizeof ehlo - 1) == 0, "allocs: EHLO");
	a1 = mem.allocs;
	check(feed_all(s, buf, len) == 0, "allocs: messages fed");
	r->in_messages = mem.allocs - a1;
	r->messages = h.messages;
	check(smtpd_feed(s, quit, sizeof quit - 1) == sizeof quit - 1 &&
	    smtpd_status(s) == SMTPD_CLOSED, "allocs: QUIT closes");
	smtpd_free(s);
	r->per_session = mem.allocs - a0;
	r->leaked = r->per_session - (mem.frees - f0);
	check(r->messages == MAX_MESSAGES,
	    "allocs: every message reached the message callback");
	check(r->leaked == 0, "allocs: every allocation freed");
	free(buf);
}

/* ---------------------------------------------------------------------------
 * Main
 */

static double
rate(double count, double seconds)
{
	return seconds > 0 ? count / seconds : 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: core-bench [-q] [-j]\n");
	exit(100);
}

int
main(int argc, char **argv)
{
	int quick = 0, json = 0, ch;
	struct stamp t_core = { 0, 0 }, t_rset = { 0, 0 }, t_data = { 0, 0 };
	struct stamp t_memchr = { 0, 0 }, t_memcpy = { 0, 0 };
	struct body body;
	struct scan_arg sa;
	struct bench b_memchr = { NULL, memchr_run, &sa };
	struct bench b_memcpy = { NULL, memcpy_run, &sa };
	struct alloc_result al = { 0, 0, 0, 0 };
	uint64_t core_cmds, rset_cmds;

	while ((ch = getopt(argc, argv, "qj")) != -1) {
		switch (ch) {
		case 'q':
			quick = 1;
			break;
		case 'j':
			json = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	core_cmds = bench_core(quick ? CORE_TX_QUICK : CORE_TX, &t_core);
	rset_cmds = bench_rset(quick ? RSET_PAIRS_QUICK : RSET_PAIRS, &t_rset);

	body_build(&body, quick ? DATA_SIZE_QUICK : DATA_SIZE);
	(void)bench_data(&body, &t_data);
	memset(&sa, 0, sizeof sa);
	sa.body = &body;
	sa.dst = alloc_or_die(body.len);
	memset(sa.dst, 0, body.len);	/* page faults are not memcpy's cost */
	check(measure(&b_memchr, &t_memchr) == 0 && !sa.bad,
	    "memchr: every LF found");
	check(measure(&b_memcpy, &t_memcpy) == 0 &&
	    memcmp(sa.dst, body.buf, body.len) == 0, "memcpy: copy equal");
	free(sa.dst);
	free(body.buf);

	bench_allocs(&al);
	check(al.in_messages == 0, "allocs: none per message");

	double core_rate = rate((double)core_cmds, t_core.wall);
	double core_ns = core_cmds ? t_core.wall * 1e9 / (double)core_cmds : 0;
	double core_cpu_ns = core_cmds ? t_core.cpu * 1e9 / (double)core_cmds : 0;
	double rset_rate = rate((double)rset_cmds, t_rset.wall);
	double rset_ns = rset_cmds ? t_rset.wall * 1e9 / (double)rset_cmds : 0;
	double rset_cpu_ns = rset_cmds ? t_rset.cpu * 1e9 / (double)rset_cmds : 0;
	double data_bw = rate((double)body.len, t_data.wall);
	double data_cpu_bw = rate((double)body.len, t_data.cpu);
	double memchr_bw = rate((double)body.len, t_memchr.wall);
	double memchr_cpu_bw = rate((double)body.len, t_memchr.cpu);
	double memcpy_bw = rate((double)body.len, t_memcpy.wall);
	double memcpy_cpu_bw = rate((double)body.len, t_memcpy.cpu);
	double ratio = memchr_bw > 0 ? data_bw / memchr_bw : 0;
	double per_msg = (double)al.in_messages / MAX_MESSAGES;

	if (json) {
		printf("{\"quick\":%d,\"runs\":%d,\"chunk\":%zu,"
		    "\"core_cmds\":%llu,\"core_cmds_per_s\":%.0f,"
		    "\"core_ns_per_cmd\":%.2f,\"core_cpu_ns_per_cmd\":%.2f,"
		    "\"rset_noop_cmds\":%llu,\"rset_noop_cmds_per_s\":%.0f,"
		    "\"rset_noop_ns_per_cmd\":%.2f,"
		    "\"rset_noop_cpu_ns_per_cmd\":%.2f,"
		    "\"data_bytes\":%zu,\"data_bytes_per_s\":%.0f,"
		    "\"data_cpu_bytes_per_s\":%.0f,"
		    "\"memchr_bytes_per_s\":%.0f,"
		    "\"memchr_cpu_bytes_per_s\":%.0f,"
		    "\"data_memchr_ratio\":%.4f,"
		    "\"memcpy_bytes_per_s\":%.0f,\"memcpy_cpu_bytes_per_s\":%.0f,"
		    "\"allocs_per_session\":%lu,\"allocs_per_message\":%g,"
		    "\"session_messages\":%d,\"ok\":%s}\n",
		    quick, RUNS, CHUNK,
		    (unsigned long long)core_cmds, core_rate, core_ns,
		    core_cpu_ns, (unsigned long long)rset_cmds, rset_rate,
		    rset_ns, rset_cpu_ns, body.len, data_bw, data_cpu_bw,
		    memchr_bw, memchr_cpu_bw, ratio, memcpy_bw, memcpy_cpu_bw,
		    al.per_session, per_msg, MAX_MESSAGES,
		    failures ? "false" : "true");
	} else {
		printf("core-bench%s: median of %d runs, input in %zu-octet "
		    "chunks, no I/O\n", quick ? " (quick)" : "", RUNS, CHUNK);
		printf("  %-34s %12s %14s %12s\n", "", "per run", "per second",
		    "ns (cpu ns)");
		printf("  %-34s %8llu cmd %10.0f/s %6.1f (%.1f) per cmd\n",
		    "MAIL/RCPT/DATA/. pipelined", (unsigned long long)core_cmds,
		    core_rate, core_ns, core_cpu_ns);
		printf("  %-34s %8llu cmd %10.0f/s %6.1f (%.1f) per cmd\n",
		    "RSET/NOOP pipelined", (unsigned long long)rset_cmds,
		    rset_rate, rset_ns, rset_cpu_ns);
		printf("  %-34s %8.1f MiB %8.0f MiB/s (cpu %.0f MiB/s)\n",
		    "DATA decoder (body callback)", body.len / 1048576.0,
		    data_bw / 1048576, data_cpu_bw / 1048576);
		printf("  %-34s %8.1f MiB %8.0f MiB/s (cpu %.0f MiB/s)\n",
		    "memchr every LF", body.len / 1048576.0,
		    memchr_bw / 1048576, memchr_cpu_bw / 1048576);
		printf("  %-34s %8.1f MiB %8.0f MiB/s (cpu %.0f MiB/s)\n",
		    "memcpy", body.len / 1048576.0, memcpy_bw / 1048576,
		    memcpy_cpu_bw / 1048576);
		printf("  %-34s %.3f\n", "DATA decoder / memchr", ratio);
		printf("  %-34s %lu (new, EHLO, %d messages, QUIT, free)\n",
		    "allocations per session", al.per_session, MAX_MESSAGES);
		printf("  %-34s %g (%lu in %lu messages)\n",
		    "allocations per message", per_msg, al.in_messages,
		    al.messages);
		printf("%s\n", failures ? "FAILED" : "ok");
	}
	return failures ? 1 : 0;
}

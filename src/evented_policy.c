/*
 * evented_policy.c - smtpd-evented's answers to the core's decisions.
 *
 * Every recipient is accepted but one whose local part is "reject" (550).
 * With -r the answer is deferred: the callback returns SMTPD_DEFER and the
 * loop answers after a pseudo-random 0..delay_ms, as an asynchronous lookup
 * would.  Messages are discarded (-D: the body is only counted) or written
 * to an unlinked spool file and delivered into a Maildir at the final dot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evented_policy.h"
#include "log.h"
#include "maildir.h"
#include "spool.h"

/* A transaction in Maildir mode, from MAIL to the end of the message. */
struct ev_tx {
	char *env;		/* sender "\0", then each recipient "\0" */
	size_t len, cap;	/* at most 101 addresses of <= 256 octets */
	unsigned nrcpt;
	struct spool *spool;	/* from DATA on */
};

static void
tx_free(struct ev_session *s)
{
	struct ev_tx *tx = s->tx;

	if (tx == NULL)
		return;
	if (tx->spool) {
		spool_close(tx->spool);
		free(tx->spool);
	}
	free(tx->env);
	free(tx);
	s->tx = NULL;
}

static int
tx_add(struct ev_tx *tx, const char *p, size_t n)
{
	if (n + 1 > tx->cap - tx->len) {
		size_t cap = tx->cap ? tx->cap : 512;
		char *e;

		while (cap - tx->len < n + 1)
			cap *= 2;
		if ((e = realloc(tx->env, cap)) == NULL)
			return -1;
		tx->env = e;
		tx->cap = cap;
	}
	memcpy(tx->env + tx->len, p, n);
	tx->env[tx->len + n] = '\0';
	tx->len += n + 1;
	return 0;
}

/* The recipient's local part is "reject", in any case. */
static int
is_reject(const char *a, size_t n)
{
	static const char word[] = "reject";
	const char *at = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] == '@')
			at = a + i;
	if ((at ? (size_t)(at - a) : n) != sizeof word - 1)
		return 0;
	for (i = 0; i < sizeof word - 1; i++)
		if ((a[i] | 0x20) != word[i])
			return 0;
	return 1;
}

/* xorshift32: a reproducible delay per session (seeded by the loop). */
static uint32_t
next_random(struct ev_session *s)
{
	uint32_t x = s->prng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return s->prng = x;
}

static smtpd_decision
cb_mail(void *host, smtpd_session *core, const struct smtpd_mail *m)
{
	struct ev_session *s = host;

	(void)core;
	tx_free(s);
	if ((s->tx = calloc(1, sizeof *s->tx)) == NULL ||
	    tx_add(s->tx, m->address, m->address_len) != 0) {
		tx_free(s);
		return SMTPD_TEMPFAIL;
	}
	return SMTPD_ACCEPT;
}

static smtpd_decision
cb_rcpt(void *host, smtpd_session *core, const struct smtpd_rcpt *r)
{
	struct ev_session *s = host;
	const struct ev_opts *o = evloop_opts(s->loop);
	smtpd_decision d = SMTPD_ACCEPT;

	(void)core;
	if (is_reject(r->address, r->address_len))
		d = SMTPD_REJECT;
	/* The address is ours only during this call: copy it now.  The
	 * answer is already known, only its delivery waits. */
	else if (s->tx && tx_add(s->tx, r->address, r->address_len) != 0)
		d = SMTPD_TEMPFAIL;
	else if (s->tx)
		s->tx->nrcpt++;
	if (o->delay_ms < 0)
		return d;
	evloop_defer(s, (long long)(next_random(s) %
	    ((uint32_t)o->delay_ms + 1)), d);
	return SMTPD_DEFER;
}

/* RFC 5321 4.4: the trace line, in smtp-server's form. */
static int
write_received(struct ev_session *s)
{
	const struct ev_opts *o = evloop_opts(s->loop);
	const char *helo = smtpd_helo_name(s->core);
	const char *rcpt = s->tx->env + strlen(s->tx->env) + 1;
	char line[1024], date[64];
	time_t now = time(NULL);
	struct tm tm;
	int n;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm) ==
	    0)
		date[0] = '\0';
	/* "for" only with one recipient: no list of Bcc addresses */
	n = snprintf(line, sizeof line, "Received: from %s (unknown [%s])\r\n"
	    "\tby %s (smtpd-evented) with %s%s%s%s; %s\r\n",
	    helo[0] ? helo : "unknown", s->ip, o->hostname,
	    smtpd_protocol(s->core), s->tx->nrcpt == 1 ? "\r\n\tfor <" : "",
	    s->tx->nrcpt == 1 ? rcpt : "", s->tx->nrcpt == 1 ? ">" : "", date);
	if (n < 0 || (size_t)n >= sizeof line)
		return -1;
	return spool_write(s->tx->spool, line, (size_t)n);
}

static smtpd_decision
cb_data(void *host, smtpd_session *core)
{
	struct ev_session *s = host;
	const struct ev_opts *o = evloop_opts(s->loop);
	struct logline l;
	char err[256] = "out of memory";

	(void)core;
	if (s->tx == NULL)
		return SMTPD_TEMPFAIL;
	if ((s->tx->spool = malloc(sizeof *s->tx->spool)) == NULL ||
	    spool_open(s->tx->spool, o->spool_dir, err, sizeof err) != 0 ||
	    write_received(s) != 0) {
		log_begin(&l, "warning", "spool");
		log_num(&l, "id", s->id);
		log_text(&l, "error", err, strlen(err));
		log_end(&l);
		if (s->tx->spool) {
			spool_close(s->tx->spool);
			free(s->tx->spool);
			s->tx->spool = NULL;
		}
		return SMTPD_TEMPFAIL;
	}
	return SMTPD_ACCEPT;
}

static int
cb_body_discard(void *host, smtpd_session *core, const char *p, size_t n)
{
	struct ev_session *s = host;

	(void)core, (void)p;
	s->octets += n;
	return 0;
}

static int
cb_body_maildir(void *host, smtpd_session *core, const char *p, size_t n)
{
	struct ev_session *s = host;

	(void)core;
	s->octets += n;
	if (s->tx == NULL || s->tx->spool == NULL)
		return -1;
	return spool_write(s->tx->spool, p, n);
}

static smtpd_decision
cb_message_discard(void *host, smtpd_session *core)
{
	struct ev_session *s = host;

	(void)core;
	s->messages++;
	s->accepted++;
	return SMTPD_ACCEPT;
}

/* The final dot: deliver now, in the loop (the fsyncs block every session
 * of this worker meanwhile), and say 250 only once the message is in new/. */
static smtpd_decision
cb_message_maildir(void *host, smtpd_session *core, struct ev_tx *tx)
{
	struct ev_session *s = host;
	const struct ev_opts *o = evloop_opts(s->loop);
	struct maildir_str sender, *rcpt = NULL;
	struct maildir_msg m;
	struct maildir_result r;
	struct logline l;
	char err[256] = "";
	char text[MAILDIR_NAME_MAX + 32];
	const char *p;
	smtpd_decision d = SMTPD_TEMPFAIL;
	int rc = MAILDIR_TEMPORARY;
	unsigned i;

	s->messages++;
	memset(&r, 0, sizeof r);
	if (tx == NULL || tx->spool == NULL ||
	    spool_finish(tx->spool, err, sizeof err) != 0)
		goto out;
	if ((rcpt = calloc(tx->nrcpt ? tx->nrcpt : 1, sizeof *rcpt)) == NULL) {
		memcpy(err, "out of memory", 14);
		goto out;
	}
	sender.ptr = tx->env;
	sender.len = strlen(tx->env);
	for (i = 0, p = tx->env + sender.len + 1; i < tx->nrcpt; i++) {
		rcpt[i].ptr = p;
		rcpt[i].len = strlen(p);
		p += rcpt[i].len + 1;
	}
	memset(&m, 0, sizeof m);
	m.dir = o->maildir;
	m.sender = &sender;
	m.rcpt = rcpt;
	m.nrcpt = tx->nrcpt;
	m.fd = tx->spool->fd;
	m.buf = evloop_workbuf(s->loop, &m.bufsize);
	rc = maildir_deliver(&m, &r);
	if (rc == MAILDIR_OK) {
		int n = snprintf(text, sizeof text, "Ok: delivered as %s",
		    r.name);

		d = SMTPD_ACCEPT;
		s->accepted++;
		if (n > 0 && (size_t)n < sizeof text)
			(void)smtpd_reply_set(core, 250, "2.0.0", text);
	} else {
		d = rc == MAILDIR_PERMANENT ? SMTPD_REJECT : SMTPD_TEMPFAIL;
		(void)smtpd_reply_set(core, d == SMTPD_REJECT ? 554 : 451,
		    r.status, r.reason);
		memcpy(err, r.error, sizeof r.error < sizeof err ?
		    sizeof r.error : sizeof err);
		err[sizeof err - 1] = '\0';
	}
out:
	if (d != SMTPD_ACCEPT || !o->quiet) {
		log_begin(&l, d == SMTPD_ACCEPT ? "info" : "warning",
		    "message");
		log_num(&l, "id", s->id);
		if (tx) {
			log_text(&l, "from", tx->env, strlen(tx->env));
			log_num(&l, "rcpts", tx->nrcpt);
		}
		if (tx && tx->spool)
			log_num(&l, "size", tx->spool->size);
		log_word(&l, "result", d == SMTPD_ACCEPT ? "accept" :
		    d == SMTPD_REJECT ? "reject" : "tempfail");
		if (d == SMTPD_ACCEPT)
			log_text(&l, "file", r.name, strlen(r.name));
		else
			log_text(&l, "error", err, strlen(err));
		log_end(&l);
	}
	free(rcpt);
	return d;
}

static smtpd_decision
cb_message_tx(void *host, smtpd_session *core)
{
	struct ev_session *s = host;
	smtpd_decision d = cb_message_maildir(host, core, s->tx);

	tx_free(s);
	return d;
}

static void
cb_reset(void *host, smtpd_session *core)
{
	(void)core;
	tx_free(host);
}

void
evpolicy_callbacks(struct smtpd_callbacks *cb, const struct ev_opts *o)
{
	memset(cb, 0, sizeof *cb);
	cb->rcpt = cb_rcpt;
	if (o->maildir == NULL) {
		/* The fast path: nothing is copied or stored. */
		cb->body = cb_body_discard;
		cb->message = cb_message_discard;
		return;
	}
	cb->mail = cb_mail;
	cb->data = cb_data;
	cb->body = cb_body_maildir;
	cb->message = cb_message_tx;
	cb->reset = cb_reset;
}

void
evpolicy_end(struct ev_session *s)
{
	tx_free(s);
}

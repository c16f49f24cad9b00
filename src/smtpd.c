/*
 * smtpd.c - session life, input framing, replies and decisions.
 *
 * The one place that changes the session's coarse state (status, phase,
 * transaction) after a decision is decided(); commands only check and ask.
 */
#include <string.h>

#include "smtpd_internal.h"

/* The allocator is the only thing the core takes from outside string.h. */
#include <stdlib.h>

static int out_flush(smtpd_session *s);



/* ------------------------------------------------------------------------
 * Small helpers
 */

/* A memset the compiler may not drop: credentials must not linger. */
void
smtpd__wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

static size_t
copy_bounded(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
	return n;
}

/* Printable ASCII without CR/LF: all a reply line may carry. */
static int
text_printable(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] > 0x7e)
			return 0;
	return 1;
}

/* ------------------------------------------------------------------------
 * Life of a session
 */

smtpd_session *
smtpd_new(const struct smtpd_config *config,
    const struct smtpd_callbacks *callbacks, void *host)
{
	static const struct smtpd_config zero;
	const struct smtpd_config *c = config ? config : &zero;
	size_t max_line = c->max_line ? c->max_line : LINE_DEFAULT;
	smtpd_session *s;

	if (callbacks == NULL || callbacks->write == NULL)
		return NULL;
	if (max_line < LINE_MIN)
		max_line = LINE_MIN;
	/* Guard the size computation itself (CVE-2005-1513 class). */
	if (max_line > ((size_t)-1 - sizeof *s - 1))
		return NULL;
	s = calloc(1, sizeof *s + max_line + 1);
	if (s == NULL)
		return NULL;

	s->cb = callbacks;
	s->host = host;
	copy_bounded(s->hostname, sizeof s->hostname,
	    c->hostname && *c->hostname && text_printable(c->hostname,
	    strlen(c->hostname)) && !strchr(c->hostname, ' ') ?
	    c->hostname : "localhost");
	if (c->banner && text_printable(c->banner, strlen(c->banner)))
		copy_bounded(s->banner, sizeof s->banner, c->banner);
	s->max_line = max_line;
	s->max_size = c->max_message_size ? c->max_message_size : 10485760;
	s->max_rcpt = c->max_recipients < 100 ? 100 : c->max_recipients;
	s->max_errors = c->max_errors ? c->max_errors : 20;
	s->max_unknown = c->max_unknown ? c->max_unknown : 10;
	s->max_junk = c->max_junk ? c->max_junk : 100;
	s->max_auth_failures = c->max_auth_failures ? c->max_auth_failures : 3;
	s->max_messages = c->max_messages ? c->max_messages : 1000;
	s->flags = c->flags;
	s->tls = (c->flags & SMTPD_TLS_ACTIVE) != 0;
	s->status = SMTPD_READING;
	s->phase = PHASE_COMMAND;
	return s;
}

void
smtpd_free(smtpd_session *s)
{
	if (s == NULL)
		return;
	/* The SASL buffers may still hold a password typed mid-exchange. */
	smtpd__wipe(s->sasl_buf, sizeof s->sasl_buf);
	smtpd__wipe(s->sasl_user, sizeof s->sasl_user);
	free(s);
}

int
smtpd_start(smtpd_session *s, const char *peer)
{
	if (s == NULL || s->started || s->in_callback)
		return -1;
	s->started = 1;
	smtpd__ask(s, ASK_CONNECT, peer ? peer : "");
	out_flush(s);
	return 0;
}

/* ------------------------------------------------------------------------
 * Output: replies are coalesced and leave in as few writes as possible.
 */

/* Hand the coalesced replies to the host. */
static int
out_flush(smtpd_session *s)
{
	int rc = 0;

	if (s->write_failed) {
		s->out_len = 0;
		return -1;
	}
	if (s->out_len > 0) {
		int outer = s->in_callback;

		s->in_callback = 1;	/* the write callback is a callback */
		rc = s->cb->write(s->host, s->out, s->out_len);
		s->in_callback = outer;
		s->out_len = 0;
		if (rc != 0) {
			/* the connection is gone: never write again */
			rc = -1;
			s->write_failed = 1;
			smtpd__session_close(s);
		}
	}
	return rc;
}

int
smtpd_flush(smtpd_session *s)
{
	if (s == NULL || s->in_callback)
		return -1;
	return out_flush(s);
}

void
smtpd__out_bytes(smtpd_session *s, const char *p, size_t n)
{
	if (n > sizeof s->out - s->out_len)
		out_flush(s);
	if (s->write_failed || n > sizeof s->out - s->out_len)
		return;		/* gone; or impossible: a reply is < 512 */
	memcpy(s->out + s->out_len, p, n);
	s->out_len += n;
}

/* One reply line "DDD[ -][esc ]t1t2t3\r\n", cut to 512 octets
 * (RFC 5321 4.5.3.1.5).  Every text part is printable ASCII. */
void
smtpd__out_line(smtpd_session *s, int code, int more, const char *esc,
    const char *t1, const char *t2, const char *t3)
{
	char buf[512];
	size_t n = 0;
	const char *parts[4] = { esc, t1, t2, t3 };

	buf[n++] = (char)('0' + code / 100 % 10);
	buf[n++] = (char)('0' + code / 10 % 10);
	buf[n++] = (char)('0' + code % 10);
	buf[n++] = more ? '-' : ' ';
	for (int i = 0; i < 4; i++) {
		size_t k;

		if (parts[i] == NULL)
			continue;
		k = strlen(parts[i]);
		if (k > sizeof buf - 2 - n)
			k = sizeof buf - 2 - n;
		memcpy(buf + n, parts[i], k);
		n += k;
		if (i == 0 && n < sizeof buf - 2)
			buf[n++] = ' ';
	}
	buf[n++] = '\r';
	buf[n++] = '\n';
	smtpd__out_bytes(s, buf, n);
}

/* The reply to a command.  Every 4xx/5xx is an error; the one that reaches
 * the limit becomes a 421 instead.  A 421 closes the session (RFC 5321
 * 3.8). */
void
smtpd__reply(smtpd_session *s, int code, const char *esc, const char *t1,
    const char *t2, const char *t3)
{
	if (s->status == SMTPD_CLOSED)
		return;
	if (code >= 400 && code != 421 && ++s->errors >= s->max_errors) {
		smtpd__out_line(s, 421, 0, "4.7.0", s->hostname,
		    " Too many errors, closing", NULL);
		smtpd__session_close(s);
		return;
	}
	smtpd__out_line(s, code, 0, esc, t1, t2, t3);
	if (code == 421)
		smtpd__session_close(s);
}

void
smtpd__reply_text(smtpd_session *s, int code, const char *esc, const char *text)
{
	smtpd__reply(s, code, esc, text, NULL, NULL);
}

/* ------------------------------------------------------------------------
 * State changes shared by the commands
 */

/* Leave the transaction.  notify: tell the host (the reset callback) that
 * a transaction it accepted ended without the message callback. */
void
smtpd__transaction_end(smtpd_session *s, int notify)
{
	int was_open = s->in_mail;

	s->in_mail = 0;
	s->tx_smtputf8 = 0;
	s->tx_body = SMTPD_BODY_NONE;
	s->rcpt_ok = 0;
	s->rcpt_tried = 0;
	if (s->phase == PHASE_DATA)
		s->phase = PHASE_COMMAND;
	if (was_open && notify && s->cb->reset) {
		s->in_callback = 1;
		s->cb->reset(s->host, s);
		s->in_callback = 0;
	}
}

void
smtpd__session_close(smtpd_session *s)
{
	if (s->status == SMTPD_CLOSED)
		return;
	s->status = SMTPD_CLOSED;
	s->pending = ASK_NONE;
	if (s->sasl != SASL_NONE) {
		s->sasl = SASL_NONE;
		smtpd__wipe(s->sasl_buf, sizeof s->sasl_buf);
		smtpd__wipe(s->sasl_user, sizeof s->sasl_user);
	}
	smtpd__transaction_end(s, 1);
}

/* ------------------------------------------------------------------------
 * Input
 */

/* Collect octets of the current line. */
static void
collect(smtpd_session *s, const char *p, size_t n)
{
	if (n == 0)
		return;
	/* Saturating: a line may be longer than size_t counts only in
	 * theory, but the sum must never wrap. */
	s->line_total = n > (size_t)-1 - s->line_total ? (size_t)-1 :
	    s->line_total + n;
	if (s->phase == PHASE_AUTH) {
		smtpd__auth_response_bytes(s, p, n);
		return;
	}
	if (s->line_overflow)
		return;
	if (n > s->max_line - 2 - s->line_len) {
		/* RFC 5321 4.5.3.1.4: drain to the line end, answer once. */
		s->line_overflow = 1;
		return;
	}
	memcpy(s->line + s->line_len, p, n);
	s->line_len += n;
}

static void
line_end(smtpd_session *s)
{
	s->lines++;
	if (s->phase == PHASE_AUTH) {
		smtpd__auth_response_end(s);
	} else if (s->line_overflow) {
		smtpd__reply(s, 500, "5.5.6", "Line too long", NULL, NULL);
	} else {
		s->line[s->line_len] = '\0';
		smtpd__command_line(s, s->line, s->line_len);
	}
	s->line_len = 0;
	s->line_total = 0;
	s->line_overflow = 0;
}

/* Frame one line: CRLF is the only line end (RFC 5321 2.3.8); a bare CR or
 * LF is an octet of the line.  Returns the octets consumed, stopping right
 * after a line end so that the caller sees any change of phase. */
static size_t
frame(smtpd_session *s, const char *buf, size_t len)
{
	size_t i = 0;

	if (s->cr_pending) {
		s->cr_pending = 0;
		if (buf[0] == '\n') {
			line_end(s);
			return 1;
		}
		collect(s, "\r", 1);
	}
	while (i < len) {
		const char *cr = memchr(buf + i, '\r', len - i);
		size_t k;

		if (cr == NULL) {
			collect(s, buf + i, len - i);
			return len;
		}
		k = (size_t)(cr - buf);
		collect(s, buf + i, k - i);
		if (k + 1 == len) {
			s->cr_pending = 1;
			return len;
		}
		if (buf[k + 1] == '\n') {
			line_end(s);
			return k + 2;
		}
		collect(s, "\r", 1);
		i = k + 1;
	}
	return len;
}

static size_t
feed(smtpd_session *s, const char *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		if (s->status == SMTPD_CLOSED || s->status == SMTPD_STARTTLS)
			return len;	/* RFC 3207 5: discard, never act */
		if (s->status == SMTPD_PAUSED)
			break;
		if (s->phase == PHASE_DATA)
			off += smtpd__data_consume(s, buf + off, len - off);
		else
			off += frame(s, buf + off, len - off);
	}
	return off;
}

size_t
smtpd_feed(smtpd_session *s, const char *buf, size_t len)
{
	size_t n;

	if (s == NULL || s->in_callback || !s->started)
		return 0;
	n = feed(s, buf, len);
	out_flush(s);
	return n;
}

size_t
smtpd_line(smtpd_session *s, const char *line, size_t len, int eol)
{
	static const char *const ends[] = { "\r\n", "\n", "\r", "" };
	int kind = eol & 0xff;
	const char *end;
	size_t n;

	if (s == NULL || s->in_callback || !s->started)
		return 0;
	end = kind >= 0 && kind <= SMTPD_EOL_NONE ? ends[kind] : "";
	n = feed(s, line, len);
	if (n == len)
		n += feed(s, end, strlen(end));
	if (!(eol & SMTPD_EOL_MORE) || s->status != SMTPD_READING)
		out_flush(s);
	return n;
}

/* ------------------------------------------------------------------------
 * Decisions
 */

int
smtpd_reply_set(smtpd_session *s, int code, const char *enhanced,
    const char *text)
{
	size_t tn, en = 0;

	if (s == NULL || code < 200 || code > 599 || text == NULL)
		return -1;
	tn = strlen(text);
	if (tn > REPLY_TEXT_MAX || !text_printable(text, tn))
		return -1;
	if (enhanced != NULL) {
		/* RFC 3463: class "." 1*3digit "." 1*3digit, class = code's */
		const char *p = enhanced;
		int parts = 0;

		if (*p != '0' + code / 100 || (*p != '2' && *p != '4' &&
		    *p != '5') || p[1] != '.')
			return -1;
		p += 2;
		while (parts < 2) {
			int digits = 0;

			while (*p >= '0' && *p <= '9' && digits < 4)
				p++, digits++;
			if (digits < 1 || digits > 3)
				return -1;
			parts++;
			if (parts == 1 && *p++ != '.')
				return -1;
		}
		if (*p != '\0')
			return -1;
		en = strlen(enhanced);
	}
	memcpy(s->rep_esc, enhanced ? enhanced : "", en);
	s->rep_esc[en] = '\0';
	memcpy(s->rep_text, text, tn);
	s->rep_text[tn] = '\0';
	s->rep_code = code;
	s->rep_set = 1;
	return 0;
}

/* Ask the host.  arg is the decision's argument (see the cases). */
void
smtpd__ask(smtpd_session *s, enum ask what, const void *arg)
{
	const struct smtpd_callbacks *cb = s->cb;
	smtpd_decision d = SMTPD_ACCEPT;

	s->rep_set = 0;
	s->in_callback = 1;
	switch (what) {
	case ASK_CONNECT:
		if (cb->connect)
			d = cb->connect(s->host, s, arg);
		break;
	case ASK_HELO:
		if (cb->helo)
			d = cb->helo(s->host, s, s->helo_cand,
			    s->helo_cand_len, s->ehlo_cand);
		break;
	case ASK_STARTTLS:
		d = cb->starttls(s->host, s);
		break;
	case ASK_AUTH:
		d = cb->auth(s->host, s, arg);
		break;
	case ASK_MAIL:
		if (cb->mail)
			d = cb->mail(s->host, s, arg);
		break;
	case ASK_RCPT:
		if (cb->rcpt)
			d = cb->rcpt(s->host, s, arg);
		break;
	case ASK_DATA:
		if (cb->data)
			d = cb->data(s->host, s);
		break;
	case ASK_MESSAGE:
		if (cb->message)
			d = cb->message(s->host, s);
		break;
	case ASK_NONE:
		break;
	}
	s->in_callback = 0;
	if (s->status == SMTPD_CLOSED)
		return;
	if (d == SMTPD_DEFER) {
		s->pending = what;
		s->status = SMTPD_PAUSED;
		return;
	}
	if (d != SMTPD_ACCEPT && d != SMTPD_REJECT)
		d = SMTPD_TEMPFAIL;	/* an unknown answer is not a yes */
	smtpd__decide_now(s, what, d);
}

int
smtpd_decide(smtpd_session *s, smtpd_decision d)
{
	enum ask what;

	if (s == NULL || s->in_callback || s->pending == ASK_NONE ||
	    s->status != SMTPD_PAUSED || d == SMTPD_DEFER)
		return -1;
	if (d != SMTPD_ACCEPT && d != SMTPD_REJECT)
		d = SMTPD_TEMPFAIL;
	what = s->pending;
	s->pending = ASK_NONE;
	s->status = SMTPD_READING;
	smtpd__decide_now(s, what, d);
	out_flush(s);
	return 0;
}

/* Default replies of each decision: accept, tempfail, reject. */
struct canned {
	int code;
	const char *esc, *text;
};
static const struct canned canned[][3] = {
	[ASK_HELO] = {
		{ 250, NULL, NULL },
		{ 450, NULL, "HELO name not accepted now" },
		{ 550, NULL, "HELO name refused" } },
	[ASK_STARTTLS] = {
		{ 220, "2.0.0", "Ready to start TLS" },
		{ 454, "4.7.0", "TLS not available" },
		{ 454, "4.7.0", "TLS not available" } },
	[ASK_AUTH] = {
		{ 235, "2.7.0", "Authentication successful" },
		{ 454, "4.7.0", "Temporary authentication failure" },
		{ 535, "5.7.8", "Authentication credentials invalid" } },
	[ASK_MAIL] = {
		{ 250, "2.1.0", "Sender OK" },
		{ 451, "4.7.1", "Sender not accepted now, try again later" },
		{ 550, "5.7.1", "Sender refused" } },
	[ASK_RCPT] = {
		{ 250, "2.1.5", "Recipient OK" },
		{ 450, "4.2.0",
		    "Recipient not accepted now, try again later" },
		{ 550, "5.1.1", "Recipient refused" } },
	[ASK_DATA] = {
		{ 354, NULL, "End data with <CR><LF>.<CR><LF>" },
		{ 451, "4.3.0",
		    "Transaction not accepted now, try again later" },
		{ 554, "5.7.1", "Transaction refused" } },
	[ASK_MESSAGE] = {
		{ 250, "2.0.0", "Message accepted" },
		{ 451, "4.3.0", "Message not accepted now, try again later" },
		{ 554, "5.7.1", "Message refused" } },
};

/* Write the reply for a decision: the host's if it set one of the right
 * class, else the default.  Returns the code written.  esc_ok is 0 for the
 * greeting and HELO/EHLO, which carry no enhanced code (RFC 2034 3). */
static int
decided_reply(smtpd_session *s, enum ask what, smtpd_decision d, int esc_ok)
{
	const struct canned *c = &canned[what][d];
	int want = d == SMTPD_ACCEPT ? c->code / 100 :
	    d == SMTPD_TEMPFAIL ? 4 : 5;

	if (s->rep_set && s->rep_code / 100 == want) {
		const char *esc = NULL;
		char dflt[6] = { (char)('0' + want), '.', '0', '.', '0', 0 };

		if (esc_ok && want != 3)
			esc = s->rep_esc[0] ? s->rep_esc : dflt;
		s->rep_set = 0;
		smtpd__reply_text(s, s->rep_code, esc, s->rep_text);
		return s->rep_code;
	}
	s->rep_set = 0;
	smtpd__reply_text(s, c->code, c->esc, c->text);
	return c->code;
}

void
smtpd__decide_now(smtpd_session *s, enum ask what, smtpd_decision d)
{
	switch (what) {
	case ASK_CONNECT:
		/* The greeting carries no enhanced code (RFC 2034 3).  The
		 * host may choose the text, not the code. */
		if (d == SMTPD_ACCEPT) {
			if (s->rep_set && s->rep_code == 220)
				smtpd__out_line(s, 220, 0, NULL, s->rep_text, NULL,
				    NULL);
			else if (s->banner[0])
				smtpd__out_line(s, 220, 0, NULL, s->hostname,
				    " ESMTP ", s->banner);
			else
				smtpd__out_line(s, 220, 0, NULL, s->hostname,
				    " ESMTP", NULL);
		} else if (d == SMTPD_REJECT) {
			/* RFC 5321 3.1: 554, then wait for QUIT */
			if (s->rep_set && s->rep_code == 554)
				smtpd__out_line(s, 554, 0, NULL, s->rep_text, NULL,
				    NULL);
			else
				smtpd__out_line(s, 554, 0, NULL, s->hostname,
				    " ESMTP no service", NULL);
			s->phase = PHASE_REFUSED;
		} else {
			if (s->rep_set && s->rep_code == 421)
				smtpd__out_line(s, 421, 0, NULL, s->rep_text, NULL,
				    NULL);
			else
				smtpd__out_line(s, 421, 0, NULL, s->hostname,
				    " ESMTP service not available, closing",
				    NULL);
			smtpd__session_close(s);
		}
		s->rep_set = 0;
		break;
	case ASK_HELO:
		/* RFC 5321 4.1.4: an acceptable EHLO resets the session like
		 * RSET; a refused one leaves the state as it was. */
		if (d == SMTPD_ACCEPT) {
			smtpd__transaction_end(s, 1);
			memcpy(s->helo, s->helo_cand, s->helo_cand_len);
			s->helo[s->helo_cand_len] = '\0';
			s->helo_seen = 1;
			s->ehlo = s->ehlo_cand;
			s->rep_set = 0;
			if (s->ehlo)
				smtpd__ehlo_reply(s);
			else
				smtpd__out_line(s, 250, 0, NULL, s->hostname,
				    NULL, NULL);
		} else {
			decided_reply(s, what, d, 0);
		}
		break;
	case ASK_STARTTLS:
		if (d == SMTPD_ACCEPT) {
			s->rep_set = 0;
			smtpd__out_line(s, 220, 0, "2.0.0", "Ready to start TLS",
			    NULL, NULL);
			/* unless writing the 220 failed and closed us */
			if (s->status != SMTPD_CLOSED)
				s->status = SMTPD_STARTTLS;
		} else {
			decided_reply(s, what, d, 1);
		}
		break;
	case ASK_AUTH:
		if (d == SMTPD_ACCEPT) {
			s->authed = 1;
			decided_reply(s, what, d, 1);
		} else if (d == SMTPD_REJECT &&
		    ++s->auth_failures >= s->max_auth_failures) {
			s->rep_set = 0;
			smtpd__reply(s, 421, "4.7.0", s->hostname,
			    " Too many authentication failures, closing",
			    NULL);
		} else {
			decided_reply(s, what, d, 1);
		}
		break;
	case ASK_MAIL:
		if (d == SMTPD_ACCEPT) {
			s->in_mail = 1;
			s->rcpt_ok = 0;
			s->rcpt_tried = 0;
		} else {
			s->tx_smtputf8 = 0;
			s->tx_body = SMTPD_BODY_NONE;
		}
		decided_reply(s, what, d, 1);
		break;
	case ASK_RCPT:
		if (d == SMTPD_ACCEPT)
			s->rcpt_ok++;
		decided_reply(s, what, d, 1);
		break;
	case ASK_DATA:
		if (decided_reply(s, what, d, 1) / 100 == 3)
			smtpd__data_begin(s);
		break;
	case ASK_MESSAGE:
		if (d == SMTPD_ACCEPT)
			s->junk = 0;
		/* RFC 5321 4.1.1.4: the transaction ends either way. */
		smtpd__transaction_end(s, 0);
		decided_reply(s, what, d, 1);
		break;
	case ASK_NONE:
		break;
	}
}

/* ------------------------------------------------------------------------
 * Host events
 */

int
smtpd_tls_done(smtpd_session *s, int ok)
{
	if (s == NULL || s->in_callback || s->status != SMTPD_STARTTLS)
		return -1;
	if (!ok) {
		/* A failed handshake: no more plaintext for this client. */
		s->out_len = 0;
		smtpd__session_close(s);
		return 0;
	}
	/* RFC 3207 4.2: forget everything learnt before the handshake. */
	s->tls = 1;
	s->helo_seen = 0;
	s->ehlo = 0;
	s->helo[0] = '\0';
	s->authed = 0;
	smtpd__transaction_end(s, 1);
	s->phase = PHASE_COMMAND;
	s->cr_pending = 0;
	s->line_len = 0;
	s->line_total = 0;
	s->line_overflow = 0;
	s->status = SMTPD_READING;
	return 0;
}

void
smtpd_timeout(smtpd_session *s)
{
	if (s == NULL || s->in_callback || !s->started ||
	    s->status == SMTPD_CLOSED)
		return;
	if (s->status == SMTPD_STARTTLS) {
		/* The handshake owns the channel: no plaintext reply. */
		smtpd__session_close(s);
		return;
	}
	smtpd__out_line(s, 421, 0, "4.4.2", s->hostname,
	    " Timeout, closing connection", NULL);
	smtpd__session_close(s);
	out_flush(s);
}

/* ------------------------------------------------------------------------
 * Accessors
 */

uint64_t
smtpd_lines(const smtpd_session *s)
{
	return s ? s->lines : 0;
}

smtpd_state
smtpd_status(const smtpd_session *s)
{
	return s ? s->status : SMTPD_CLOSED;
}

const char *
smtpd_helo_name(const smtpd_session *s)
{
	return s && s->helo_seen ? s->helo : "";
}

const char *
smtpd_protocol(const smtpd_session *s)
{
	/* index: smtputf8 * 4 + authed * 2 + tls */
	static const char *const names[] = {
		"ESMTP", "ESMTPS", "ESMTPA", "ESMTPSA",
		"UTF8SMTP", "UTF8SMTPS", "UTF8SMTPA", "UTF8SMTPSA"
	};

	if (s == NULL || !s->helo_seen || !s->ehlo)
		return "SMTP";
	return names[(s->in_mail && s->tx_smtputf8 ? 4 : 0) +
	    (s->authed ? 2 : 0) + (s->tls ? 1 : 0)];
}

unsigned
smtpd_info(const smtpd_session *s)
{
	unsigned i = 0;

	if (s == NULL)
		return 0;
	if (s->helo_seen && s->ehlo)
		i |= SMTPD_INFO_EHLO;
	if (s->tls)
		i |= SMTPD_INFO_TLS;
	if (s->authed)
		i |= SMTPD_INFO_AUTH;
	if (s->in_mail)
		i |= SMTPD_INFO_MAIL;
	/* a MAIL still being decided has opened no transaction yet */
	if (s->in_mail && s->tx_smtputf8)
		i |= SMTPD_INFO_SMTPUTF8;
	if (s->in_mail && s->tx_body == SMTPD_BODY_8BITMIME)
		i |= SMTPD_INFO_8BITMIME;
	return i;
}

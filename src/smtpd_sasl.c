/*
 * smtpd_sasl.c - AUTH (RFC 4954) with PLAIN (RFC 4616) and LOGIN, and the
 * base64 (RFC 4648) that carries them.
 *
 * Responses are decoded as they arrive, into a buffer of fixed size: a
 * response line may be 12288 octets (RFC 4954 4) without ever being held
 * whole, and no decoded field can be written past its end (CVE-2018-6789
 * was an off-by-one in exactly this place).  Credentials are wiped as soon
 * as the auth callback returns.
 */
#include <string.h>

#include "smtpd_internal.h"

/* ------------------------------------------------------------------------
 * Base64, strict: padding required, nothing after it, no white space.
 */

void
smtpd__b64_init(struct b64 *b, unsigned char *out, size_t cap)
{
	memset(b, 0, sizeof *b);
	b->out = out;
	b->cap = cap;
}

static int
b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static void
b64_quantum(struct b64 *b)
{
	unsigned char q[3] = {
		(unsigned char)(b->acc >> 16), (unsigned char)(b->acc >> 8),
		(unsigned char)b->acc
	};
	size_t k = 3 - b->pad;

	if (k > b->cap - b->len) {
		b->overflow = 1;
	} else {
		memcpy(b->out + b->len, q, k);
		b->len += k;
	}
	b->acc = 0;
	b->n = 0;
	if (b->pad)
		b->done = 1;
}

void
smtpd__b64_update(struct b64 *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n && !b->bad; i++) {
		int c = (unsigned char)p[i], v;

		if (b->done) {
			b->bad = 1;	/* data after the padding */
		} else if (c == '=') {
			/* "=" only in the last two places of a quantum */
			if (b->n < 2) {
				b->bad = 1;
				break;
			}
			b->pad++;
			b->acc <<= 6;
			if (++b->n == 4)
				b64_quantum(b);
		} else if (b->pad || (v = b64_value(c)) < 0) {
			b->bad = 1;
		} else {
			b->acc = b->acc << 6 | (unsigned long)v;
			if (++b->n == 4)
				b64_quantum(b);
		}
	}
}

/* 0 when the data was complete, valid base64 (decoded length in b->len). */
int
smtpd__b64_final(struct b64 *b)
{
	return b->bad || b->n != 0 ? -1 : 0;
}

/* ------------------------------------------------------------------------
 * The exchange
 */

static void
sasl_clear(smtpd_session *s)
{
	smtpd__wipe(s->sasl_buf, sizeof s->sasl_buf);
	smtpd__wipe(s->sasl_user, sizeof s->sasl_user);
	s->sasl_user_len = 0;
	s->sasl = SASL_NONE;
	s->phase = PHASE_COMMAND;
}

/* A 334 continuation: wait for the next response line. */
static void
sasl_prompt(smtpd_session *s, enum sasl_step step, const char *challenge)
{
	smtpd__out_line(s, 334, 0, NULL, challenge, NULL, NULL);
	s->sasl = step;
	s->phase = PHASE_AUTH;
	s->sasl_first = 0;
	smtpd__b64_init(&s->b64, s->sasl_buf, SASL_DECODED_MAX);
}

/* Credentials that cannot be right (malformed, over 255 octets) are
 * refused like wrong ones, and count against the failure limit. */
static void
sasl_refuse(smtpd_session *s)
{
	sasl_clear(s);
	s->rep_set = 0;
	smtpd__decide_now(s, ASK_AUTH, SMTPD_REJECT);
}

static void
sasl_ask(smtpd_session *s, struct smtpd_credentials *c)
{
	s->phase = PHASE_COMMAND;
	s->sasl = SASL_NONE;
	smtpd__ask(s, ASK_AUTH, c);
	/* The host copied what it needed (even when it deferred). */
	smtpd__wipe(c, sizeof *c);
	sasl_clear(s);
}

/* A field of RFC 4616 2 (and LOGIN's): 1..255 octets, no NUL; and no other
 * control octet either, so that a user name is safe to log or to pass on in
 * an environment variable. */
static int
field_ok(const unsigned char *p, size_t n, int may_be_empty)
{
	if ((n == 0 && !may_be_empty) || n > SASL_FIELD_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;
	return 1;
}

/* message = [authzid] NUL authcid NUL passwd (RFC 4616 2) */
static void
sasl_plain(smtpd_session *s)
{
	unsigned char *d = s->sasl_buf;
	size_t n = s->b64.len;
	unsigned char *nul1, *nul2;
	struct smtpd_credentials c;

	if (s->b64.overflow ||
	    (nul1 = memchr(d, '\0', n)) == NULL ||
	    (nul2 = memchr(nul1 + 1, '\0', n - (size_t)(nul1 + 1 - d))) ==
	    NULL) {
		sasl_refuse(s);
		return;
	}
	c.mechanism = "PLAIN";
	c.authzid = (const char *)d;
	c.authzid_len = (size_t)(nul1 - d);
	c.user = (const char *)nul1 + 1;
	c.user_len = (size_t)(nul2 - nul1 - 1);
	c.password = (const char *)nul2 + 1;
	c.password_len = n - (size_t)(nul2 + 1 - d);
	if (!field_ok(d, c.authzid_len, 1) ||
	    !field_ok(nul1 + 1, c.user_len, 0) ||
	    !field_ok(nul2 + 1, c.password_len, 0)) {
		sasl_refuse(s);
		return;
	}
	d[n] = '\0';		/* sasl_buf has room for it */
	sasl_ask(s, &c);
}

/* LOGIN's first response: the user name; then ask for the password. */
static void
sasl_login_user(smtpd_session *s)
{
	if (s->b64.overflow || !field_ok(s->sasl_buf, s->b64.len, 0)) {
		sasl_refuse(s);
		return;
	}
	memcpy(s->sasl_user, s->sasl_buf, s->b64.len);
	s->sasl_user[s->b64.len] = '\0';
	s->sasl_user_len = s->b64.len;
	smtpd__wipe(s->sasl_buf, sizeof s->sasl_buf);
	sasl_prompt(s, SASL_LOGIN_PASS, "UGFzc3dvcmQ6");	/* Password: */
}

static void
sasl_login_pass(smtpd_session *s)
{
	struct smtpd_credentials c;

	if (s->b64.overflow || !field_ok(s->sasl_buf, s->b64.len, 0)) {
		sasl_refuse(s);
		return;
	}
	s->sasl_buf[s->b64.len] = '\0';
	c.mechanism = "LOGIN";
	c.authzid = "";
	c.authzid_len = 0;
	c.user = s->sasl_user;
	c.user_len = s->sasl_user_len;
	c.password = (const char *)s->sasl_buf;
	c.password_len = s->b64.len;
	sasl_ask(s, &c);
}

static void
sasl_step(smtpd_session *s)
{
	switch (s->sasl) {
	case SASL_PLAIN:
		sasl_plain(s);
		break;
	case SASL_LOGIN_USER:
		sasl_login_user(s);
		break;
	case SASL_LOGIN_PASS:
		sasl_login_pass(s);
		break;
	case SASL_NONE:
		sasl_clear(s);
		break;
	}
}

void
smtpd__auth_command(smtpd_session *s, char *args, size_t n)
{
	size_t m = 0, ir;

	if (s->cb->auth == NULL) {
		smtpd__reply(s, 502, "5.5.1", "Command not implemented", NULL, NULL);
		return;
	}
	if (!s->helo_seen || !s->ehlo) {
		smtpd__reply(s, 503, "5.5.1", "Send EHLO first", NULL, NULL);
		return;
	}
	if (!s->tls && !(s->flags & SMTPD_AUTH_INSECURE)) {
		smtpd__reply(s, 538, "5.7.11", "Encryption required for requested "
		    "authentication mechanism", NULL, NULL);
		return;
	}
	if (s->authed) {
		smtpd__reply(s, 503, "5.5.1", "Already authenticated", NULL, NULL);
		return;
	}
	if (s->in_mail) {
		smtpd__reply(s, 503, "5.5.1",
		    "AUTH not permitted during a mail transaction", NULL, NULL);
		return;
	}
	while (m < n && args[m] != ' ')
		m++;
	ir = m;
	while (ir < n && args[ir] == ' ')
		ir++;
	if (m == 0 || memchr(args + ir, ' ', n - ir) != NULL) {
		smtpd__reply(s, 501, "5.5.4",
		    "Syntax: AUTH mechanism [initial-response]", NULL, NULL);
		return;
	}
	if (m == 5 && smtpd__ascii_casecmp_prefix(args, m, "PLAIN"))
		s->sasl_mech = "PLAIN";
	else if (m == 5 && smtpd__ascii_casecmp_prefix(args, m, "LOGIN"))
		s->sasl_mech = "LOGIN";
	else {
		smtpd__reply(s, 504, "5.5.4", "Unrecognized authentication type",
		    NULL, NULL);
		return;
	}
	if (ir == n) {
		if (s->sasl_mech[0] == 'P')
			sasl_prompt(s, SASL_PLAIN, "");
		else
			sasl_prompt(s, SASL_LOGIN_USER, "VXNlcm5hbWU6");
		return;
	}
	/* An initial response (RFC 4954 4); "=" is an empty one. */
	smtpd__b64_init(&s->b64, s->sasl_buf, SASL_DECODED_MAX);
	if (!(n - ir == 1 && args[ir] == '='))
		smtpd__b64_update(&s->b64, args + ir, n - ir);
	smtpd__wipe(args + ir, n - ir);
	if (smtpd__b64_final(&s->b64) != 0) {
		sasl_clear(s);
		smtpd__reply(s, 501, "5.5.2", "Cannot decode response", NULL, NULL);
		return;
	}
	s->sasl = s->sasl_mech[0] == 'P' ? SASL_PLAIN : SASL_LOGIN_USER;
	sasl_step(s);
}

void
smtpd__auth_response_bytes(smtpd_session *s, const char *p, size_t n)
{
	if (s->line_total == n)
		s->sasl_first = (unsigned char)p[0];
	if (s->line_total <= SMTPD_AUTH_LINE_MAX)
		smtpd__b64_update(&s->b64, p, n);
}

void
smtpd__auth_response_end(smtpd_session *s)
{
	s->phase = PHASE_COMMAND;
	if (s->line_total > SMTPD_AUTH_LINE_MAX) {
		sasl_clear(s);
		smtpd__reply(s, 500, "5.5.6", "Authentication exchange line is too long",
		    NULL, NULL);
		return;
	}
	if (s->line_total == 1 && s->sasl_first == '*') {
		/* RFC 4954 4: the client cancels */
		sasl_clear(s);
		smtpd__reply(s, 501, "5.7.0", "Authentication cancelled", NULL, NULL);
		return;
	}
	if (smtpd__b64_final(&s->b64) != 0) {
		sasl_clear(s);
		smtpd__reply(s, 501, "5.5.2", "Cannot decode response", NULL, NULL);
		return;
	}
	sasl_step(s);
}

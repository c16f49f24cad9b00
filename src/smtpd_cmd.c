/*
 * smtpd_cmd.c - the command table and the commands of RFC 5321 4.1.1 and
 * its extensions.  Each command checks sequence and syntax, then asks the
 * host (smtpd__ask()), which answers now or later; decided() in smtpd.c applies
 * the answer.
 */
#include <string.h>

#include "smtpd_internal.h"

/* NOOP, RSET, VRFY and HELP cost nothing to send: past max_junk between two
 * messages they count as errors.  Returns 1 when that closed the session. */
static int
junk(smtpd_session *s)
{
	if (++s->junk <= s->max_junk)
		return 0;
	if (++s->errors < s->max_errors)
		return 0;
	smtpd__out_line(s, 421, 0, "4.7.0", s->hostname, " Too many errors, closing",
	    NULL);
	smtpd__session_close(s);
	return 1;
}

static void
cmd_helo_common(smtpd_session *s, char *args, size_t n, int ehlo)
{
	/* RFC 5321 4.1.1.1: one argument, a domain or an address literal.
	 * Real clients send names that break the Domain grammar (underscores,
	 * bare host names), so only its shape is checked here; the host sees
	 * the name and may refuse it. */
	if (n == 0 || memchr(args, ' ', n) != NULL || n > HOSTNAME_MAX) {
		/* no enhanced code on HELO/EHLO replies (RFC 2034 3) */
		smtpd__reply(s, 501, NULL, ehlo ? "Syntax: EHLO hostname" :
		    "Syntax: HELO hostname", NULL, NULL);
		return;
	}
	/* The name stays in the line buffer, which holds still until the
	 * decision is made (input is not consumed while it is pending). */
	s->helo_cand = args;
	s->helo_cand_len = n;
	s->ehlo_cand = ehlo;
	smtpd__ask(s, ASK_HELO, NULL);
}

static void
cmd_helo(smtpd_session *s, char *args, size_t n)
{
	cmd_helo_common(s, args, n, 0);
}

static void
cmd_ehlo(smtpd_session *s, char *args, size_t n)
{
	cmd_helo_common(s, args, n, 1);
}

static size_t
u64_decimal(char *buf, size_t cap, uint64_t v)
{
	char tmp[21];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && n < sizeof tmp);
	if (n >= cap)
		return 0;
	for (size_t i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/* RFC 5321 4.1.1.1 and each extension's RFC: what we offer, and when. */
void
smtpd__ehlo_reply(smtpd_session *s)
{
	char size[32] = "SIZE";

	if (s->max_size != SMTPD_UNLIMITED) {
		size[4] = ' ';
		u64_decimal(size + 5, sizeof size - 5, s->max_size);
	}
	smtpd__out_line(s, 250, 1, NULL, s->hostname, NULL, NULL);
	smtpd__out_line(s, 250, 1, NULL, "PIPELINING", NULL, NULL);
	smtpd__out_line(s, 250, 1, NULL, size, NULL, NULL);
	if (s->cb->starttls && !s->tls)
		smtpd__out_line(s, 250, 1, NULL, "STARTTLS", NULL, NULL);
	if (s->cb->auth && (s->tls || (s->flags & SMTPD_AUTH_INSECURE)))
		smtpd__out_line(s, 250, 1, NULL, "AUTH PLAIN LOGIN", NULL, NULL);
	smtpd__out_line(s, 250, 1, NULL, "8BITMIME", NULL, NULL);
	smtpd__out_line(s, 250, 1, NULL, "ENHANCEDSTATUSCODES", NULL, NULL);
	smtpd__out_line(s, 250, 0, NULL, "SMTPUTF8", NULL, NULL);
}

/* ------------------------------------------------------------------------
 * ESMTP parameters (RFC 5321 4.1.2: esmtp-param = keyword ["=" value])
 */

enum param_result { PARAM_OK, PARAM_SYNTAX, PARAM_UNKNOWN, PARAM_INVALID };

struct params {
	int has_size, has_body, has_utf8, has_auth;
	struct smtpd_mail mail;
	char *auth_end;		/* where to put the AUTH value's NUL */
};

static int
keyword_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-';
}

/* esmtp-value = 1*(%d33-60 / %d62-126), with UTF-8 under RFC 6531 */
static int
value_char(int c)
{
	return (c >= 33 && c <= 60) || (c >= 62 && c <= 126) || c >= 0x80;
}

/* xtext (RFC 3461 4): "+" HEXCHAR HEXCHAR, or %d33-42 / %d44-60 / %d62-126 */
static int
xtext_valid(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)p[i];

		if (c == '+') {
			if (n - i < 3)
				return 0;
			for (int k = 1; k <= 2; k++) {
				int h = (unsigned char)p[i + k];

				if (!((h >= '0' && h <= '9') ||
				    (h >= 'A' && h <= 'F')))
					return 0;
			}
			i += 2;
		} else if (c < 33 || c > 126 || c == '=') {
			return 0;
		}
	}
	return n > 0;
}

/* Parse the parameters after a path.  mail: MAIL (else RCPT, which has
 * none we know).  Stops at the first problem, which decides the reply. */
static enum param_result
params_parse(smtpd_session *s, char *p, size_t n, int mail, struct params *pr)
{
	size_t i = 0;

	memset(pr, 0, sizeof *pr);
	while (i < n) {
		size_t k0, klen, v0 = 0, vlen = 0;
		int has_value = 0;

		if (p[i] != ' ')
			return PARAM_SYNTAX;
		while (i < n && p[i] == ' ')
			i++;
		if (i == n)
			break;
		k0 = i;
		while (i < n && keyword_char((unsigned char)p[i]))
			i++;
		klen = i - k0;
		if (klen == 0 || p[k0] == '-')
			return PARAM_SYNTAX;
		if (i < n && p[i] == '=') {
			has_value = 1;
			v0 = ++i;
			while (i < n && value_char((unsigned char)p[i]))
				i++;
			vlen = i - v0;
			if (vlen == 0)
				return PARAM_SYNTAX;
		}
		if (i < n && p[i] != ' ')
			return PARAM_SYNTAX;

		if (!mail)
			return PARAM_UNKNOWN;	/* no RCPT parameters offered */
#define KEY(w) (klen == sizeof(w) - 1 && smtpd__ascii_casecmp_prefix(p + k0, klen, w))
		if (KEY("SIZE")) {
			/* RFC 1870 */
			if (pr->has_size++ || !has_value ||
			    smtpd__size_parse(p + v0, vlen, &pr->mail.size) != 0)
				return PARAM_INVALID;
		} else if (KEY("BODY")) {
			/* RFC 6152 */
			if (pr->has_body++ || !has_value)
				return PARAM_INVALID;
			if (vlen == 4 && smtpd__ascii_casecmp_prefix(p + v0, 4, "7BIT"))
				pr->mail.body = SMTPD_BODY_7BIT;
			else if (vlen == 8 &&
			    smtpd__ascii_casecmp_prefix(p + v0, 8, "8BITMIME"))
				pr->mail.body = SMTPD_BODY_8BITMIME;
			else
				return PARAM_INVALID;
		} else if (KEY("SMTPUTF8")) {
			/* RFC 6531 3.4: no value */
			if (pr->has_utf8++ || has_value)
				return PARAM_INVALID;
			pr->mail.smtputf8 = 1;
		} else if (KEY("AUTH") && s->cb->auth) {
			/* RFC 4954 5 */
			if (pr->has_auth++ || !has_value ||
			    (!(vlen == 2 && p[v0] == '<' && p[v0 + 1] == '>') &&
			    !xtext_valid(p + v0, vlen)))
				return PARAM_INVALID;
			pr->mail.auth = p + v0;
			pr->mail.auth_len = vlen;
			pr->auth_end = p + i;
		} else {
			return PARAM_UNKNOWN;
		}
#undef KEY
	}
	return PARAM_OK;
}

/* The argument after "FROM:" / "TO:": RFC 5321 has no space there, but
 * clients in the field send one, and it is unambiguous. */
static size_t
skip_spaces(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] == ' ')
		i++;
	return i;
}

static void
cmd_mail(smtpd_session *s, char *args, size_t n)
{
	struct path path;
	struct params pr;
	enum param_result r;
	size_t i;

	if (!s->helo_seen && !(s->flags & SMTPD_NO_HELO_REQUIRED)) {
		smtpd__reply(s, 503, "5.5.1", "Send HELO/EHLO first", NULL, NULL);
		return;
	}
	if (s->in_mail) {
		smtpd__reply(s, 503, "5.5.1", "Nested MAIL command", NULL, NULL);
		return;
	}
	if (s->messages >= s->max_messages) {
		smtpd__reply(s, 421, "4.7.0", s->hostname,
		    " Too many messages in this session, closing", NULL);
		return;
	}
	if (!smtpd__ascii_casecmp_prefix(args, n, "FROM:")) {
		smtpd__reply(s, 501, "5.5.4", "Syntax: MAIL FROM:<address>", NULL,
		    NULL);
		return;
	}
	i = 5 + skip_spaces(args + 5, n - 5);
	if (smtpd__path_parse(args + i, n - i, PATH_NULL_OK, &path) != 0 ||
	    (i + path.end < n && args[i + path.end] != ' ')) {
		smtpd__reply(s, 501, "5.1.7", "Bad sender address syntax", NULL, NULL);
		return;
	}
	r = params_parse(s, args + i + path.end, n - i - path.end, 1, &pr);
	if (r == PARAM_SYNTAX) {
		smtpd__reply(s, 501, "5.5.4", "Syntax: MAIL FROM:<address>", NULL,
		    NULL);
		return;
	}
	if (r == PARAM_UNKNOWN) {
		smtpd__reply(s, 555, "5.5.4", "Unsupported parameter", NULL, NULL);
		return;
	}
	if (r == PARAM_INVALID) {
		smtpd__reply(s, 501, "5.5.4", "Invalid parameter", NULL, NULL);
		return;
	}
	/* RFC 1870 6.1: refuse at once what would be refused at the end */
	if (s->max_size != SMTPD_UNLIMITED && pr.mail.size > s->max_size) {
		smtpd__reply(s, 552, "5.3.4",
		    "Message size exceeds fixed maximum message size", NULL,
		    NULL);
		return;
	}
	/* RFC 6531 3.5: a UTF-8 address needs SMTPUTF8 */
	if (path.utf8 && !pr.mail.smtputf8) {
		smtpd__reply(s, 553, "5.6.7",
		    "Non-ASCII addresses not permitted for that sender", NULL,
		    NULL);
		return;
	}
	pr.mail.address = args + i + path.start;
	pr.mail.address_len = path.len;
	args[i + path.start + path.len] = '\0';
	if (pr.auth_end)
		*pr.auth_end = '\0';
	s->tx_smtputf8 = pr.mail.smtputf8;
	s->tx_body = pr.mail.body;
	smtpd__ask(s, ASK_MAIL, &pr.mail);
}

static void
cmd_rcpt(smtpd_session *s, char *args, size_t n)
{
	struct smtpd_rcpt rcpt;
	struct path path;
	struct params pr;
	enum param_result r;
	size_t i;

	if (!s->in_mail) {
		smtpd__reply(s, 503, "5.5.1", "Need MAIL before RCPT", NULL, NULL);
		return;
	}
	s->rcpt_tried++;
	if (!smtpd__ascii_casecmp_prefix(args, n, "TO:")) {
		smtpd__reply(s, 501, "5.5.4", "Syntax: RCPT TO:<address>", NULL, NULL);
		return;
	}
	i = 3 + skip_spaces(args + 3, n - 3);
	if (smtpd__path_parse(args + i, n - i, PATH_POSTMASTER_OK, &path) != 0 ||
	    (i + path.end < n && args[i + path.end] != ' ')) {
		smtpd__reply(s, 501, "5.1.3", "Bad recipient address syntax", NULL,
		    NULL);
		return;
	}
	r = params_parse(s, args + i + path.end, n - i - path.end, 0, &pr);
	if (r == PARAM_SYNTAX) {
		smtpd__reply(s, 501, "5.5.4", "Syntax: RCPT TO:<address>", NULL, NULL);
		return;
	}
	if (r != PARAM_OK) {
		smtpd__reply(s, 555, "5.5.4", "Unsupported parameter", NULL, NULL);
		return;
	}
	/* RFC 5321 4.5.3.1.10: flow control, not a client error, so it does
	 * not count towards max_errors: a client pipelining 150 recipients
	 * must keep the 100 it got and send the rest in a new transaction. */
	if (s->rcpt_ok >= s->max_rcpt) {
		smtpd__out_line(s, 452, 0, "4.5.3", "Too many recipients", NULL,
		    NULL);
		return;
	}
	if (path.utf8 && !s->tx_smtputf8) {
		smtpd__reply(s, 553, "5.6.7",
		    "Non-ASCII addresses not permitted for that recipient",
		    NULL, NULL);
		return;
	}
	rcpt.address = args + i + path.start;
	rcpt.address_len = path.len;
	rcpt.count = s->rcpt_ok;
	args[i + path.start + path.len] = '\0';
	smtpd__ask(s, ASK_RCPT, &rcpt);
}

static void
cmd_data(smtpd_session *s, char *args, size_t n)
{
	(void)args;
	if (n > 0) {
		smtpd__reply(s, 501, "5.5.4", "Syntax: DATA", NULL, NULL);
		return;
	}
	/* RFC 5321 3.3: 503 without recipients, 554 when all were refused */
	if (!s->in_mail || s->rcpt_tried == 0) {
		smtpd__reply(s, 503, "5.5.1", "Need RCPT before DATA", NULL, NULL);
		return;
	}
	if (s->rcpt_ok == 0) {
		smtpd__reply(s, 554, "5.5.1", "No valid recipients", NULL, NULL);
		return;
	}
	smtpd__ask(s, ASK_DATA, NULL);
}

static void
cmd_rset(smtpd_session *s, char *args, size_t n)
{
	(void)args;
	if (n > 0) {
		smtpd__reply(s, 501, "5.5.4", "Syntax: RSET", NULL, NULL);
		return;
	}
	smtpd__transaction_end(s, 1);
	if (junk(s))
		return;
	smtpd__reply(s, 250, "2.0.0", "OK", NULL, NULL);
}

static void
cmd_noop(smtpd_session *s, char *args, size_t n)
{
	(void)args, (void)n;	/* RFC 5321 4.1.1.9: arguments ignored */
	if (junk(s))
		return;
	smtpd__reply(s, 250, "2.0.0", "OK", NULL, NULL);
}

static void
cmd_quit(smtpd_session *s, char *args, size_t n)
{
	(void)args;
	if (n > 0) {
		smtpd__reply(s, 501, "5.5.4", "Syntax: QUIT", NULL, NULL);
		return;
	}
	smtpd__out_line(s, 221, 0, "2.0.0", s->hostname, " closing connection", NULL);
	smtpd__session_close(s);
}

static void
cmd_vrfy(smtpd_session *s, char *args, size_t n)
{
	(void)args;
	if (n == 0) {
		smtpd__reply(s, 501, "5.5.4", "Syntax: VRFY address", NULL, NULL);
		return;
	}
	if (junk(s))
		return;
	/* RFC 5321 3.5.3: 252 when we will not verify */
	smtpd__reply(s, 252, "2.5.0", "Cannot VRFY user, but will accept message "
	    "and attempt delivery", NULL, NULL);
}

static void
cmd_help(smtpd_session *s, char *args, size_t n)
{
	(void)args, (void)n;
	if (junk(s))
		return;
	smtpd__reply(s, 214, "2.0.0", "See RFC 5321", NULL, NULL);
}

static void
cmd_starttls(smtpd_session *s, char *args, size_t n)
{
	(void)args;
	if (s->cb->starttls == NULL) {
		smtpd__reply(s, 502, "5.5.1", "Command not implemented", NULL, NULL);
		return;
	}
	if (n > 0) {
		smtpd__reply(s, 501, "5.5.4", "Syntax: STARTTLS", NULL, NULL);
		return;
	}
	if (s->tls) {
		smtpd__reply(s, 503, "5.5.1", "TLS already active", NULL, NULL);
		return;
	}
	if (s->in_mail) {
		smtpd__reply(s, 503, "5.5.1", "Transaction in progress", NULL, NULL);
		return;
	}
	smtpd__ask(s, ASK_STARTTLS, NULL);
}

static void
cmd_not_implemented(smtpd_session *s, char *args, size_t n)
{
	(void)args, (void)n;
	smtpd__reply(s, 502, "5.5.1", "Command not implemented", NULL, NULL);
}

static const struct command {
	const char *verb;
	void (*run)(smtpd_session *, char *, size_t);
} commands[] = {
	{ "HELO", cmd_helo },
	{ "EHLO", cmd_ehlo },
	{ "MAIL", cmd_mail },
	{ "RCPT", cmd_rcpt },
	{ "DATA", cmd_data },
	{ "RSET", cmd_rset },
	{ "NOOP", cmd_noop },
	{ "QUIT", cmd_quit },
	{ "VRFY", cmd_vrfy },
	{ "HELP", cmd_help },
	{ "STARTTLS", cmd_starttls },
	{ "AUTH", smtpd__auth_command },
	/* known to RFC 5321 or registered, but not offered */
	{ "EXPN", cmd_not_implemented },
	{ "TURN", cmd_not_implemented },
	{ "ETRN", cmd_not_implemented },
	{ "ATRN", cmd_not_implemented },
	{ "BDAT", cmd_not_implemented },
	{ "SEND", cmd_not_implemented },
	{ "SOML", cmd_not_implemented },
	{ "SAML", cmd_not_implemented },
};

/* Cross-protocol requests (a browser made to POST to port 25) are not
 * worth an error budget: end them at once, as Postfix does. */
static int
http_request(const char *line, size_t len)
{
	static const char *const starts[] = {
		"GET ", "POST ", "HEAD ", "PUT ", "CONNECT ", "Host:",
		"User-Agent:"
	};

	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
		if (smtpd__ascii_casecmp_prefix(line, len, starts[i]))
			return 1;
	return 0;
}

void
smtpd__command_line(smtpd_session *s, char *line, size_t len)
{
	size_t v = 0, a;

	/* Commands are text: no NUL or other control octet (RFC 5321 2.3.8,
	 * 4.1.1), and octets above 127 only as UTF-8 (RFC 6531). */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c < 0x20 || c == 0x7f) {
			smtpd__reply(s, 500, "5.5.2", "Invalid character in command",
			    NULL, NULL);
			return;
		}
	}
	if (!smtpd__utf8_valid((const unsigned char *)line, len)) {
		smtpd__reply(s, 500, "5.5.2", "Invalid character in command", NULL,
		    NULL);
		return;
	}
	while (len > 0 && line[len - 1] == ' ')
		len--;
	line[len] = '\0';
	if (http_request(line, len)) {
		smtpd__reply(s, 421, "4.7.0", s->hostname,
		    " Not an SMTP client, closing", NULL);
		return;
	}
	while (v < len && line[v] != ' ')
		v++;
	a = v + skip_spaces(line + v, len - v);

	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		const struct command *c = &commands[i];

		if (strlen(c->verb) != v ||
		    !smtpd__ascii_casecmp_prefix(line, v, c->verb))
			continue;
		if (s->phase == PHASE_REFUSED && c->run != cmd_quit) {
			/* RFC 5321 3.1 */
			smtpd__reply(s, 503, "5.5.1", "No SMTP service here", NULL,
			    NULL);
			return;
		}
		c->run(s, line + a, len - a);
		return;
	}
	if (s->phase == PHASE_REFUSED) {
		smtpd__reply(s, 503, "5.5.1", "No SMTP service here", NULL, NULL);
		return;
	}
	if (++s->unknown >= s->max_unknown) {
		smtpd__reply(s, 421, "4.7.0", s->hostname,
		    " Too many unknown commands, closing", NULL);
		return;
	}
	smtpd__reply(s, 500, "5.5.2", "Command unrecognized", NULL, NULL);
}

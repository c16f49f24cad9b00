/*
 * fuzz_path.c - libFuzzer target: the address parser (smtpd__path_parse)
 * and the MAIL/RCPT parameter handling, each compared with a reference
 * written here from the grammar of RFC 5321 4.1.2 (with the UTF-8 of RFC
 * 6531 3.3) in another shape than the core's.
 *
 *     clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *         t/fuzz/fuzz_path.c src/smtpd.c src/smtpd_cmd.c \
 *         src/smtpd_parse.c src/smtpd_data.c src/smtpd_sasl.c
 *
 * Input: byte 0 chooses, the rest is the text.
 *   bits 0-1  flags for smtpd__path_parse (PATH_NULL_OK, _POSTMASTER_OK)
 *   bit 2     the session test sends RCPT TO:text (after a MAIL) instead
 *             of MAIL FROM:text
 *   bit 3     the host has an auth callback (AUTH= is known)
 *   bit 4     the MAIL before the RCPT says SMTPUTF8
 *   bits 5-7  max_message_size (index into sizes[])
 *
 * 1. smtpd__path_parse() on a heap copy of exactly the text: it must agree
 *    with ref_path() on validity and on the mailbox's place, its end and
 *    its UTF-8 flag, and change nothing but the case of <postmaster>.
 * 2. A session: "EHLO x", then "MAIL FROM:" + text (or a MAIL and "RCPT
 *    TO:" + text), with CR and LF taken out of the text: the reply's code
 *    and enhanced code must be what the reference predicts from the same
 *    checks in the documented order (line length, characters, path,
 *    parameters, size, SMTPUTF8), and an accepted command must give the
 *    host exactly the reference's address and parameter values.
 *
 * Where the reference and RFC 5321 part, it is said at the line.
 */
#include "smtpd_internal.h"

#include "fuzz_common.h"

static const uint64_t sizes[8] = {
	0, 1, 100, 1000, 10485760, SMTPD_UNLIMITED, UINT64_MAX - 1, 12345
};

/* ------------------------------------------------------------------------
 * Reference grammar.  Every function takes (p, n) and reads only that.
 */

static int
alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* Let-dig, or an octet of a U-label (RFC 6531 3.3). */
static int
let_dig(int c)
{
	return alnum(c) || c >= 0x80;
}

/* Domain = sub-domain *("." sub-domain), at most 255 octets (RFC 5321
 * 4.5.3.1.2), labels 1..63 octets (RFC 1035 2.3.4) that begin and end with
 * a Let-dig and hold only Let-dig and "-". */
static int
ref_domain(const unsigned char *p, size_t n)
{
	size_t i = 0;

	if (n == 0 || n > 255)
		return 0;
	for (;;) {
		size_t start = i;

		while (i < n && p[i] != '.')
			i++;
		if (i == start || i - start > 63 || !let_dig(p[start]) ||
		    !let_dig(p[i - 1]))
			return 0;
		for (size_t k = start; k < i; k++)
			if (!let_dig(p[k]) && p[k] != '-')
				return 0;
		if (i == n)
			return 1;
		i++;
	}
}

/* Snum 3("." Snum), Snum = 1*3DIGIT of value 0..255. */
static int
ref_ipv4(const unsigned char *p, size_t n)
{
	unsigned parts = 0;
	size_t i = 0;

	while (parts < 4) {
		size_t start = i;
		unsigned v = 0;

		while (i < n && p[i] >= '0' && p[i] <= '9')
			v = v * 10 + (unsigned)(p[i++] - '0');
		if (i == start || i - start > 3 || v > 255)
			return 0;
		parts++;
		if (parts < 4) {
			if (i >= n || p[i] != '.')
				return 0;
			i++;
		}
	}
	return i == n;
}

static int
hexdig(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Groups of one side of "::" (or of a whole address): IPv6-hex separated
 * by ":", the last possibly an IPv4 address (two groups).  Returns the
 * number of 16-bit groups, or -1. */
static int
ref_groups(const unsigned char *p, size_t n, int v4_ok)
{
	int groups = 0;
	size_t i = 0;

	if (n == 0)
		return 0;
	for (;;) {
		size_t start = i;

		while (i < n && p[i] != ':')
			i++;
		if (i == n && v4_ok && memchr(p + start, '.', n - start)) {
			return ref_ipv4(p + start, n - start) ? groups + 2 :
			    -1;
		}
		if (i == start || i - start > 4)
			return -1;
		for (size_t k = start; k < i; k++)
			if (!hexdig(p[k]))
				return -1;
		groups++;
		if (i == n)
			return groups;
		i++;
		if (i == n)
			return -1;	/* a trailing ":" */
	}
}

/* IPv6-addr of RFC 5321 4.1.3: full (8 groups), or with one "::" standing
 * for at least two groups beside at most 6 others; an IPv4 tail counts as
 * two groups. */
static int
ref_ipv6(const unsigned char *p, size_t n)
{
	size_t dc = n;
	int left, right;

	for (size_t i = 0; i + 1 < n; i++)
		if (p[i] == ':' && p[i + 1] == ':') {
			dc = i;
			break;
		}
	if (dc == n)
		return ref_groups(p, n, 1) == 8;
	for (size_t i = dc + 1; i + 1 < n; i++)
		if (p[i] == ':' && p[i + 1] == ':')
			return 0;	/* a second "::" */
	left = ref_groups(p, dc, 0);
	right = ref_groups(p + dc + 2, n - dc - 2, 1);
	return left >= 0 && right >= 0 && left + right <= 6;
}

/* "[" ... "]" content: IPv4, "IPv6:" IPv6-addr (ABNF strings are
 * case-insensitive), or Standardized-tag ":" 1*dcontent. */
static int
ref_literal(const unsigned char *p, size_t n)
{
	size_t i = 0;

	if (ref_ipv4(p, n))
		return 1;
	if (n >= 5 && fz_casecmp((const char *)p, 5, "IPv6:"))
		return ref_ipv6(p + 5, n - 5);
	/* Standardized-tag = Ldh-str.  RFC 5321's Ldh-str may begin with
	 * "-"; the core wants a Let-dig first, as a sub-domain does, and
	 * so does this reference (no registered tag begins with "-"). */
	while (i < n && (alnum(p[i]) || p[i] == '-'))
		i++;
	if (i == 0 || !alnum(p[0]) || !alnum(p[i - 1]) || i + 1 >= n ||
	    p[i] != ':')
		return 0;
	for (i++; i < n; i++)
		if (!((p[i] >= 33 && p[i] <= 90) || (p[i] >= 94 &&
		    p[i] <= 126)))
			return 0;
	return 1;
}

/* atext of RFC 5322 3.2.3, with UTF-8 (RFC 6531 3.3). */
static int
ref_atext(int c)
{
	return alnum(c) || c >= 0x80 || (c != 0 &&
	    strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* Mailbox = Local-part "@" ( Domain / address-literal ) at p[0..n),
 * followed by ">": returns the mailbox's length, or 0. */
static size_t
ref_mailbox(const unsigned char *p, size_t n)
{
	size_t i = 0, d;

	if (n > 0 && p[0] == '"') {
		/* Quoted-string: qtextSMTP (32-33, 35-91, 93-126, UTF-8) or
		 * quoted-pairSMTP ("\" 32-126) */
		for (i = 1;; i++) {
			if (i >= n)
				return 0;
			if (p[i] == '"')
				break;
			if (p[i] == '\\') {
				if (++i >= n || p[i] < 32 || p[i] > 126)
					return 0;
			} else if (!(p[i] >= 0x80 || (p[i] >= 32 &&
			    p[i] <= 126))) {
				return 0;
			}
		}
		i++;
	} else {
		/* Dot-string = Atom *("." Atom) */
		for (;;) {
			size_t start = i;

			while (i < n && ref_atext(p[i]))
				i++;
			if (i == start)
				return 0;
			if (i < n && p[i] == '.') {
				i++;
				continue;
			}
			break;
		}
	}
	if (i >= n || p[i] != '@')
		return 0;
	i++;
	if (i < n && p[i] == '[') {
		const unsigned char *close = memchr(p + i, ']', n - i);

		if (close == NULL)
			return 0;
		d = (size_t)(close - (p + i)) + 1;
		if (!ref_literal(p + i + 1, d - 2))
			return 0;
	} else {
		const unsigned char *gt = memchr(p + i, '>', n - i);

		if (gt == NULL)
			return 0;
		d = (size_t)(gt - (p + i));
		if (!ref_domain(p + i, d))
			return 0;
	}
	i += d;
	return i < n && p[i] == '>' ? i : 0;
}

struct ref {
	size_t start, len, end;
	int utf8;
};

/* Reverse-path / Forward-path (RFC 5321 4.1.2, 4.1.1.3, 4.5.1). */
static int
ref_path(const unsigned char *p, size_t n, unsigned flags, struct ref *r)
{
	size_t i = 1, m;

	memset(r, 0, sizeof *r);
	if (n < 2 || p[0] != '<')
		return -1;
	if (p[1] == '>') {
		if (!(flags & PATH_NULL_OK))
			return -1;
		r->start = 1;
		r->end = 2;
		return 0;
	}
	if ((flags & PATH_POSTMASTER_OK) && n >= 12 &&
	    fz_casecmp((const char *)p + 1, 10, "postmaster") && p[11] == '>') {
		r->start = 1;
		r->len = 10;
		r->end = 12;
		return 0;
	}
	if (p[1] == '@') {
		/* A-d-l ":" = "@" Domain *("," "@" Domain) ":" */
		const unsigned char *colon = memchr(p, ':', n);
		size_t k;

		if (colon == NULL)
			return -1;
		m = (size_t)(colon - p);
		for (k = 1; k < m;) {
			const unsigned char *comma;
			size_t e;

			if (p[k] != '@')
				return -1;
			comma = memchr(p + k, ',', m - k);
			e = comma ? (size_t)(comma - p) : m;
			if (!ref_domain(p + k + 1, e - k - 1))
				return -1;
			k = e + (comma != NULL);
			if (comma != NULL && k == m)
				return -1;
		}
		i = m + 1;
	}
	m = ref_mailbox(p + i, n - i);
	if (m == 0 || i + m + 1 > PATH_MAX_OCTETS)
		return -1;	/* RFC 5321 4.5.3.1.3: 256 octets */
	r->start = i;
	r->len = m;
	r->end = i + m + 1;
	for (size_t k = i; k < i + m; k++)
		if (p[k] >= 0x80)
			r->utf8 = 1;
	return 0;
}

/* ------------------------------------------------------------------------
 * Reference of the MAIL / RCPT command
 */

struct want {
	char reply[16];		/* "DDD X.Y.Z" */
	const char *addr;	/* accepted: the mailbox */
	size_t addr_len;
	uint64_t size;
	smtpd_body body;
	int smtputf8;
	const char *auth;
	size_t auth_len;
};

static int
kw_char(int c)
{
	return alnum(c) || c == '-';
}

static int
val_char(int c)
{
	/* esmtp-value = 1*(%d33-60 / %d62-126), with UTF-8 (RFC 6531) */
	return (c >= 33 && c <= 60) || (c >= 62 && c <= 126) || c >= 0x80;
}

/* xtext (RFC 3461 4): xchar (33-42, 44-60, 62-126) or "+" 2HEXCHAR (upper
 * case hex). */
static int
ref_xtext(const unsigned char *p, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '+') {
			if (n - i < 3)
				return 0;
			for (int k = 1; k <= 2; k++)
				if (!((p[i + k] >= '0' && p[i + k] <= '9') ||
				    (p[i + k] >= 'A' && p[i + k] <= 'F')))
					return 0;
			i += 2;
		} else if (p[i] < 33 || p[i] > 126 || p[i] == '=') {
			return 0;
		}
	}
	return 1;
}

/* Parameters after the path: 0 ok, else the reply in w. */
static int
ref_params(const unsigned char *p, size_t n, int mail, int auth_cb,
    struct want *w)
{
	size_t i = 0;
	int seen_size = 0, seen_body = 0, seen_utf8 = 0, seen_auth = 0;
	const char *syntax = mail ? "501 5.5.4" : "501 5.5.4";

	while (i < n) {
		size_t k0, kl, v0 = 0, vl = 0;
		int has_v = 0;

		if (p[i] != ' ')
			goto syn;
		while (i < n && p[i] == ' ')
			i++;
		if (i == n)
			break;
		k0 = i;
		while (i < n && kw_char(p[i]))
			i++;
		kl = i - k0;
		/* esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-") */
		if (kl == 0 || !alnum(p[k0]))
			goto syn;
		if (i < n && p[i] == '=') {
			has_v = 1;
			v0 = ++i;
			while (i < n && val_char(p[i]))
				i++;
			vl = i - v0;
			if (vl == 0)
				goto syn;
		}
		if (i < n && p[i] != ' ')
			goto syn;
		if (!mail)
			goto unknown;
		if (fz_casecmp((const char *)p + k0, kl, "SIZE")) {
			/* RFC 1870: size-value = 1*20DIGIT */
			uint64_t v = 0;

			if (seen_size++ || !has_v || vl > 20)
				goto invalid;
			for (size_t k = v0; k < v0 + vl; k++) {
				unsigned dg = (unsigned)(p[k] - '0');

				if (p[k] < '0' || p[k] > '9')
					goto invalid;
				/* beyond 2^64-1: larger than any limit */
				v = v > (UINT64_MAX - dg) / 10 ? UINT64_MAX :
				    v * 10 + dg;
			}
			w->size = v;
		} else if (fz_casecmp((const char *)p + k0, kl, "BODY")) {
			if (seen_body++ || !has_v)
				goto invalid;
			if (fz_casecmp((const char *)p + v0, vl, "7BIT"))
				w->body = SMTPD_BODY_7BIT;
			else if (fz_casecmp((const char *)p + v0, vl,
			    "8BITMIME"))
				w->body = SMTPD_BODY_8BITMIME;
			else
				goto invalid;
		} else if (fz_casecmp((const char *)p + k0, kl, "SMTPUTF8")) {
			if (seen_utf8++ || has_v)
				goto invalid;
			w->smtputf8 = 1;
		} else if (auth_cb &&
		    fz_casecmp((const char *)p + k0, kl, "AUTH")) {
			if (seen_auth++ || !has_v || !(fz_casecmp((const char *)
			    p + v0, vl, "<>") || ref_xtext(p + v0, vl)))
				goto invalid;
			w->auth = (const char *)p + v0;
			w->auth_len = vl;
		} else {
			goto unknown;
		}
	}
	return 0;
syn:
	snprintf(w->reply, sizeof w->reply, "%s", syntax);
	return -1;
unknown:
	snprintf(w->reply, sizeof w->reply, "555 5.5.4");
	return -1;
invalid:
	snprintf(w->reply, sizeof w->reply, "501 5.5.4");
	return -1;
}

/* What the core must answer to VERB + arg (arg without CR or LF). */
static void
ref_command(const unsigned char *line, size_t n, int mail, int auth_cb,
    int tx_utf8, uint64_t max_size, struct want *w)
{
	size_t skip = mail ? 10 : 8, i;	/* "MAIL FROM:" / "RCPT TO:" */
	struct ref r;

	memset(w, 0, sizeof *w);
	if (n + 2 > LINE_DEFAULT) {	/* RFC 5321 4.5.3.1.4 */
		snprintf(w->reply, sizeof w->reply, "500 5.5.6");
		return;
	}
	for (i = 0; i < n; i++)
		if (line[i] < 0x20 || line[i] == 0x7f)
			break;
	if (i < n || !fz_utf8_valid(line, n)) {
		snprintf(w->reply, sizeof w->reply, "500 5.5.2");
		return;
	}
	while (n > 0 && line[n - 1] == ' ')
		n--;
	i = skip;
	while (i < n && line[i] == ' ')
		i++;
	if (ref_path(line + i, n - i, mail ? PATH_NULL_OK :
	    PATH_POSTMASTER_OK, &r) != 0 ||
	    (i + r.end < n && line[i + r.end] != ' ')) {
		snprintf(w->reply, sizeof w->reply, mail ? "501 5.1.7" :
		    "501 5.1.3");
		return;
	}
	if (ref_params(line + i + r.end, n - i - r.end, mail, auth_cb, w) != 0)
		return;
	if (mail && max_size != SMTPD_UNLIMITED && w->size > max_size) {
		snprintf(w->reply, sizeof w->reply, "552 5.3.4");
		return;
	}
	if (r.utf8 && !(mail ? w->smtputf8 : tx_utf8)) {
		snprintf(w->reply, sizeof w->reply, "553 5.6.7");
		return;
	}
	snprintf(w->reply, sizeof w->reply, mail ? "250 2.1.0" : "250 2.1.5");
	w->addr = (const char *)line + i + r.start;
	w->addr_len = r.len;
}

/* ------------------------------------------------------------------------
 * The session
 */

struct host {
	smtpd_session *s;
	struct fz_buf out;
	int got;		/* the callback under test ran */
	int is_mail;		/* the command under test is MAIL */
	struct want seen;
	char addr[PATH_MAX_OCTETS + 1], auth[LINE_DEFAULT];
};

static int
cb_write(void *host, const char *buf, size_t len)
{
	struct host *h = host;

	fz_check_write(buf, len);
	fz_add(&h->out, buf, len);
	return 0;
}

static smtpd_decision
cb_mail(void *host, smtpd_session *s, const struct smtpd_mail *m)
{
	struct host *h = host;

	(void)s;
	if (!h->is_mail)
		return SMTPD_ACCEPT;	/* the MAIL before the RCPT */
	FZ_CHECK(m->address[m->address_len] == '\0' &&
	    m->address_len <= PATH_MAX_OCTETS, "mail: address");
	memcpy(h->addr, m->address, m->address_len + 1);
	h->seen.addr = h->addr;
	h->seen.addr_len = m->address_len;
	h->seen.size = m->size;
	h->seen.body = m->body;
	h->seen.smtputf8 = m->smtputf8;
	if (m->auth != NULL) {
		FZ_CHECK(m->auth_len < sizeof h->auth &&
		    m->auth[m->auth_len] == '\0', "mail: auth value");
		memcpy(h->auth, m->auth, m->auth_len + 1);
		h->seen.auth = h->auth;
		h->seen.auth_len = m->auth_len;
	}
	h->got = 1;
	return SMTPD_ACCEPT;
}

static smtpd_decision
cb_rcpt(void *host, smtpd_session *s, const struct smtpd_rcpt *r)
{
	struct host *h = host;

	(void)s;
	FZ_CHECK(r->address[r->address_len] == '\0' &&
	    r->address_len <= PATH_MAX_OCTETS, "rcpt: address");
	memcpy(h->addr, r->address, r->address_len + 1);
	h->seen.addr = h->addr;
	h->seen.addr_len = r->address_len;
	h->got = 1;
	return SMTPD_ACCEPT;
}

static smtpd_decision
cb_auth(void *host, smtpd_session *s, const struct smtpd_credentials *c)
{
	(void)host, (void)s, (void)c;
	return SMTPD_REJECT;
}

/* The last reply line written, as "DDD X.Y.Z" (the first 9 octets). */
static const char *
last_reply(const struct fz_buf *out)
{
	size_t i;

	FZ_CHECK(out->len >= 11, "no reply");
	i = out->len - 2;
	while (i > 0 && out->p[i - 1] != '\n')
		i--;
	return out->p + i;
}

static void
session(const unsigned char *text, size_t n, unsigned mode)
{
	static const struct smtpd_callbacks cb_all = {
		.write = cb_write, .auth = cb_auth, .mail = cb_mail,
		.rcpt = cb_rcpt
	};
	struct smtpd_callbacks cbs = cb_all;
	struct smtpd_config cfg = { 0 };
	struct host h = { 0 };
	struct fz_buf line = { 0 }, in = { 0 };
	struct want w;
	int mail = !(mode & 0x04);
	int utf8 = (mode & 0x10) != 0;
	const char *got;

	if (!(mode & 0x08))
		cbs.auth = NULL;
	cfg.hostname = "mx.test";
	cfg.max_message_size = sizes[mode >> 5];
	cfg.flags = SMTPD_AUTH_INSECURE;
	h.s = smtpd_new(&cfg, &cbs, &h);
	FZ_CHECK(h.s != NULL, "smtpd_new");
	FZ_CHECK(smtpd_start(h.s, "") == 0, "start");

	fz_adds(&line, mail ? "MAIL FROM:" : "RCPT TO:");
	for (size_t i = 0; i < n; i++)
		if (text[i] != '\r' && text[i] != '\n')
			fz_add(&line, text + i, 1);
	fz_adds(&in, "EHLO x\r\n");
	if (!mail)
		fz_adds(&in, utf8 ? "MAIL FROM:<a@b> SMTPUTF8\r\n" :
		    "MAIL FROM:<a@b>\r\n");
	h.is_mail = mail;
	FZ_CHECK(smtpd_feed(h.s, in.p, in.len) == in.len, "feed");
	h.out.len = 0;
	fz_add(&line, "\r\n", 2);
	FZ_CHECK(smtpd_feed(h.s, line.p, line.len) == line.len, "feed");
	line.len -= 2;

	ref_command((const unsigned char *)line.p, line.len, mail,
	    cbs.auth != NULL, utf8, cfg.max_message_size ?
	    cfg.max_message_size : 10485760, &w);
	got = last_reply(&h.out);
	if (strncmp(got, w.reply, 9) != 0) {
		fz_show("command", line.p, line.len);
		fz_show("reply", got, h.out.len - (size_t)(got - h.out.p));
		fz_fail("reply %.9s, the reference says %s", got, w.reply);
	}
	FZ_CHECK(h.got == (w.addr != NULL), "callback %d, reference %d",
	    h.got, w.addr != NULL);
	if (h.got) {
		/* <postmaster> reaches the host in lower case */
		int pm = !mail && w.addr_len == 10 &&
		    fz_casecmp(w.addr, 10, "postmaster");

		if (h.seen.addr_len != w.addr_len || (pm ?
		    strcmp(h.seen.addr, "postmaster") != 0 :
		    memcmp(h.seen.addr, w.addr, w.addr_len) != 0)) {
			fz_show("host got", h.seen.addr, h.seen.addr_len);
			fz_show("reference", w.addr, w.addr_len);
			fz_fail("address differs");
		}
		if (mail) {
			FZ_CHECK(h.seen.size == w.size, "size %llu, reference "
			    "%llu", (unsigned long long)h.seen.size,
			    (unsigned long long)w.size);
			FZ_CHECK(h.seen.body == w.body, "body parameter");
			FZ_CHECK(h.seen.smtputf8 == w.smtputf8, "smtputf8");
			FZ_CHECK((h.seen.auth == NULL) == (w.auth == NULL) &&
			    h.seen.auth_len == w.auth_len &&
			    (w.auth == NULL || memcmp(h.seen.auth, w.auth,
			    w.auth_len) == 0), "auth parameter");
			FZ_CHECK(!!(smtpd_info(h.s) & SMTPD_INFO_SMTPUTF8) ==
			    w.smtputf8, "smtpd_info SMTPUTF8");
		}
	}
	smtpd_free(h.s);
	fz_free(&h.out);
	fz_free(&line);
	fz_free(&in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned mode, flags;
	char *copy, *orig;
	struct path got;
	struct ref want;
	int rc, wrc;
	size_t n;

	if (size < 1)
		return 0;
	mode = data[0];
	flags = mode & 3;
	n = size - 1;

	/* 1. the parser alone, on exactly n octets */
	copy = malloc(n ? n : 1);
	orig = malloc(n ? n : 1);
	if (copy == NULL || orig == NULL)
		fz_fail("out of memory");
	memcpy(copy, data + 1, n);
	memcpy(orig, data + 1, n);
	rc = smtpd__path_parse(copy, n, flags, &got);
	wrc = ref_path((const unsigned char *)orig, n, flags, &want);
	if (rc != wrc || (rc == 0 && (got.start != want.start ||
	    got.len != want.len || got.end != want.end ||
	    got.utf8 != want.utf8))) {
		fz_show("path", orig, n);
		fz_fail("path_parse %d start %zu len %zu end %zu utf8 %d; "
		    "reference %d start %zu len %zu end %zu utf8 %d", rc,
		    got.start, got.len, got.end, got.utf8, wrc, want.start,
		    want.len, want.end, want.utf8);
	}
	FZ_CHECK(rc == 0 || rc == -1, "path_parse returned %d", rc);
	for (size_t i = 0; i < n; i++) {
		int pm = rc == 0 && got.len == 10 && i >= got.start &&
		    i < got.start + 10 && (flags & PATH_POSTMASTER_OK) &&
		    got.start == 1;

		if (copy[i] != orig[i] && !(pm && copy[i] == orig[i] + 32))
			fz_fail("path_parse changed octet %zu", i);
	}
	free(copy);
	free(orig);

	/* 2. the same text as a MAIL or RCPT argument */
	session(data + 1, n, mode);
	return 0;
}

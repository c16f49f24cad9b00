/*
 * smtpd_parse.c - the syntax of commands: UTF-8, RFC 5321 4.1.2 paths
 * (with RFC 6531 UTF-8 extensions) and RFC 1870 sizes.
 *
 * Every function reads (pointer, length) and never past it.
 */
#include <string.h>

#include "smtpd_internal.h"

/* RFC 3629 4, without overlong forms, surrogates or values past U+10FFFF. */
int
smtpd__utf8_valid(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t len;
		unsigned min, cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, min = 0x80, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, min = 0x800, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, min = 0x10000, cp = c & 0x07;
		else
			return 0;
		if (len > n - i)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Does p[0..n) begin with word, ignoring ASCII case? */
int
smtpd__ascii_casecmp_prefix(const char *p, size_t n, const char *word)
{
	size_t k = strlen(word);

	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (lower((unsigned char)p[i]) != lower((unsigned char)word[i]))
			return 0;
	return 1;
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Let-dig, with RFC 6531 3.3's UTF-8 (U-labels): the command line was
 * validated as UTF-8 before parsing, so any octet >= 0x80 belongs to a
 * well-formed character. */
static int
let_dig(int c, int *utf8)
{
	if (c >= 0x80) {
		*utf8 = 1;
		return 1;
	}
	return is_alpha(c) || is_digit(c);
}

/* Domain = sub-domain *("." sub-domain); returns octets, 0 if none. */
static size_t
domain(const unsigned char *p, size_t n, int *utf8)
{
	size_t i = 0;

	for (;;) {
		size_t start = i;

		if (i >= n || !let_dig(p[i], utf8))
			return 0;
		while (i < n && (let_dig(p[i], utf8) || p[i] == '-'))
			i++;
		if (p[i - 1] == '-' || i - start > 63)
			return 0;	/* Ldh-str ends in Let-dig */
		if (i < n && p[i] == '.' && i + 1 < n &&
		    let_dig(p[i + 1], utf8)) {
			i++;
			continue;
		}
		break;
	}
	return i <= HOSTNAME_MAX ? i : 0;
}

/* Snum "." Snum "." Snum "." Snum, each 0..255 */
static int
ipv4_valid(const unsigned char *p, size_t n)
{
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		unsigned v = 0, digits = 0;

		if (part > 0) {
			if (i >= n || p[i] != '.')
				return 0;
			i++;
		}
		while (i < n && is_digit(p[i]) && digits < 4)
			v = v * 10 + (p[i++] - '0'), digits++;
		if (digits == 0 || digits > 3 || v > 255)
			return 0;
	}
	return i == n;
}

/* RFC 5321 4.1.3 IPv6-addr: full, compressed, and both with a trailing
 * IPv4 address.  "::" stands for at least two groups. */
static int
ipv6_valid(const unsigned char *p, size_t n)
{
	size_t i = 0;
	unsigned groups = 0;
	int compressed = 0;

	if (n >= 2 && p[0] == ':' && p[1] == ':') {
		compressed = 1;
		i = 2;
		if (i == n)
			return 1;
	} else if (n >= 1 && p[0] == ':') {
		return 0;
	}
	while (i < n) {
		size_t start = i, k;

		while (i < n && is_hex(p[i]) && i - start < 5)
			i++;
		k = i - start;
		if (i < n && p[i] == '.') {
			/* the last 32 bits as IPv4 */
			if (!ipv4_valid(p + start, n - start))
				return 0;
			groups += 2;
			i = n;
			break;
		}
		if (k == 0 || k > 4)
			return 0;
		groups++;
		if (i == n)
			break;
		if (p[i] != ':')
			return 0;
		i++;
		if (i < n && p[i] == ':') {
			if (compressed)
				return 0;
			compressed = 1;
			i++;
			if (i == n)
				break;
		} else if (i == n) {
			return 0;	/* a trailing single ':' */
		}
	}
	return compressed ? groups <= 6 : groups == 8;
}

/* address-literal = "[" ( IPv4 / "IPv6:" IPv6 / tag ":" 1*dcontent ) "]";
 * returns octets including the brackets, 0 if invalid. */
static size_t
address_literal(const unsigned char *p, size_t n)
{
	const unsigned char *close;
	size_t len, i;

	if (n < 2 || p[0] != '[')
		return 0;
	close = memchr(p + 1, ']', n - 1);
	if (close == NULL)
		return 0;
	len = (size_t)(close - (p + 1));
	p++;
	if (ipv4_valid(p, len))
		return len + 2;
	if (smtpd__ascii_casecmp_prefix((const char *)p, len, "IPv6:"))
		return ipv6_valid(p + 5, len - 5) ? len + 2 : 0;
	/* General-address-literal: Standardized-tag ":" 1*dcontent */
	for (i = 0; i < len && (is_alpha(p[i]) || is_digit(p[i]) ||
	    p[i] == '-'); i++)
		;
	if (i == 0 || i >= len || p[i] != ':' || p[i - 1] == '-' ||
	    !(is_alpha(p[0]) || is_digit(p[0])))
		return 0;
	if (++i == len)
		return 0;
	for (; i < len; i++)
		if (!((p[i] >= 33 && p[i] <= 90) || (p[i] >= 94 && p[i] <= 126)))
			return 0;
	return len + 2;
}

/* atext (RFC 5322 3.2.3), plus UTF-8 (RFC 6531 3.3) */
static int
atext(int c, int *utf8)
{
	if (c >= 0x80) {
		*utf8 = 1;
		return 1;
	}
	return is_alpha(c) || is_digit(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~",
	    c) != NULL);
}

/* Local-part = Dot-string / Quoted-string; returns octets, 0 if invalid. */
static size_t
local_part(const unsigned char *p, size_t n, int *utf8)
{
	size_t i = 0;

	if (n > 0 && p[0] == '"') {
		for (i = 1; i < n; i++) {
			int c = p[i];

			if (c == '"')
				return i + 1;
			if (c == '\\') {
				/* quoted-pairSMTP = "\" %d32-126 */
				if (i + 1 >= n || p[i + 1] < 32 || p[i + 1] > 126)
					return 0;
				i++;
			} else if (c >= 0x80) {
				*utf8 = 1;
			} else if (c < 32 || c > 126) {
				return 0;
			}
		}
		return 0;	/* unterminated */
	}
	for (;;) {
		size_t start = i;

		while (i < n && atext(p[i], utf8))
			i++;
		if (i == start)
			return 0;
		if (i < n && p[i] == '.') {
			i++;
			continue;
		}
		return i;
	}
}

/*
 * Parse "<" [ A-d-l ":" ] Mailbox ">" or "<>" at p[0..n).  The source route
 * is accepted and dropped (RFC 5321 4.1.1.3, C.2).  With PATH_POSTMASTER_OK,
 * "<postmaster>" in any case is a mailbox of its own (RFC 5321 4.5.1).
 * Returns 0 and fills out, or -1 for bad syntax or a path over 256 octets
 * (RFC 5321 4.5.3.1.3).  "<postmaster>" is folded to lower case in place.
 */
int
smtpd__path_parse(char *text, size_t n, unsigned flags, struct path *out)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 1, k, start;
	int utf8 = 0;

	memset(out, 0, sizeof *out);
	if (n < 2 || p[0] != '<')
		return -1;
	if (p[1] == '>') {
		if (!(flags & PATH_NULL_OK))
			return -1;
		out->start = 1;
		out->end = 2;
		return 0;
	}
	if (p[i] == '@') {
		/* A-d-l = At-domain *( "," At-domain ) */
		for (;;) {
			i++;
			k = domain(p + i, n - i, &utf8);
			if (k == 0)
				return -1;
			i += k;
			if (i + 1 < n && p[i] == ',' && p[i + 1] == '@') {
				i++;
				continue;
			}
			if (i < n && p[i] == ':') {
				i++;
				break;
			}
			return -1;
		}
		utf8 = 0;	/* the route is dropped; so is its script */
	}
	start = i;
	if ((flags & PATH_POSTMASTER_OK) && start == 1 &&
	    smtpd__ascii_casecmp_prefix(text + i, n - i, "postmaster") &&
	    i + 10 < n && p[i + 10] == '>') {
		/* one spelling for the host: the name is case-insensitive */
		memcpy(text + i, "postmaster", 10);
		out->start = i;
		out->len = 10;
		out->end = i + 11;
		return 0;
	}
	k = local_part(p + i, n - i, &utf8);
	if (k == 0)
		return -1;
	i += k;
	if (i >= n || p[i] != '@')
		return -1;
	i++;
	if (i < n && p[i] == '[')
		k = address_literal(p + i, n - i);
	else
		k = domain(p + i, n - i, &utf8);
	if (k == 0)
		return -1;
	i += k;
	if (i >= n || p[i] != '>')
		return -1;
	if (i + 1 > PATH_MAX_OCTETS)
		return -1;
	out->start = start;
	out->len = i - start;
	out->end = i + 1;
	out->utf8 = utf8;
	return 0;
}

/* size-value = 1*20DIGIT (RFC 1870 3); saturates instead of wrapping, so a
 * value beyond 2^64-1 is simply larger than any limit.  -1 on bad syntax. */
int
smtpd__size_parse(const char *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 20)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned d;

		if (!is_digit((unsigned char)p[i]))
			return -1;
		d = (unsigned)(p[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			v = UINT64_MAX;
		else
			v = v * 10 + d;
	}
	*out = v;
	return 0;
}

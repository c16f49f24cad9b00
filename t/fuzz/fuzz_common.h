/*
 * fuzz_common.h - what the three fuzz targets share: failing loudly, a
 * growable byte buffer, the shape of a reply line, and a deterministic
 * byte source.
 *
 * Every function is static inline so that a target may leave some unused.
 * A target stops at the first broken invariant with fz_fail(), which
 * prints what broke and calls abort(): libFuzzer then saves the input,
 * and t/fuzz/replay reports the file.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FZ_REPLY_LINE_MAX 512	/* octets, CRLF included (RFC 5321
				   4.5.3.1.5) */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if defined(__GNUC__)
#define FZ_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define FZ_PRINTF_LIKE(f, a)
#endif

static inline _Noreturn void FZ_PRINTF_LIKE(1, 2)
fz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: invariant broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define FZ_CHECK(cond, ...) do {			\
	if (!(cond))					\
		fz_fail(__VA_ARGS__);			\
} while (0)

/* Print p[0..n) escaped on stderr, cut to 300 octets: for diagnostics. */
static inline void
fz_show(const char *what, const void *vp, size_t n)
{
	const unsigned char *p = vp;
	size_t i;

	fprintf(stderr, "fuzz: %s (%zu octets): \"", what, n);
	for (i = 0; i < n && i < 300; i++) {
		if (p[i] == '\r')
			fputs("\\r", stderr);
		else if (p[i] == '\n')
			fputs("\\n", stderr);
		else if (p[i] == '\\' || p[i] == '"')
			fprintf(stderr, "\\%c", p[i]);
		else if (p[i] < 0x20 || p[i] > 0x7e)
			fprintf(stderr, "\\x%02x", p[i]);
		else
			fputc(p[i], stderr);
	}
	fputs(i < n ? "\"...\n" : "\"\n", stderr);
}

/* ------------------------------------------------------------------------
 * Growable buffers; allocation failure is fatal (a test tool).
 */

struct fz_buf {
	char *p;
	size_t len, cap;
};

static inline void
fz_reserve(struct fz_buf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->cap - b->len > more)
		return;
	if (more > SIZE_MAX / 4 - b->len)
		fz_fail("buffer size overflow");
	cap = b->cap ? b->cap : 256;
	while (cap - b->len <= more)
		cap *= 2;
	p = realloc(b->p, cap);
	if (p == NULL)
		fz_fail("out of memory");
	b->p = p;
	b->cap = cap;
}

static inline void
fz_add(struct fz_buf *b, const void *p, size_t n)
{
	fz_reserve(b, n);
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline void
fz_adds(struct fz_buf *b, const char *s)
{
	fz_add(b, s, strlen(s));
}

static inline void
fz_free(struct fz_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* Grow an array of n elements of size sz to hold one more. */
static inline void *
fz_grow(void *p, size_t *cap, size_t n, size_t sz)
{
	size_t c;

	if (n < *cap)
		return p;
	c = *cap ? *cap * 2 : 16;
	if (c > SIZE_MAX / sz)
		fz_fail("array size overflow");
	p = realloc(p, c * sz);
	if (p == NULL)
		fz_fail("out of memory");
	*cap = c;
	return p;
}

/* ------------------------------------------------------------------------
 * Replies
 */

/*
 * Check one reply line p[0..n), CRLF included: "DDD" SP or "-", printable
 * ASCII, CRLF, at most 512 octets, code 200..599.  Returns the code; *more
 * is set for a continuation line ("DDD-").
 */
static inline int
fz_reply_line(const char *p, size_t n, int *more)
{
	size_t i;

	if (n < 6 || n > FZ_REPLY_LINE_MAX) {
		fz_show("reply line", p, n);
		fz_fail("reply line of %zu octets", n);
	}
	if (p[0] < '2' || p[0] > '5' || p[1] < '0' || p[1] > '9' ||
	    p[2] < '0' || p[2] > '9' || (p[3] != ' ' && p[3] != '-') ||
	    p[n - 2] != '\r' || p[n - 1] != '\n') {
		fz_show("reply line", p, n);
		fz_fail("reply line not DDD[ -]text CRLF");
	}
	for (i = 4; i < n - 2; i++)
		if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] > 0x7e) {
			fz_show("reply line", p, n);
			fz_fail("non-printable octet in a reply line");
		}
	*more = p[3] == '-';
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

/* The length of the first line of p[0..n), CRLF included, or 0 if the
 * buffer does not hold a whole line. */
static inline size_t
fz_line_len(const char *p, size_t n)
{
	const char *lf = memchr(p, '\n', n);

	return lf ? (size_t)(lf - p) + 1 : 0;
}

/* Every write is whole reply lines, each of the right shape (aborts). */
static inline void
fz_check_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t n = fz_line_len(buf + i, len - i);
		int more;

		FZ_CHECK(n > 0, "a write without a whole line");
		(void)fz_reply_line(buf + i, n, &more);
		i += n;
	}
}

/* ------------------------------------------------------------------------
 * Input consumption
 */

struct fz_in {
	const uint8_t *p;
	size_t n;
};

/* The next byte, or dflt when the input is used up. */
static inline unsigned
fz_byte(struct fz_in *in, unsigned dflt)
{
	if (in->n == 0)
		return dflt;
	in->n--;
	return *in->p++;
}

/* Does p[0..n) contain the string s? */
static inline int
fz_find(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);

	for (size_t i = 0; k <= n && i <= n - k; i++)
		if (memcmp(p + i, s, k) == 0)
			return 1;
	return 0;
}

/* Is p[0..n) the word, ignoring ASCII case? */
static inline int
fz_casecmp(const char *p, size_t n, const char *word)
{
	size_t k = strlen(word);

	if (n != k)
		return 0;
	for (size_t i = 0; i < k; i++) {
		int a = (unsigned char)p[i], b = (unsigned char)word[i];

		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (b >= 'A' && b <= 'Z')
			b += 'a' - 'A';
		if (a != b)
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------------------
 * A reference of our own
 */

/* RFC 3629 well-formed UTF-8, by the table of Unicode 3.9 (D92). */
static inline int
fz_utf8_valid(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i], lo = 0x80, hi = 0xbf, more;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			more = 1;
		else if (c >= 0xe0 && c <= 0xef)
			more = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			more = 3;
		else
			return 0;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		else if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
		if (n - i <= more || p[i + 1] < lo || p[i + 1] > hi)
			return 0;
		for (unsigned k = 2; k <= more; k++)
			if (p[i + k] < 0x80 || p[i + k] > 0xbf)
				return 0;
		i += more + 1;
	}
	return 1;
}

#endif

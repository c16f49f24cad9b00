/*
 * log.c - event lines on stderr; see log.h.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static char prefix[64];
static size_t prefix_len;

static void
put(struct logline *l, const char *p, size_t n)
{
	if (n > sizeof l->buf - 1 - l->len)
		n = sizeof l->buf - 1 - l->len;	/* keep room for "\n" */
	memcpy(l->buf + l->len, p, n);
	l->len += n;
}

static void
puts_(struct logline *l, const char *s)
{
	put(l, s, strlen(s));
}

static size_t
decimal(char *buf, unsigned long long v)
{
	char tmp[24];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

void
log_init(const char *program)
{
	char num[24];
	size_t k = strlen(program), d = decimal(num, (unsigned long long)getpid());

	if (k > sizeof prefix - d - 5)
		k = sizeof prefix - d - 5;
	memcpy(prefix, program, k);
	prefix[k++] = '[';
	memcpy(prefix + k, num, d);
	k += d;
	memcpy(prefix + k, "]: ", 3);
	prefix_len = k + 3;
}

void
log_begin(struct logline *l, const char *level, const char *event)
{
	l->len = 0;
	put(l, prefix, prefix_len);
	puts_(l, level);
	puts_(l, ": ");
	puts_(l, event);
}

void
log_word(struct logline *l, const char *key, const char *value)
{
	put(l, " ", 1);
	puts_(l, key);
	put(l, "=", 1);
	puts_(l, value);
}

void
log_num(struct logline *l, const char *key, unsigned long long value)
{
	char num[24];

	put(l, " ", 1);
	puts_(l, key);
	put(l, "=", 1);
	put(l, num, decimal(num, value));
}

void
log_text(struct logline *l, const char *key, const char *value, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, shown = len > LOG_VALUE_MAX ? LOG_VALUE_MAX : len;

	put(l, " ", 1);
	puts_(l, key);
	put(l, "=\"", 2);
	for (i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)value[i];
		char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

		if (c == '"' || c == '\\')
			put(l, esc, 1), put(l, (const char *)&value[i], 1);
		else if (c < 0x20 || c > 0x7e)
			put(l, esc, 4);
		else
			put(l, (const char *)&value[i], 1);
	}
	if (shown < len)
		put(l, "...", 3);
	put(l, "\"", 1);
}

void
log_end(struct logline *l)
{
	l->buf[l->len++] = '\n';
	/* One write: lines from concurrent sessions do not interleave. */
	(void)!write(2, l->buf, l->len);
}

void
log_fatal(int code, const char *what, const char *reason)
{
	struct logline l;

	log_begin(&l, "fatal", what);
	if (reason && *reason) {
		put(&l, ": ", 2);
		puts_(&l, reason);
	}
	log_end(&l);
	exit(code);
}

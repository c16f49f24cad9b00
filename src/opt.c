/*
 * opt.c - see opt.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "opt.h"

unsigned long long
opt_number(const char *what, const char *s, unsigned long long min,
    unsigned long long max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	/* strtoull would take "-1", " 1" and "" */
	if (*s < '0' || *s > '9')
		log_fatal(100, what, "not a number");
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		log_fatal(100, what, "not a number in range");
	return v;
}

int
opt_word_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 255)
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~')
			return 0;
	return 1;
}

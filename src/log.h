/*
 * log.h - one line per event on stderr, in the form
 *     smtp-server[pid]: info: event key=value key="client text" ...
 * Client text is quoted, escaped and capped; nothing secret is ever given
 * to these functions.
 */
#ifndef LOG_H
#define LOG_H

#include <stddef.h>

#define LOG_LINE_MAX 1024	/* one write(2) per line */
#define LOG_VALUE_MAX 200	/* client text beyond this is cut, with "..." */

struct logline {
	char buf[LOG_LINE_MAX];
	size_t len;
};

/* Name the program once: "smtp-server" gives "smtp-server[pid]: ". */
void log_init(const char *program);

/* Start a line: level is "info", "warning" or "fatal". */
void log_begin(struct logline *l, const char *level, const char *event);
/* key=value for values we made ourselves (numbers, tokens). */
void log_word(struct logline *l, const char *key, const char *value);
void log_num(struct logline *l, const char *key, unsigned long long value);
/* key="value" for text that came from the client or a child: quoted,
 * with \, " and non-printable octets escaped, cut at LOG_VALUE_MAX. */
void log_text(struct logline *l, const char *key, const char *value,
    size_t len);
/* Write the line to stderr (fd 2) in one write. */
void log_end(struct logline *l);

/* Shorthand: "prog: fatal: what: reason" to stderr, then exit(code). */
void log_fatal(int code, const char *what, const char *reason)
    __attribute__((noreturn));

#endif

/*
 * child.h - run an external program with an explicit argv and environment,
 * chosen descriptors, a deadline, and its first output line captured.
 * Never through a shell.
 */
#ifndef CHILD_H
#define CHILD_H

#include <stddef.h>

#define CHILD_LINE_MAX 512	/* an SMTP reply line (RFC 5321 4.5.3.1.5) */

struct child_spec {
	char *const *argv;	/* argv[0] is the program (looked up in PATH
				   when it has no "/") */
	char *const *envp;	/* the whole environment */
	int stdin_fd;		/* the child's fd 0; -1: /dev/null */
	const void *fd1_data;	/* non-NULL: fd 1 is a pipe carrying these
				   octets (the qmail-queue envelope), and
				   the reply line is read from fd 6 instead */
	size_t fd1_len;
	const void *fd3_data;	/* non-NULL: fd 3 is a pipe carrying these
				   octets (checkpassword) */
	size_t fd3_len;
	int capture;		/* read the first line of fd 1 (or fd 6);
				   0: fd 1 goes to /dev/null */
	int timeout_ms;		/* killed (whole process group) after this */
};

struct child_result {
	int exit_code;		/* 0..255, or -1 when it did not exit */
	int signal;		/* the signal that ended it, or 0 */
	int timed_out;
	char line[CHILD_LINE_MAX + 1];	/* first line, without CR/LF; "" */
};

/* Run it and wait.  Returns 0 when the child ran (see result), -1 when it
 * could not be started (err says why; the child's own exec failure is exit
 * code 111 in result, as daemontools programs do). */
int child_run(const struct child_spec *spec, struct child_result *result,
    char *err, size_t errlen);

/* An environment under construction: fixed storage, validated values. */
#define ENV_MAX_VARS 32
#define ENV_STORE 8192
struct envbuf {
	char *vars[ENV_MAX_VARS + 1];
	char store[ENV_STORE];
	size_t used;
	int n;
};

void env_init(struct envbuf *e);
/* Add NAME=value; refused (-1) when value has CR, LF or other control
 * octets, or when the storage is full. */
int env_add(struct envbuf *e, const char *name, const char *value);

#endif

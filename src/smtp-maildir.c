/*
 * smtp-maildir - deliver the message on stdin into a Maildir.
 *
 *     smtp-maildir [-c] DIR [RCPT ...]
 *
 * The delivery program of smtp-server(8): the message arrives on stdin in
 * SMTP wire form, the sender in $SENDER, the recipients as arguments.  Exit 0
 * only once the message is durable in DIR/new, 100 for a permanent failure
 * (usage, a sender or recipient that cannot go into a header), 111 for a
 * temporary one.  The first line on stdout is an SMTP reply for the caller.
 * The work is done by maildir_deliver() (maildir.c), which a threaded host
 * can call in-process.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "maildir.h"

#define PROG		"smtp-maildir"
#define RCPT_STACK	32	/* recipients held without malloc() */
#define LINE_MAX_OUT	1024	/* a reply or diagnostic line */

/* The work buffer: in .bss, so it costs nothing until touched. */
static char buf[MAILDIR_BUFSIZE];

/* Write the strings, cut to one line of LINE_MAX_OUT, in a single write. */
static void
say(int fd, const char *const *part, size_t nparts)
{
	char line[LINE_MAX_OUT];
	size_t len = 0, i, n;

	for (i = 0; i < nparts; i++) {
		n = strlen(part[i]);
		if (n > sizeof line - 1 - len)
			n = sizeof line - 1 - len;
		memcpy(line + len, part[i], n);
		len += n;
	}
	line[len++] = '\n';
	/* Nothing useful is left to do if this fails. */
	(void)!write(fd, line, len);
}

static void
usage(void)
{
	static const char *const msg[] = {
		"usage: " PROG " [-c] DIR [RCPT ...]"
	};

	say(2, msg, 1);
	exit(MAILDIR_PERMANENT);
}

static int
fail(int rc, const char *status, const char *reason, const char *error)
{
	const char *reply[] = {
		rc == MAILDIR_PERMANENT ? "554 " : "451 ", status, " ", reason
	};
	const char *diag[] = { PROG ": fatal: ", error };

	say(1, reply, sizeof reply / sizeof reply[0]);
	say(2, diag, sizeof diag / sizeof diag[0]);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct maildir_str stack[RCPT_STACK], sender, *rcpt = stack;
	struct maildir_result r;
	struct maildir_msg m;
	struct sigaction sa;
	const char *env;
	size_t nrcpt, i;
	int ch, rc;

	memset(&m, 0, sizeof m);
	opterr = 0;
	/* "+": options end at DIR, so a recipient may begin with '-'. */
	while ((ch = getopt(argc, argv, "+c")) != -1) {
		switch (ch) {
		case 'c':
			m.flags |= MAILDIR_KEEP_CRLF;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || argv[0][0] == '\0')
		usage();

	/* The reply goes out after the message is safe: a reader that went
	 * away must not turn a delivery into a death by SIGPIPE. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) == -1)
		return fail(MAILDIR_TEMPORARY, "4.3.0", "Temporary failure",
		    "unable to ignore SIGPIPE");

	nrcpt = (size_t)argc - 1;
	if (nrcpt > RCPT_STACK) {
		if (nrcpt > SIZE_MAX / sizeof *rcpt ||
		    (rcpt = malloc(nrcpt * sizeof *rcpt)) == NULL)
			return fail(MAILDIR_TEMPORARY, "4.3.0",
			    "Temporary failure",
			    "unable to allocate memory: out of memory");
	}
	for (i = 0; i < nrcpt; i++) {
		rcpt[i].ptr = argv[i + 1];
		rcpt[i].len = strlen(argv[i + 1]);
	}

	/* Unset: no Return-Path line (the caller knows no sender); set but
	 * empty: the null reverse-path, "<>". */
	if ((env = getenv("SENDER")) != NULL) {
		sender.ptr = env;
		sender.len = strlen(env);
		m.sender = &sender;
	}
	m.dir = argv[0];
	m.rcpt = rcpt;
	m.nrcpt = nrcpt;
	m.fd = 0;
	m.buf = buf;
	m.bufsize = sizeof buf;

	rc = maildir_deliver(&m, &r);
	if (rc == MAILDIR_OK) {
		const char *reply[] = { "250 2.0.0 Ok: delivered as ", r.name };

		say(1, reply, sizeof reply / sizeof reply[0]);
		return 0;
	}
	return fail(rc, r.status, r.reason, r.error);
}

/*
 * conf.h - the program's configuration: command-line options and the
 * environment, read once at start into one structure.
 */
#ifndef CONF_H
#define CONF_H

#include <stdint.h>

struct conf {
	const char *hostname;	/* -h; default: the system's name */
	const char *certfile;	/* -c */
	const char *keyfile;	/* -k */
	int implicit_tls;	/* -T (RFC 8314) */
	const char *checkpassword; /* -a */
	int auth_insecure;	/* -A: AUTH without TLS */
	uint64_t max_size;	/* -s, or DATABYTES; 0: unlimited */
	unsigned max_rcpt;	/* -r */
	int timeout;		/* -t seconds: idle client */
	int child_timeout;	/* -w seconds: each child program */
	const char *mail_check;	/* -m */
	const char *rcpt_check;	/* -R */
	int qmail_queue;	/* -Q */
	const char *spool_dir;	/* TMPDIR, else /tmp */
	char *const *deliver;	/* the delivery program and its arguments */
	int deliver_argc;

	/* from the environment (tcpserver, s6, systemd, inetd) */
	char remote_ip[64];
	char local_ip[64];
	const char *remote_host; /* TCPREMOTEHOST, or NULL */
	const char *remote_info; /* TCPREMOTEINFO, or NULL */
	const char *relayclient; /* RELAYCLIENT, or NULL */
	const char *path;	/* PATH for children */
};

/* Parse options and environment; on any error print usage or a diagnostic
 * and exit 100. */
void conf_load(struct conf *c, int argc, char **argv);

#endif

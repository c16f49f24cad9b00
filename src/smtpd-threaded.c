/*
 * smtpd-threaded.c - a TCP SMTP server with one thread per connection, on
 * the same protocol core (smtpd.h) as smtp-server(8).
 *
 *     smtpd-threaded [-h name] [-l address] [-p port] [-n threads]
 *         [-t seconds] [-s bytes] [-c certfile -k keyfile] -D | maildir
 *
 * The main thread owns the listening socket and does nothing but accept:
 * each connection gets a detached thread with a blocking socket, and that
 * thread answers every decision of the core at once (no SMTPD_DEFER: the
 * thread may block, so it simply does the work inside the callback).
 *
 * The number of sessions is bounded by tokens in a pipe, which the accept
 * loop (threaded_listen.c) takes and each session gives back as the last
 * thing it does; SIGTERM and SIGINT stop the loop, and main() returns,
 * abandoning the sessions still running.
 *
 * Messages are spooled (spool.c, an unlinked file in TMPDIR) and, after the
 * final dot, written into the Maildir by maildir_deliver() (maildir.c, the
 * code behind smtp-maildir(8)); 250 is said only once the message is
 * durable.  With -D they are counted and dropped.  The connection's I/O,
 * plain or TLS, goes through netio.c and tls_stdio.c as in smtp-server(8),
 * and log lines are made by log.c.
 *
 * Shared between threads: the read-only struct server, the token pipe, the
 * libtls that main() loads before the first thread exists, and stderr (one
 * write(2) per log line).  Everything else belongs to one session.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "opt.h"
#include "maildir.h"
#include "netio.h"
#include "smtpd.h"
#include "spool.h"
#include "threaded_listen.h"
#include "tls_stdio.h"

#define PROG		"smtpd-threaded"
#define USAGE		"usage: " PROG " [-h name] [-l address] [-p port] " \
			"[-n threads] [-t seconds] [-s bytes] " \
			"[-c certfile -k keyfile] -D | maildir"
#define ADDRESS_MAX	256	/* RFC 5321 4.5.3.1.3: a path is <= 256 */
#define STACK_SIZE	(512 * 1024)	/* enough for OpenSSL's handshake */
#define READ_BUF	65536

/* What every session reads and none writes. */
struct server {
	const char *hostname;	/* -h, validated */
	const char *maildir;	/* NULL with -D */
	const char *certfile, *keyfile;
	const char *spool_dir;	/* $TMPDIR or /tmp */
	uint64_t max_size;	/* 0: no limit */
	int timeout;		/* -t, seconds */
	int token_w;		/* a session gives its token back here */
};

/* One connection, owned by its thread. */
struct session {
	const struct server *srv;
	unsigned long long id;	/* "sid=N" in the log */
	int fd;
	char ip[INET6_ADDRSTRLEN];
	struct netio net;
	smtpd_session *s;
	char tls[128];		/* "TLSv1.3 cipher" once TLS is on */
	char sender[ADDRESS_MAX + 1];
	struct maildir_str *rcpt; /* accepted recipients, each malloc'ed */
	size_t nrcpt, rcpt_cap;
	uint64_t size;		/* -D: octets of the message */
	struct spool spool;
	unsigned long messages, accepted;
	const char *end;	/* why the session ended */
	char buf[READ_BUF];
};

static void
usage(void)
{
	(void)!write(2, USAGE "\n", sizeof USAGE);
	exit(100);
}

/* Start a session's log line: "event sid=N" (smtp-server(8)'s lines with
 * a session number, since one process serves many). */
static void
slog_begin(struct logline *l, const struct session *se, const char *level,
    const char *event)
{
	log_begin(l, level, event);
	log_num(l, "sid", se->id);
}

static const char *
decision_word(smtpd_decision d)
{
	return d == SMTPD_ACCEPT ? "accept" : d == SMTPD_REJECT ? "reject" :
	    "tempfail";
}

/* ------------------------------------------------------------------------
 * The transaction
 */

static void
forget_transaction(struct session *se)
{
	for (size_t i = 0; i < se->nrcpt; i++)
		free((char *)se->rcpt[i].ptr);
	se->nrcpt = 0;
	se->sender[0] = '\0';
	se->size = 0;
	spool_close(&se->spool);
}

/* RFC 5322 3.3 date-time, in UTC. */
static void
rfc5322_date(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(buf, len, "%a, %d %b %Y %H:%M:%S +0000", &tm) == 0)
		buf[0] = '\0';
}

/* The trace line of RFC 5321 4.4, with the protocol of RFC 3848, as
 * smtp-server(8) writes it. */
static int
write_received(struct session *se)
{
	char line[1024], date[64];
	const char *helo = smtpd_helo_name(se->s);
	int one = se->nrcpt == 1, n;

	rfc5322_date(date, sizeof date);
	n = snprintf(line, sizeof line,
	    "Received: from %s (unknown [%s])\r\n"
	    "\tby %s (" PROG ") with %s%s%s%s%s%s%s; %s\r\n",
	    helo[0] ? helo : "unknown", se->ip, se->srv->hostname,
	    smtpd_protocol(se->s),
	    se->tls[0] ? " (" : "", se->tls, se->tls[0] ? ")" : "",
	    /* "for" only with one recipient: no list of Bcc addresses */
	    one ? "\r\n\tfor <" : "", one ? se->rcpt[0].ptr : "",
	    one ? ">" : "", date);
	if (n < 0 || (size_t)n >= sizeof line)
		return -1;
	return spool_write(&se->spool, line, (size_t)n);
}

/* The spooled message into the Maildir: 250 only once it is durable. */
static smtpd_decision
deliver(struct session *se, struct logline *l)
{
	struct maildir_msg m;
	struct maildir_result r;
	struct maildir_str sender = { se->sender, strlen(se->sender) };
	char err[256];
	int rc;

	if (spool_finish(&se->spool, err, sizeof err) != 0) {
		log_text(l, "error", err, strlen(err));
		return SMTPD_TEMPFAIL;
	}
	memset(&m, 0, sizeof m);
	m.dir = se->srv->maildir;
	m.sender = &sender;
	m.rcpt = se->rcpt;
	m.nrcpt = se->nrcpt;
	m.fd = se->spool.fd;
	m.buf = NULL;		/* maildir_deliver() allocates its own */
	rc = maildir_deliver(&m, &r);
	if (rc == MAILDIR_OK) {
		char text[MAILDIR_NAME_MAX + 32];

		log_text(l, "file", r.name, strlen(r.name));
		if (snprintf(text, sizeof text, "Ok: delivered as %s",
		    r.name) < (int)sizeof text)
			(void)smtpd_reply_set(se->s, 250, "2.0.0", text);
		return SMTPD_ACCEPT;
	}
	log_text(l, "error", r.error, strlen(r.error));
	if (rc == MAILDIR_PERMANENT) {
		(void)smtpd_reply_set(se->s, 554, r.status, r.reason);
		return SMTPD_REJECT;
	}
	(void)smtpd_reply_set(se->s, 451, r.status, r.reason);
	return SMTPD_TEMPFAIL;
}

/* ------------------------------------------------------------------------
 * The core's callbacks: each decision is made at once, in this thread.
 */

static int
cb_write(void *host, const char *buf, size_t len)
{
	struct session *se = host;

	if (netio_write(&se->net, buf, len) != 0) {
		se->end = "write-failed";
		return -1;
	}
	return 0;
}

static smtpd_decision
cb_helo(void *host, smtpd_session *s, const char *name, size_t len, int ehlo)
{
	struct session *se = host;
	struct logline l;

	(void)s;
	slog_begin(&l, se, "info", ehlo ? "ehlo" : "helo");
	log_text(&l, "name", name, len);
	log_end(&l);
	return SMTPD_ACCEPT;
}

/* libtls was loaded by main(): nothing can be missing now. */
static smtpd_decision
cb_starttls(void *host, smtpd_session *s)
{
	(void)host, (void)s;
	return SMTPD_ACCEPT;
}

static smtpd_decision
cb_mail(void *host, smtpd_session *s, const struct smtpd_mail *m)
{
	struct session *se = host;
	struct logline l;

	(void)s;
	forget_transaction(se);
	if (m->address_len > ADDRESS_MAX)
		return SMTPD_REJECT;	/* the core's limit is lower */
	memcpy(se->sender, m->address, m->address_len);
	se->sender[m->address_len] = '\0';
	slog_begin(&l, se, "info", "mail");
	log_text(&l, "from", m->address, m->address_len);
	log_end(&l);
	return SMTPD_ACCEPT;
}

static smtpd_decision
cb_rcpt(void *host, smtpd_session *s, const struct smtpd_rcpt *r)
{
	struct session *se = host;
	struct logline l;
	char *copy;

	(void)s;
	slog_begin(&l, se, "info", "rcpt");
	log_text(&l, "to", r->address, r->address_len);
	log_end(&l);
	if (se->nrcpt == se->rcpt_cap) {
		size_t cap = se->rcpt_cap ? se->rcpt_cap * 2 : 8;
		struct maildir_str *p = realloc(se->rcpt, cap * sizeof *p);

		if (p == NULL)
			return SMTPD_TEMPFAIL;
		se->rcpt = p;
		se->rcpt_cap = cap;
	}
	copy = strdup(r->address);
	if (copy == NULL)
		return SMTPD_TEMPFAIL;
	se->rcpt[se->nrcpt].ptr = copy;
	se->rcpt[se->nrcpt++].len = r->address_len;
	return SMTPD_ACCEPT;
}

static smtpd_decision
cb_data(void *host, smtpd_session *s)
{
	struct session *se = host;
	struct logline l;
	char err[256] = "unable to write spool file";

	(void)s;
	if (se->srv->maildir == NULL)
		return SMTPD_ACCEPT;	/* -D: nothing to keep */
	if (spool_open(&se->spool, se->srv->spool_dir, err, sizeof err) != 0 ||
	    write_received(se) != 0) {
		slog_begin(&l, se, "warning", "spool");
		log_text(&l, "error", err, strlen(err));
		log_end(&l);
		spool_close(&se->spool);
		return SMTPD_TEMPFAIL;
	}
	return SMTPD_ACCEPT;
}

static int
cb_body(void *host, smtpd_session *s, const char *p, size_t n)
{
	struct session *se = host;

	(void)s;
	if (se->srv->maildir == NULL) {
		se->size += n;
		return 0;
	}
	return spool_write(&se->spool, p, n);
}

static smtpd_decision
cb_message(void *host, smtpd_session *s)
{
	struct session *se = host;
	struct logline l;
	smtpd_decision d = SMTPD_ACCEPT;

	(void)s;
	se->messages++;
	slog_begin(&l, se, "info", "message");
	log_text(&l, "from", se->sender, strlen(se->sender));
	log_num(&l, "rcpts", se->nrcpt);
	if (se->srv->maildir == NULL) {
		log_num(&l, "size", se->size);
		log_word(&l, "action", "discard");
	} else {
		log_num(&l, "size", se->spool.size);
		d = deliver(se, &l);
	}
	log_word(&l, "result", decision_word(d));
	log_end(&l);
	if (d == SMTPD_ACCEPT)
		se->accepted++;
	forget_transaction(se);
	return d;
}

static void
cb_reset(void *host, smtpd_session *s)
{
	(void)s;
	forget_transaction(host);
}

static const struct smtpd_callbacks callbacks_plain = {
	.write = cb_write,
	.helo = cb_helo,
	.mail = cb_mail,
	.rcpt = cb_rcpt,
	.data = cb_data,
	.body = cb_body,
	.message = cb_message,
	.reset = cb_reset,
};

static const struct smtpd_callbacks callbacks_tls = {
	.write = cb_write,
	.helo = cb_helo,
	.starttls = cb_starttls,
	.mail = cb_mail,
	.rcpt = cb_rcpt,
	.data = cb_data,
	.body = cb_body,
	.message = cb_message,
	.reset = cb_reset,
};

/* ------------------------------------------------------------------------
 * A session's thread
 */

static int
start_tls(struct session *se)
{
	char err[256];
	struct logline l;

	se->net.tls = tlsio_accept(se->fd, se->fd, se->srv->certfile,
	    se->srv->keyfile, se->srv->timeout * 1000, err, sizeof err);
	if (se->net.tls == NULL) {
		slog_begin(&l, se, "info", "tls");
		log_word(&l, "result", "failed");
		log_text(&l, "error", err, strlen(err));
		log_end(&l);
		return -1;
	}
	tlsio_describe(se->net.tls, se->tls, sizeof se->tls);
	slog_begin(&l, se, "info", "tls");
	log_text(&l, "session", se->tls, strlen(se->tls));
	log_end(&l);
	return 0;
}

/* Read and feed until the session closes.  -t bounds each line, not each
 * read, as in smtp-server(8): a client that sends a byte every few seconds
 * still meets the deadline. */
static void
session_loop(struct session *se)
{
	long long timeout_ms = (long long)se->srv->timeout * 1000, deadline;
	uint64_t lines = smtpd_lines(se->s);

	deadline = netio_now_ms() + timeout_ms;
	while (smtpd_status(se->s) != SMTPD_CLOSED) {
		ssize_t n;
		size_t off = 0;
		long long left;

		if (smtpd_status(se->s) == SMTPD_STARTTLS) {
			/* RFC 3207 4.2: what was sent before is forgotten */
			smtpd_tls_done(se->s, start_tls(se) == 0);
			if (smtpd_status(se->s) == SMTPD_CLOSED)
				se->end = "tls-failed";
			deadline = netio_now_ms() + timeout_ms;
			continue;
		}
		if (smtpd_lines(se->s) != lines) {
			lines = smtpd_lines(se->s);
			deadline = netio_now_ms() + timeout_ms;
		}
		left = deadline - netio_now_ms();
		n = left > 0 ? netio_read(&se->net, se->buf, sizeof se->buf,
		    (int)left) : -2;
		if (n == -2) {
			se->end = "timeout";
			smtpd_timeout(se->s);
			break;
		}
		if (n <= 0) {
			se->end = n == 0 ? "client-closed" : "read-failed";
			break;
		}
		/* No decision is deferred, so the core takes it all unless
		 * it stops reading (STARTTLS, close): the rest is dropped. */
		while (off < (size_t)n && smtpd_status(se->s) == SMTPD_READING)
			off += smtpd_feed(se->s, se->buf + off,
			    (size_t)n - off);
	}
}

/* The client's address as text; an IPv4 client of a dual-stack listener
 * is shown as IPv4. */
static void
peer_address(int fd, char *buf, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	const void *a = NULL;
	int family = AF_UNSPEC;

	if (getpeername(fd, (struct sockaddr *)&ss, &sl) == 0) {
		family = ss.ss_family;
		if (family == AF_INET) {
			a = &((struct sockaddr_in *)&ss)->sin_addr;
		} else if (family == AF_INET6) {
			const struct in6_addr *a6 =
			    &((struct sockaddr_in6 *)&ss)->sin6_addr;

			a = a6;
			if (IN6_IS_ADDR_V4MAPPED(a6)) {
				family = AF_INET;
				a = &a6->s6_addr[12];
			}
		}
	}
	if (a == NULL || inet_ntop(family, a, buf, (socklen_t)len) == NULL)
		memcpy(buf, "unknown", 8);
}

static void *
session_thread(void *arg)
{
	struct session *se = arg;
	const struct server *srv = se->srv;
	struct smtpd_config cfg;
	struct timeval tv = { srv->timeout, 0 };
	struct logline l;

	/* A blocking socket, but a client that stops reading must not hold
	 * a write forever: after -t seconds write() fails with EAGAIN and
	 * netio_write() gives up at its own deadline. */
	(void)setsockopt(se->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	netio_init(&se->net, se->fd, se->fd, srv->timeout * 1000);
	spool_init(&se->spool);
	peer_address(se->fd, se->ip, sizeof se->ip);
	slog_begin(&l, se, "info", "connect");
	log_word(&l, "ip", se->ip);
	log_end(&l);

	memset(&cfg, 0, sizeof cfg);
	cfg.hostname = srv->hostname;
	cfg.max_message_size = srv->max_size ? srv->max_size :
	    SMTPD_UNLIMITED;
	se->end = "quit";
	se->s = smtpd_new(&cfg, srv->certfile ? &callbacks_tls :
	    &callbacks_plain, se);
	if (se->s == NULL) {
		se->end = "out-of-memory";
	} else {
		smtpd_start(se->s, se->ip);
		session_loop(se);
		smtpd_free(se->s);
	}
	forget_transaction(se);
	free(se->rcpt);
	if (se->net.tls)
		tlsio_close(se->net.tls);
	close(se->fd);
	slog_begin(&l, se, "info", "end");
	log_word(&l, "ip", se->ip);
	log_word(&l, "reason", se->end);
	log_num(&l, "messages", se->messages);
	log_num(&l, "accepted", se->accepted);
	log_end(&l);
	free(se);
	/* The last act: from here on another session may start. */
	listener_release(srv->token_w);
	return NULL;
}

/* ------------------------------------------------------------------------
 * Start-up
 */

/* Give the connection a thread of its own (listener_run()'s start). */
static int
spawn(void *arg, int fd, unsigned long long id)
{
	const struct server *srv = arg;
	pthread_attr_t attr;
	pthread_t t;
	struct session *se = malloc(sizeof *se);
	int rc;

	if (se == NULL)
		return -1;
	memset(se, 0, offsetof(struct session, buf));
	se->srv = srv;
	se->id = id;
	se->fd = fd;
	if ((rc = pthread_attr_init(&attr)) != 0) {
		free(se);
		errno = rc;
		return -1;
	}
	(void)pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	(void)pthread_attr_setstacksize(&attr, STACK_SIZE);
	rc = pthread_create(&t, &attr, session_thread, se);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		free(se);
		errno = rc;
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static char host[256];
	struct server srv;
	struct listener ls;
	const char *address = NULL, *port = "25";
	char err[256];
	unsigned threads = 100;
	int opt, discard = 0, sig;
	struct logline l;

	memset(&srv, 0, sizeof srv);
	srv.max_size = 10485760;
	srv.timeout = 300;	/* RFC 5321 4.5.3.2.7: at least 5 minutes */
	log_init(PROG);
	while ((opt = getopt(argc, argv, "Dc:h:k:l:n:p:s:t:")) != -1) {
		switch (opt) {
		case 'D': discard = 1; break;
		case 'c': srv.certfile = optarg; break;
		case 'h': srv.hostname = optarg; break;
		case 'k': srv.keyfile = optarg; break;
		case 'l': address = optarg; break;
		case 'n':
			threads = (unsigned)opt_number("-n", optarg, 1,
			    LISTEN_MAX_SESSIONS);
			break;
		case 'p':
			(void)opt_number("-p", optarg, 0, 65535);
			port = optarg;
			break;
		case 's':
			srv.max_size = opt_number("-s", optarg, 0, UINT64_MAX - 1);
			break;
		case 't':
			srv.timeout = (int)opt_number("-t", optarg, 1, 86400);
			break;
		default:
			usage();
		}
	}
	/* Exactly one of -D and a Maildir. */
	if (argc - optind != (discard ? 0 : 1) ||
	    (!discard && argv[optind][0] == '\0'))
		usage();
	srv.maildir = discard ? NULL : argv[optind];
	if ((srv.certfile == NULL) != (srv.keyfile == NULL))
		log_fatal(100, "-c and -k", "give both or neither");
	if (srv.hostname == NULL) {
		if (gethostname(host, sizeof host - 1) != 0 || !opt_word_ok(host))
			memcpy(host, "localhost", 10);
		host[sizeof host - 1] = '\0';
		srv.hostname = host;
	}
	if (!opt_word_ok(srv.hostname))
		log_fatal(100, "-h", "not a host name");
	srv.spool_dir = getenv("TMPDIR");
	if (srv.spool_dir == NULL || *srv.spool_dir != '/')
		srv.spool_dir = "/tmp";

	/* A daemon pays for libtls once, at start, before any thread: a
	 * missing library or an unreadable file is reported now, and the
	 * loader's process-wide state is never raced. */
	if (srv.certfile) {
		if (tlsio_check_files(srv.certfile, srv.keyfile, err,
		    sizeof err) != 0)
			log_fatal(100, "TLS", err);
		if (tlsio_load(err, sizeof err) != 0)
			log_fatal(111, "unable to load libtls", err);
	}

	/* Before any thread: SIGTERM and SIGINT are blocked in all of them
	 * and arrive on the listener's signalfd. */
	signal(SIGPIPE, SIG_IGN);
	listener_open(&ls, address, port, threads);
	srv.token_w = ls.token_w;
	log_begin(&l, "info", "listen");
	log_word(&l, "address", address ? address : "*");
	log_num(&l, "port", ls.port);
	log_num(&l, "threads", threads);
	log_word(&l, "delivery", discard ? "discard" : "maildir");
	log_end(&l);

	sig = listener_run(&ls, spawn, &srv);
	log_begin(&l, "info", "stop");
	log_word(&l, "signal", sig == SIGINT ? "INT" : "TERM");
	log_end(&l);
	/* Sessions still running are abandoned: their clients see the
	 * connection close, and nothing was acknowledged that is not in
	 * new/ (a message being written leaves at most a file in tmp/).
	 * _exit(), not exit(): atexit handlers such as OpenSSL's clean-up
	 * must not free what a running session still uses.  Nothing is
	 * buffered (log lines are written whole). */
	_exit(0);
}

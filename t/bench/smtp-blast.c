/*
 * smtp-blast.c - the benchmarks' own SMTP client, for what Postfix's
 * smtp-source does not do: EHLO with PIPELINING used to the full (RFC 2920:
 * the next MAIL, RCPT and DATA ride in the same write as the end of the
 * previous message, so a message costs one round trip), and STARTTLS.
 *
 *   smtp-blast [-P] [-T] [-p PARALLEL] [-n MESSAGES] [-k PER_CONNECTION]
 *              [-s SIZE] HOST PORT
 *
 *   -p  sessions at once (threads, one blocking socket each; default 1)
 *   -n  messages in all, shared out between the sessions (default 100)
 *   -k  messages per connection; 0 (the default) keeps each session's
 *       connection for all its messages
 *   -s  message size in octets, headers included (default 1024)
 *   -P  pipeline (the server must say PIPELINING)
 *   -T  STARTTLS after EHLO, then EHLO again (libtls; the certificate is not
 *       checked: the benchmark measures the server, not the PKI)
 *
 * Prints one line "messages=N accepted=N wall_s=S msg_per_s=R
 * client_cpu_s=C" and exits 0 only when every message got 250.  Each
 * session's first failure is printed on stderr.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <tls.h>
#include <unistd.h>

#define REPLY_BUF 8192	/* replies to one group; the EHLO reply fits */

struct options {
	const char *host, *port;
	int parallel, per_conn, pipelining, starttls;
	long messages;
	size_t size;
};

struct conn {
	int fd;
	struct tls *tls;
	char buf[REPLY_BUF];
	size_t len, off;
	int has_pipelining;
};

struct worker {
	pthread_t thread;
	long messages, accepted;
	char error[256];
};

static struct options opt = { "127.0.0.1", NULL, 1, 0, 0, 0, 100, 1024 };
static char *message;		/* the body, dot-stuffing not needed */
static size_t message_len;
static char *message_group;	/* the message, then the next MAIL, RCPT,
				   DATA: what a pipelining client sends */
static size_t message_group_len;
static struct tls_config *tls_conf;
static const char group[] =
    "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n";

static void
fail(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	if (w->error[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(w->error, sizeof w->error, fmt, ap);
	va_end(ap);
}

static int
conn_write(struct conn *c, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if (c->tls != NULL) {
			w = tls_write(c->tls, p, n);
			if (w == TLS_WANT_POLLIN || w == TLS_WANT_POLLOUT)
				continue;
		} else {
			w = write(c->fd, p, n);
			if (w < 0 && errno == EINTR)
				continue;
		}
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
conn_fill(struct conn *c)
{
	ssize_t n;

	if (c->off > 0) {
		memmove(c->buf, c->buf + c->off, c->len - c->off);
		c->len -= c->off;
		c->off = 0;
	}
	if (c->len == sizeof c->buf)
		return -1;	/* a reply line longer than the buffer */
	for (;;) {
		if (c->tls != NULL) {
			n = tls_read(c->tls, c->buf + c->len,
			    sizeof c->buf - c->len);
			if (n == TLS_WANT_POLLIN || n == TLS_WANT_POLLOUT)
				continue;
		} else {
			n = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
			if (n < 0 && errno == EINTR)
				continue;
		}
		break;
	}
	if (n <= 0)
		return -1;
	c->len += (size_t)n;
	return 0;
}

/* Read one whole reply (all its lines); returns its code, or -1.  Notes
 * PIPELINING when an EHLO reply offers it. */
static int
conn_reply(struct conn *c, char *text, size_t text_size)
{
	char *nl;
	size_t n;
	int code;

	for (;;) {
		nl = memchr(c->buf + c->off, '\n', c->len - c->off);
		if (nl == NULL) {
			if (conn_fill(c) != 0)
				return -1;
			continue;
		}
		n = (size_t)(nl - (c->buf + c->off)) + 1;
		if (n < 4)
			return -1;
		code = atoi(c->buf + c->off);
		if (n >= 14 && memcmp(c->buf + c->off + 4, "PIPELINING", 10) == 0)
			c->has_pipelining = 1;
		if (text != NULL) {
			snprintf(text, text_size, "%.*s", (int)(n > 200 ? 200 : n - 2),
			    c->buf + c->off);
		}
		c->off += n;
		if (c->buf[c->off - n + 3] != '-')
			return code;
	}
}

static int
expect(struct worker *w, struct conn *c, int want, const char *what)
{
	char text[256] = "";
	int code = conn_reply(c, text, sizeof text);

	if (code == want)
		return 0;
	if (code < 0)
		fail(w, "%s: connection lost", what);
	else
		fail(w, "%s: got \"%s\"", what, text);
	return -1;
}

static int
say(struct worker *w, struct conn *c, const char *line, int want)
{
	if (conn_write(c, line, strlen(line)) != 0) {
		fail(w, "%s: write failed", line);
		return -1;
	}
	return expect(w, c, want, line);
}

static int
conn_open(struct worker *w, struct conn *c)
{
	struct addrinfo hints, *ai;
	int rc, one = 1;

	memset(c, 0, sizeof *c);
	c->fd = -1;
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(opt.host, opt.port, &hints, &ai);
	if (rc != 0) {
		fail(w, "%s: %s", opt.host, gai_strerror(rc));
		return -1;
	}
	c->fd = socket(ai->ai_family, SOCK_STREAM, 0);
	/* commands leave when written, as from a real pipelining client;
	 * Nagle would hold a small write until the previous one's ACK */
	if (c->fd >= 0)
		(void)setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof one);
	if (c->fd < 0 || connect(c->fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		fail(w, "connect: %s", strerror(errno));
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	if (expect(w, c, 220, "greeting") != 0 ||
	    say(w, c, "EHLO blast.example\r\n", 250) != 0)
		return -1;
	if (opt.starttls) {
		if (say(w, c, "STARTTLS\r\n", 220) != 0)
			return -1;
		c->tls = tls_client();
		if (c->tls == NULL || tls_configure(c->tls, tls_conf) != 0 ||
		    tls_connect_socket(c->tls, c->fd, "localhost") != 0 ||
		    tls_handshake(c->tls) != 0) {
			fail(w, "TLS: %s", c->tls ? tls_error(c->tls) : "no memory");
			return -1;
		}
		c->has_pipelining = 0;
		if (say(w, c, "EHLO blast.example\r\n", 250) != 0)
			return -1;
	}
	if (opt.pipelining && !c->has_pipelining) {
		fail(w, "the server does not offer PIPELINING");
		return -1;
	}
	return 0;
}

static void
conn_close(struct conn *c)
{
	if (c->tls != NULL) {
		tls_close(c->tls);
		tls_free(c->tls);
	}
	if (c->fd >= 0)
		close(c->fd);
	c->tls = NULL;
	c->fd = -1;
}

/* One connection's messages, one command per round trip. */
static void
run_plain(struct worker *w, struct conn *c, long n)
{
	for (long i = 0; i < n; i++) {
		if (say(w, c, "MAIL FROM:<a@example.org>\r\n", 250) != 0 ||
		    say(w, c, "RCPT TO:<b@example.net>\r\n", 250) != 0 ||
		    say(w, c, "DATA\r\n", 354) != 0)
			return;
		if (conn_write(c, message, message_len) != 0) {
			fail(w, "message: write failed");
			return;
		}
		if (expect(w, c, 250, "end of data") != 0)
			return;
		w->accepted++;
	}
}

/* One connection's messages, pipelined: the end of each message and the
 * next message's MAIL, RCPT and DATA leave in one write. */
static void
run_pipelined(struct worker *w, struct conn *c, long n)
{
	if (n == 0 || conn_write(c, group, sizeof group - 1) != 0)
		return;
	for (long i = 0; i < n; i++) {
		if (expect(w, c, 250, "MAIL") != 0 ||
		    expect(w, c, 250, "RCPT") != 0 ||
		    expect(w, c, 354, "DATA") != 0)
			return;
		/* the end of this message and the next group in one write */
		if (conn_write(c, i + 1 < n ? message_group : message,
		    i + 1 < n ? message_group_len : message_len) != 0) {
			fail(w, "message: write failed");
			return;
		}
		if (expect(w, c, 250, "end of data") != 0)
			return;
		w->accepted++;
	}
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct conn c;
	long done = 0, n;

	while (done < w->messages && w->error[0] == '\0') {
		n = w->messages - done;
		if (opt.per_conn > 0 && n > opt.per_conn)
			n = opt.per_conn;
		if (conn_open(w, &c) == 0) {
			if (opt.pipelining)
				run_pipelined(w, &c, n);
			else
				run_plain(w, &c, n);
			if (w->error[0] == '\0')
				say(w, &c, "QUIT\r\n", 221);
		}
		conn_close(&c);
		done += n;
	}
	return NULL;
}

/* The message: headers, 76-octet lines of text, and the final dot. */
static void
make_message(size_t size)
{
	static const char head[] = "From: <a@example.org>\r\n"
	    "To: <b@example.net>\r\nSubject: smtp-blast\r\n\r\n";
	size_t n = sizeof head - 1, k;

	if (size < n + 2)
		size = n + 2;
	message = malloc(size + 3);
	if (message == NULL) {
		perror("smtp-blast");
		exit(2);
	}
	memcpy(message, head, n);
	while (n < size) {
		/* 78-octet lines; no last line shorter than its CRLF */
		k = size - n;
		if (k > 78)
			k = size - n - 78 < 3 ? 70 : 78;
		memset(message + n, 'x', k);
		memcpy(message + n + k - 2, "\r\n", 2);
		n += k;
	}
	memcpy(message + size - 2, "\r\n.\r\n", 5);
	message_len = size + 3;
	message_group_len = message_len + sizeof group - 1;
	message_group = malloc(message_group_len);
	if (message_group == NULL) {
		perror("smtp-blast");
		exit(2);
	}
	memcpy(message_group, message, message_len);
	memcpy(message_group + message_len, group, sizeof group - 1);
}

static long
number(const char *s, long min)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min) {
		fprintf(stderr, "smtp-blast: bad number: %s\n", s);
		exit(2);
	}
	return v;
}

static double
seconds(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct worker *workers;
	struct rusage ru;
	long accepted = 0;
	double t0, t1;
	int ch, status = 0;

	while ((ch = getopt(argc, argv, "PTp:n:k:s:")) != -1) {
		switch (ch) {
		case 'P': opt.pipelining = 1; break;
		case 'T': opt.starttls = 1; break;
		case 'p': opt.parallel = (int)number(optarg, 1); break;
		case 'n': opt.messages = number(optarg, 1); break;
		case 'k': opt.per_conn = (int)number(optarg, 0); break;
		case 's': opt.size = (size_t)number(optarg, 1); break;
		default: goto usage;
		}
	}
	if (argc - optind != 2)
		goto usage;
	opt.host = argv[optind];
	opt.port = argv[optind + 1];
	if (opt.parallel > 4096)
		opt.parallel = 4096;
	signal(SIGPIPE, SIG_IGN);
	make_message(opt.size);
	if (opt.starttls) {
		tls_conf = tls_config_new();
		if (tls_conf == NULL) {
			fprintf(stderr, "smtp-blast: tls_config_new failed\n");
			return 2;
		}
		tls_config_insecure_noverifycert(tls_conf);
		tls_config_insecure_noverifyname(tls_conf);
	}
	workers = calloc((size_t)opt.parallel, sizeof *workers);
	if (workers == NULL) {
		perror("smtp-blast");
		return 2;
	}
	t0 = seconds(CLOCK_MONOTONIC);
	for (int i = 0; i < opt.parallel; i++) {
		workers[i].messages = opt.messages / opt.parallel +
		    (i < opt.messages % opt.parallel);
		if (pthread_create(&workers[i].thread, NULL, worker_main,
		    &workers[i]) != 0) {
			fprintf(stderr, "smtp-blast: pthread_create failed\n");
			return 2;
		}
	}
	for (int i = 0; i < opt.parallel; i++) {
		pthread_join(workers[i].thread, NULL);
		accepted += workers[i].accepted;
		if (workers[i].error[0] != '\0') {
			fprintf(stderr, "smtp-blast: session %d: %s\n", i,
			    workers[i].error);
			status = 1;
		}
	}
	t1 = seconds(CLOCK_MONOTONIC);
	getrusage(RUSAGE_SELF, &ru);
	printf("messages=%ld accepted=%ld wall_s=%.3f msg_per_s=%.1f "
	    "client_cpu_s=%.3f\n", opt.messages, accepted, t1 - t0,
	    (double)accepted / (t1 - t0),
	    (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	return status != 0 || accepted != opt.messages;
usage:
	fprintf(stderr, "usage: smtp-blast [-P] [-T] [-p PARALLEL] "
	    "[-n MESSAGES] [-k PER_CONNECTION] [-s SIZE] HOST PORT\n");
	return 2;
}

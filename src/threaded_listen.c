/*
 * threaded_listen.c - see threaded_listen.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "threaded_listen.h"

/* A listening socket on one address, or -1 with *err set. */
static int
bind_one(const struct addrinfo *ai, int *err)
{
	int fd, on = 1, off = 0;

	/* Non-blocking, so that a client gone between poll and accept does
	 * not stall the loop; accepted sockets are blocking all the same. */
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, ai->ai_protocol);
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	/* "::" takes IPv4 clients too, whatever the sysctl says */
	if (ai->ai_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off,
		    sizeof off);
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
	    listen(fd, SOMAXCONN) == 0)
		return fd;
	*err = errno;
	close(fd);
	return -1;
}

static int
listen_on(const char *address, const char *port)
{
	struct addrinfo hints, *res, *ai;
	char what[LOG_VALUE_MAX];
	const char *shown = address ? address : "*";
	int fd = -1, rc, saved = EADDRNOTAVAIL;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(address, port, &hints, &res);
	if (rc != 0) {
		(void)snprintf(what, sizeof what, "unable to resolve %s",
		    shown);
		log_fatal(rc == EAI_AGAIN || rc == EAI_SYSTEM ? 111 : 100,
		    what, gai_strerror(rc));
	}
	/* Without an address, the IPv6 wildcard first, as it serves both
	 * families; with one, the resolver's order. */
	for (int pass = address ? 1 : 0; pass < 2 && fd < 0; pass++) {
		for (ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
			if (pass == 0 && ai->ai_family != AF_INET6)
				continue;
			fd = bind_one(ai, &saved);
		}
	}
	freeaddrinfo(res);
	if (fd < 0) {
		(void)snprintf(what, sizeof what,
		    "unable to listen on %s port %s", shown, port);
		log_fatal(111, what, strerror(saved));
	}
	return fd;
}

static unsigned
bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0)
		return 0;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

void
listener_open(struct listener *ls, const char *address, const char *port,
    unsigned max_sessions)
{
	static char fill[LISTEN_MAX_SESSIONS];
	sigset_t stop;
	int tokens[2];

	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	if (pthread_sigmask(SIG_BLOCK, &stop, NULL) != 0 ||
	    (ls->sigfd = signalfd(-1, &stop, SFD_CLOEXEC)) < 0)
		log_fatal(111, "unable to set up signals", strerror(errno));

	if (max_sessions < 1 || max_sessions > LISTEN_MAX_SESSIONS)
		log_fatal(100, "sessions", "not a number in range");
	if (pipe2(tokens, O_CLOEXEC) != 0)
		log_fatal(111, "unable to create pipe", strerror(errno));
	memset(fill, 't', max_sessions);
	/* at most PIPE_BUF octets: one write, never short */
	if (write(tokens[1], fill, max_sessions) != (ssize_t)max_sessions)
		log_fatal(111, "unable to fill pipe", strerror(errno));
	ls->token_r = tokens[0];
	ls->token_w = tokens[1];

	ls->fd = listen_on(address, port);
	ls->port = bound_port(ls->fd);
}

void
listener_release(int token_w)
{
	char token = 't';

	while (write(token_w, &token, 1) < 0 && errno == EINTR)
		;
}

/* "warning: event error="reason"" */
static void
log_warning(const char *event, int errnum)
{
	struct logline l;
	const char *reason = strerror(errnum);

	log_begin(&l, "warning", event);
	log_text(&l, "error", reason, strlen(reason));
	log_end(&l);
}

int
listener_run(struct listener *ls,
    int (*start)(void *arg, int fd, unsigned long long id), void *arg)
{
	unsigned long long id = 0;
	int have_token = 0;

	for (;;) {
		struct pollfd p[2] = {
			{ ls->sigfd, POLLIN, 0 },
			{ have_token ? ls->fd : ls->token_r, POLLIN, 0 },
		};
		struct signalfd_siginfo si;
		char token;
		int fd;

		if (poll(p, 2, -1) < 0) {
			if (errno != EINTR)
				log_fatal(111, "unable to poll",
				    strerror(errno));
			continue;
		}
		if (p[0].revents) {
			if (read(ls->sigfd, &si, sizeof si) != sizeof si)
				continue;
			close(ls->fd);
			ls->fd = -1;
			return (int)si.ssi_signo;
		}
		if (!p[1].revents)
			continue;
		if (!have_token) {
			if (read(ls->token_r, &token, 1) == 1)
				have_token = 1;
			continue;
		}
		fd = accept4(ls->fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				/* Out of resources: back off, do not spin. */
				log_warning("accept", errno);
				(void)poll(NULL, 0, 100);
			}
			continue;	/* EAGAIN, ECONNABORTED, EINTR ... */
		}
		if (start(arg, fd, ++id) != 0) {
			log_warning("session", errno);
			close(fd);
			continue;
		}
		have_token = 0;
	}
}

/*
 * smtpd-evented.c - many SMTP sessions per process, one epoll loop per
 * worker: main(), options, listening sockets and worker processes.
 *
 * The loop is in evented_loop.c, the decisions and delivery in
 * evented_policy.c.  With -w N the parent opens N listening sockets on the
 * same address with SO_REUSEPORT, so the kernel spreads connections over
 * them, forks one worker per socket and restarts a worker that dies.  With
 * -w 1 (the default) there is no parent: the process is the worker.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "evented_loop.h"
#include "log.h"
#include "opt.h"

#define USAGE "usage: smtpd-evented [-q] [-h name] [-l addr] [-p port] " \
    "[-w workers] [-t seconds] [-m maxsessions] [-s bytes] [-r delay_ms] " \
    "(-D | maildir)"

#define WORKERS_MAX	256
#define FD_SLACK	32	/* descriptors besides sessions: listener,
				   epoll, stdio, spool and Maildir files */

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
usage(void)
{
	(void)!write(2, USAGE "\n", sizeof USAGE);
	exit(100);
}

/* Copy an error text, cut to fit. */
static void
set_error(char *err, size_t errlen, const char *text)
{
	size_t n = strlen(text);

	if (errlen == 0)
		return;
	if (n > errlen - 1)
		n = errlen - 1;
	memcpy(err, text, n);
	err[n] = '\0';
}

/* A listening socket on addr:port that shares the port (SO_REUSEPORT)
 * with the other workers'.  -1 with err set. */
static int
listen_on(const char *addr, unsigned port, char *err, size_t errlen)
{
	struct addrinfo hints, *ai;
	char service[8];
	int fd, one = 1, rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	rc = snprintf(service, sizeof service, "%u", port);
	if (rc < 0 || (size_t)rc >= sizeof service) {
		set_error(err, errlen, "bad port");
		return -1;
	}
	if ((rc = getaddrinfo(addr, service, &hints, &ai)) != 0) {
		set_error(err, errlen, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, 4096) != 0) {
		set_error(err, errlen, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
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

/* Room for max sessions: raise the descriptor limit as far as allowed,
 * and take fewer sessions if that is not enough. */
static unsigned
fit_sessions(unsigned max)
{
	struct rlimit rl;
	struct logline l;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return max;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
		(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)max +
	    FD_SLACK) {
		max = rl.rlim_cur > FD_SLACK + 1 ?
		    (unsigned)(rl.rlim_cur - FD_SLACK) : 1;
		log_begin(&l, "warning", "limit");
		log_num(&l, "maxsessions", max);
		log_word(&l, "reason", "RLIMIT_NOFILE");
		log_end(&l);
	}
	return max;
}

static int
worker(const struct ev_opts *o, int lfd, unsigned n)
{
	struct ev_loop *l = evloop_new(o, lfd, n);
	int rc;

	if (l == NULL)
		log_fatal(111, "unable to start the event loop",
		    strerror(errno));
	rc = evloop_run(l, &stop);
	evloop_free(l);
	close(lfd);
	return rc == 0 ? 0 : 111;
}

/* ------------------------------------------------------------------------
 * The parent of -w N: start the workers, restart one that dies (at most
 * once a second each), stop them all on SIGTERM or SIGINT.
 */

struct slot {
	pid_t pid;		/* 0: not running */
	int fd;			/* its listener until forked, else -1 */
	long long started, restart;	/* ms, monotonic; restart 0: none */
};

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
spawn(const struct ev_opts *o, struct slot *w, unsigned nw, unsigned i)
{
	struct logline l;
	pid_t parent = getpid(), pid;
	unsigned j;

	w[i].started = mono_ms();
	w[i].restart = 0;
	pid = fork();
	if (pid < 0) {
		log_begin(&l, "warning", "fork");
		log_word(&l, "error", strerror(errno));
		log_end(&l);
		w[i].restart = w[i].started + 1000;
		return;
	}
	if (pid == 0) {
		/* The worker: its own listener only, gone with the parent. */
		for (j = 0; j < nw; j++)
			if (j != i && w[j].fd >= 0)
				close(w[j].fd);
		(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(0);
		signal(SIGCHLD, SIG_DFL);
		log_init("smtpd-evented");
		if (!o->quiet) {
			log_begin(&l, "info", "worker");
			log_num(&l, "n", i + 1);
			log_end(&l);
		}
		_exit(worker(o, w[i].fd, i + 1));
	}
	w[i].pid = pid;
	close(w[i].fd);
	w[i].fd = -1;
}

static void
on_child(int sig)
{
	(void)sig;	/* sigtimedwait takes it; a handler makes it count */
}

static int
supervise(const struct ev_opts *o, struct slot *w, unsigned nw,
    const char *addr, unsigned port)
{
	sigset_t set;
	unsigned i, alive;
	int stopping = 0;

	signal(SIGCHLD, on_child);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	for (i = 0; i < nw; i++)
		spawn(o, w, nw, i);
	for (;;) {
		long long now = mono_ms(), next = -1;
		struct timespec ts, *tp = NULL;
		int sig, st;
		pid_t pid;

		for (i = 0; i < nw && !stopping; i++) {
			char err[256];
			struct logline l;

			if (w[i].restart == 0)
				continue;
			if (w[i].restart > now) {
				if (next < 0 || w[i].restart < next)
					next = w[i].restart;
				continue;
			}
			if ((w[i].fd = listen_on(addr, port, err,
			    sizeof err)) < 0) {
				log_begin(&l, "warning", "listen");
				log_text(&l, "error", err, strlen(err));
				log_end(&l);
				w[i].restart = now + 1000;
				continue;
			}
			spawn(o, w, nw, i);
		}
		if (next >= 0) {
			ts.tv_sec = (next - now) / 1000;
			ts.tv_nsec = (next - now) % 1000 * 1000000;
			tp = &ts;
		}
		sig = tp ? sigtimedwait(&set, NULL, tp) : sigwaitinfo(&set,
		    NULL);
		if ((sig == SIGTERM || sig == SIGINT) && !stopping) {
			stopping = 1;
			for (i = 0; i < nw; i++)
				if (w[i].pid > 0)
					kill(w[i].pid, SIGTERM);
		}
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
			struct logline l;

			for (i = 0; i < nw && w[i].pid != pid; i++)
				;
			if (i == nw)
				continue;
			w[i].pid = 0;
			if (stopping)
				continue;
			log_begin(&l, "warning", "worker");
			log_num(&l, "n", i + 1);
			log_num(&l, "pid", (unsigned long long)pid);
			if (WIFSIGNALED(st))
				log_num(&l, "signal",
				    (unsigned long long)WTERMSIG(st));
			else
				log_num(&l, "exit",
				    (unsigned long long)WEXITSTATUS(st));
			log_word(&l, "action", "restart");
			log_end(&l);
			w[i].restart = w[i].started + 1000;
		}
		for (i = 0, alive = 0; i < nw; i++)
			alive += w[i].pid > 0;
		if (stopping && alive == 0)
			return 0;
	}
}

int
main(int argc, char **argv)
{
	static struct ev_opts o;
	static struct slot w[WORKERS_MAX];
	static char host[256];
	const char *addr = "127.0.0.1", *tmp;
	unsigned port = 2525, nw = 1, i;
	int opt, discard = 0;
	struct sigaction sa;
	sigset_t block;
	struct logline l;
	char err[256];
	struct in6_addr a6;

	log_init("smtpd-evented");
	o.max_size = 10485760;
	o.timeout_ms = 300 * 1000;	/* RFC 5321 4.5.3.2.7: 5 minutes */
	o.max_sessions = 10000;
	o.delay_ms = -1;
	while ((opt = getopt(argc, argv, "Dqh:l:p:w:t:m:s:r:")) != -1) {
		switch (opt) {
		case 'D': discard = 1; break;
		case 'q': o.quiet = 1; break;
		case 'h': o.hostname = optarg; break;
		case 'l': addr = optarg; break;
		case 'p':
			port = (unsigned)opt_number("-p", optarg, 0, 65535);
			break;
		case 'w':
			nw = (unsigned)opt_number("-w", optarg, 1, WORKERS_MAX);
			break;
		case 't':
			o.timeout_ms = (long long)opt_number("-t", optarg, 1,
			    86400) * 1000;
			break;
		case 'm':
			o.max_sessions = (unsigned)opt_number("-m", optarg, 1,
			    1000000);
			break;
		case 's':
			o.max_size = opt_number("-s", optarg, 0, UINT64_MAX - 1);
			break;
		case 'r':
			o.delay_ms = (long)opt_number("-r", optarg, 0, 60000);
			break;
		default:
			usage();
		}
	}
	/* Exactly one way to deliver: -D, or a Maildir. */
	if (discard ? optind != argc : optind + 1 != argc)
		usage();
	if (!discard) {
		o.maildir = argv[optind];
		if (o.maildir[0] == '\0')
			usage();
	}
	if (o.hostname == NULL) {
		if (gethostname(host, sizeof host - 1) != 0 || !opt_word_ok(host))
			memcpy(host, "localhost", 10);
		o.hostname = host;
	}
	if (!opt_word_ok(o.hostname))
		log_fatal(100, "-h", "not a host name");
	if (inet_pton(AF_INET, addr, &a6) != 1 &&
	    inet_pton(AF_INET6, addr, &a6) != 1)
		log_fatal(100, "-l", "not a numeric IPv4 or IPv6 address");
	tmp = getenv("TMPDIR");
	o.spool_dir = tmp && tmp[0] == '/' ? tmp : "/tmp";
	o.max_sessions = fit_sessions(o.max_sessions);

	/* Signals: blocked except while a worker waits in epoll_pwait (or
	 * the parent in sigwaitinfo), so none is lost between a check of
	 * the flag and the wait.  SIGPIPE never: send() says EPIPE. */
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, NULL);

	/* Every listener before any worker: a port in use is an exit 111
	 * at once, and with -p 0 all of them share the kernel's choice. */
	for (i = 0; i < nw; i++) {
		if ((w[i].fd = listen_on(addr, port, err, sizeof err)) < 0) {
			char what[128];
			int n = snprintf(what, sizeof what, "unable to listen "
			    "on %s port %u", addr, port);

			log_fatal(111, n > 0 && (size_t)n < sizeof what ? what :
			    "unable to listen", err);
		}
		if (port == 0)
			port = bound_port(w[i].fd);
	}
	if (!o.quiet) {
		log_begin(&l, "info", "listen");
		log_word(&l, "ip", addr);
		log_num(&l, "port", port);
		log_num(&l, "workers", nw);
		log_word(&l, "mode", o.maildir ? "maildir" : "discard");
		log_end(&l);
	}
	if (nw == 1)
		return worker(&o, w[0].fd, 1);
	return supervise(&o, w, nw, addr, port);
}

/*
 * threaded_listen.h - smtpd-threaded(8)'s listening socket and its accept
 * loop, with a bound on the sessions running at once.
 *
 * The bound is a pipe of tokens, as GNU make's jobserver bounds jobs: it
 * starts with one byte per allowed session, the loop takes a byte before it
 * accepts, and a session gives its byte back (listener_release()) as the
 * last thing it does.  While the pipe is empty the listening socket is not
 * polled, so further clients wait in the kernel's listen queue.  The pipe is
 * a counting semaphore that poll(2) can wait on together with a signalfd
 * for SIGTERM and SIGINT: no signal handler, flag or lock.
 *
 * Set-up failures exit through log_fatal(): 100 for an address that does
 * not resolve, 111 for anything the system refuses now (the address in use,
 * no descriptors).
 */
#ifndef THREADED_LISTEN_H
#define THREADED_LISTEN_H

#define LISTEN_MAX_SESSIONS 4096  /* the tokens fill the pipe in one atomic
				     write (PIPE_BUF is 4096 on Linux) */

struct listener {
	int fd;			/* the listening socket */
	int token_r, token_w;	/* the token pipe */
	int sigfd;		/* SIGTERM and SIGINT */
	unsigned port;		/* the port bound (what port "0" picked) */
};

/*
 * Block SIGTERM and SIGINT in the calling thread (every thread created
 * after inherits the mask, so none is interrupted by them) and receive them
 * on a signalfd; fill the token pipe with max_sessions (1 ..
 * LISTEN_MAX_SESSIONS) tokens; listen on address:port, address being a
 * numeric IPv4 or IPv6 address or a host name (its first address that can
 * be bound), or NULL for the IPv6 wildcard, which takes IPv4 clients too
 * (the IPv4 wildcard where there is no IPv6).  Call it before any thread
 * exists.
 */
void listener_open(struct listener *ls, const char *address,
    const char *port, unsigned max_sessions);

/*
 * Accept connections until SIGTERM or SIGINT.  For each one, start(arg, fd,
 * id) is called with a blocking, close-on-exec socket and a session number
 * counting from 1; it returns 0 when a session took the socket (and so the
 * token: the session must call listener_release(token_w) when it ends), or
 * -1 with errno set, leaving the socket to the loop, which logs a warning
 * and closes it.  Closes the listening socket and returns the signal's
 * number.
 */
int listener_run(struct listener *ls,
    int (*start)(void *arg, int fd, unsigned long long id), void *arg);

/* Give a session's token back: from then on another may start. */
void listener_release(int token_w);

#endif

/*
 * netio.c - see netio.h.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <sys/socket.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "netio.h"
#include "tls_stdio.h"

void
netio_init(struct netio *n, int rfd, int wfd, int timeout_ms)
{
	n->rfd = rfd;
	n->wfd = wfd;
	n->tls = NULL;
	n->timeout_ms = timeout_ms;
	n->wsock = 1;		/* until send() says ENOTSOCK */
	n->err[0] = '\0';
}

static void
set_err(struct netio *n, const char *what)
{
	const char *r = strerror(errno);
	size_t a = strlen(what), b = strlen(r);

	if (a > sizeof n->err / 2)
		a = sizeof n->err / 2;
	if (b > sizeof n->err - a - 3)
		b = sizeof n->err - a - 3;
	memcpy(n->err, what, a);
	memcpy(n->err + a, ": ", 2);
	memcpy(n->err + a + 2, r, b);
	n->err[a + 2 + b] = '\0';
}

long long
netio_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for fd to be ready within the deadline: 1, 0 on timeout, -1. */
static int
wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		struct pollfd p = { fd, events, 0 };
		long long left = deadline - netio_now_ms();
		int k;

		if (left <= 0)
			return 0;
		k = poll(&p, 1, left > 1 << 30 ? 1 << 30 : (int)left);
		if (k > 0)
			return 1;
		if (k == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

ssize_t
netio_read(struct netio *n, char *buf, size_t len, int timeout_ms)
{
	long long deadline = netio_now_ms() + timeout_ms;

	if (n->tls)
		return tlsio_read(n->tls, buf, len, timeout_ms, n->err,
		    sizeof n->err);
	for (;;) {
		ssize_t r;
		int w = wait_fd(n->rfd, POLLIN, deadline);

		if (w == 0)
			return -2;
		if (w < 0) {
			set_err(n, "unable to wait for input");
			return -1;
		}
		r = read(n->rfd, buf, len);
		if (r >= 0)
			return r;
		if (errno != EINTR && errno != EAGAIN) {
			set_err(n, "unable to read");
			return -1;
		}
	}
}

int
netio_write(struct netio *n, const char *buf, size_t len)
{
	long long deadline = netio_now_ms() + n->timeout_ms;

	if (n->tls)
		return tlsio_write(n->tls, buf, len, n->timeout_ms, n->err,
		    sizeof n->err) == 0 ? 0 : -1;
	while (len > 0) {
		ssize_t r;

		/* A client that does not read must not block us forever, but
		 * fd 1 is blocking and its file description may be shared,
		 * so its flags stay as they are: on a socket, send() with
		 * MSG_DONTWAIT; on anything else, wait for room first and
		 * write no more than a pipe takes without blocking. */
		if (n->wsock) {
			r = send(n->wfd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
			if (r < 0 && errno == ENOTSOCK) {
				n->wsock = 0;
				continue;
			}
		} else {
			int w = wait_fd(n->wfd, POLLOUT, deadline);

			if (w <= 0) {
				if (w == 0)
					memcpy(n->err, "write timed out", 16);
				else
					set_err(n, "unable to wait to write");
				return -1;
			}
			r = write(n->wfd, buf, len > PIPE_BUF ? PIPE_BUF : len);
		}
		if (r > 0) {
			buf += r;
			len -= (size_t)r;
			continue;
		}
		if (r < 0 && errno != EINTR && errno != EAGAIN &&
		    errno != EWOULDBLOCK) {
			set_err(n, "unable to write");
			return -1;
		}
		if (n->wsock && wait_fd(n->wfd, POLLOUT, deadline) <= 0) {
			memcpy(n->err, "write timed out", 16);
			return -1;
		}
	}
	return 0;
}

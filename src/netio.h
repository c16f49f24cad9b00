/*
 * netio.h - the client connection on stdin/stdout: plain, or TLS once it is
 * on; every wait bounded by a timeout.
 */
#ifndef NETIO_H
#define NETIO_H

#include <stddef.h>
#include <sys/types.h>

struct tlsio;

struct netio {
	int rfd, wfd;		/* 0 and 1 */
	struct tlsio *tls;	/* NULL: plain */
	int timeout_ms;		/* limit for one write */
	int wsock;		/* wfd is a socket (send with MSG_DONTWAIT) */
	char err[256];		/* why the last call failed */
};

void netio_init(struct netio *n, int rfd, int wfd, int timeout_ms);
/* > 0 octets, 0 at end of input, -1 on error, -2 when nothing came within
 * timeout_ms. */
ssize_t netio_read(struct netio *n, char *buf, size_t len, int timeout_ms);
/* The monotonic clock in milliseconds, for deadlines. */
long long netio_now_ms(void);
/* All of it: 0, -1 on error or timeout. */
int netio_write(struct netio *n, const char *buf, size_t len);

#endif

/*
 * tls_stdio.c - server-side TLS over two descriptors, with libtls loaded at
 * run time.  See tls_stdio.h for the contract.
 *
 * Why dlopen: linking libtls makes the dynamic loader map and relocate
 * libtls, libssl and libcrypto in every session, and costs several times
 * the CPU of a session that never says STARTTLS.  <tls.h> is included only
 * for its types and constants; no libtls symbol is referenced at link time.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <tls.h>

#include "tls_stdio.h"

#ifndef LIBTLS_SONAME
#define LIBTLS_SONAME "libtls.so.26"
#endif

/* How long tlsio_close() lets close_notify wait for a slow client: long
 * enough for a live peer, short enough that a dead one does not hold the
 * process. */
#define TLSIO_CLOSE_MS 1000

/* ------------------------------------------------------------------------
 * The library, resolved by name
 */

/* The libtls functions this module uses; the member names are the symbol
 * names, so each call reads like plain libtls. */
struct tlsio_lib {
	int (*tls_init)(void);
	const char *(*tls_config_error)(struct tls_config *);
	const char *(*tls_error)(struct tls *);
	struct tls_config *(*tls_config_new)(void);
	void (*tls_config_free)(struct tls_config *);
	int (*tls_config_set_protocols)(struct tls_config *, uint32_t);
	int (*tls_config_set_keypair_file)(struct tls_config *, const char *,
	    const char *);
	struct tls *(*tls_server)(void);
	int (*tls_configure)(struct tls *, struct tls_config *);
	void (*tls_config_clear_keys)(struct tls_config *);
	void (*tls_free)(struct tls *);
	int (*tls_accept_fds)(struct tls *, struct tls **, int, int);
	int (*tls_handshake)(struct tls *);
	ssize_t (*tls_read)(struct tls *, void *, size_t);
	ssize_t (*tls_write)(struct tls *, const void *, size_t);
	int (*tls_close)(struct tls *);
	const char *(*tls_conn_version)(struct tls *);
	const char *(*tls_conn_cipher)(struct tls *);
};

#define TLSIO_SYM(name) { #name, offsetof(struct tlsio_lib, name) }

static const struct {
	const char *name;
	size_t off;
} tlsio_syms[] = {
	TLSIO_SYM(tls_init),
	TLSIO_SYM(tls_config_error),
	TLSIO_SYM(tls_error),
	TLSIO_SYM(tls_config_new),
	TLSIO_SYM(tls_config_free),
	TLSIO_SYM(tls_config_set_protocols),
	TLSIO_SYM(tls_config_set_keypair_file),
	TLSIO_SYM(tls_server),
	TLSIO_SYM(tls_configure),
	TLSIO_SYM(tls_config_clear_keys),
	TLSIO_SYM(tls_free),
	TLSIO_SYM(tls_accept_fds),
	TLSIO_SYM(tls_handshake),
	TLSIO_SYM(tls_read),
	TLSIO_SYM(tls_write),
	TLSIO_SYM(tls_close),
	TLSIO_SYM(tls_conn_version),
	TLSIO_SYM(tls_conn_cipher),
};

/* dlsym() hands back a data pointer; POSIX guarantees it converts to a
 * function pointer, which we do by copying its bytes (a cast would be
 * outside ISO C). */
_Static_assert(sizeof(void *) == sizeof(int (*)(void)),
    "dlsym results must fit a function pointer");

static struct tlsio_lib lib;
static int lib_loaded;

/* ------------------------------------------------------------------------
 * Small helpers
 */

/* Write a formatted one-line reason into err, truncated to fit. */
static void
err_set(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	/* Truncation keeps a NUL-terminated prefix, which is all a log line
	 * needs; only an encoding error leaves err undefined. */
	if (n < 0)
		err[0] = '\0';
}

static const char *
str_or(const char *s, const char *fallback)
{
	return s != NULL && s[0] != '\0' ? s : fallback;
}

/* Load libtls and resolve every symbol, all or nothing.  A failure leaves
 * nothing loaded, so a later call tries again. */
static int
lib_load(char *err, size_t errlen)
{
	struct tlsio_lib l;
	void *h, *p;
	size_t i;

	if (lib_loaded)
		return 0;
	/* RTLD_NOW: a libtls built against another libssl fails here, with
	 * dlerror()'s text, not with a crash in the middle of a session; it
	 * measured no dearer than RTLD_LAZY.  RTLD_LOCAL: OpenSSL's symbols
	 * stay out of the global namespace. */
	h = dlopen(LIBTLS_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		err_set(err, errlen, "%s", str_or(dlerror(), "dlopen failed"));
		return -1;
	}
	memset(&l, 0, sizeof l);
	for (i = 0; i < sizeof tlsio_syms / sizeof tlsio_syms[0]; i++) {
		(void)dlerror();
		p = dlsym(h, tlsio_syms[i].name);
		if (p == NULL) {
			err_set(err, errlen, "%s", str_or(dlerror(),
			    "symbol not found"));
			dlclose(h);
			return -1;
		}
		memcpy((char *)&l + tlsio_syms[i].off, &p, sizeof p);
	}
	if (l.tls_init() == -1) {
		err_set(err, errlen, "tls_init failed");
		dlclose(h);
		return -1;
	}
	/* The handle is kept for the life of the process: OpenSSL does not
	 * support being unloaded. */
	lib = l;
	lib_loaded = 1;
	return 0;
}

int
tlsio_load(char *err, size_t errlen)
{
	return lib_load(err, errlen);
}

/* A point in time after which a wait gives up; forever when timeout < 0. */
struct deadline {
	struct timespec at;
	int forever;
};

static void
deadline_start(struct deadline *d, int timeout_ms)
{
	d->forever = timeout_ms < 0;
	clock_gettime(CLOCK_MONOTONIC, &d->at);
	if (d->forever)
		return;
	d->at.tv_sec += timeout_ms / 1000;
	d->at.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (d->at.tv_nsec >= 1000000000L) {
		d->at.tv_sec++;
		d->at.tv_nsec -= 1000000000L;
	}
}

/* Milliseconds left, rounded up so a wait never spins on a zero timeout
 * before the deadline; 0 once it passed, -1 for no deadline (poll's
 * "forever"). */
static int
deadline_left(const struct deadline *d)
{
	struct timespec now;
	long long ms;

	if (d->forever)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(d->at.tv_sec - now.tv_sec) * 1000 +
	    (d->at.tv_nsec - now.tv_nsec + 999999L) / 1000000L;
	if (ms <= 0)
		return 0;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/*
 * Wait until fd is ready for events (POLLIN or POLLOUT) or the deadline
 * passes.  Returns 0 when the TLS operation should be retried, -2 on
 * timeout, -1 on error.  Hang-up and error conditions count as ready: the
 * retried operation then meets the EOF or EPIPE and reports it properly.
 */
static int
wait_fd(int fd, short events, const struct deadline *d, char *err,
    size_t errlen)
{
	struct pollfd pfd;
	int left, n;

	for (;;) {
		left = deadline_left(d);
		if (left == 0)
			return -2;
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, left);
		if (n == -1) {
			if (errno == EINTR)
				continue;	/* the deadline still holds */
			err_set(err, errlen, "poll: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			continue;	/* deadline_left() decides */
		if (pfd.revents & POLLNVAL) {
			err_set(err, errlen, "poll: descriptor %d not open",
			    fd);
			return -1;
		}
		return 0;
	}
}

/* ------------------------------------------------------------------------
 * The connection
 */

struct tlsio {
	struct tls_config *config;
	struct tls *server;	/* the context tls_accept_fds() derives from */
	struct tls *conn;
	int rfd, wfd;
	int rflags, wflags;	/* fcntl flags to put back at close */
};

/* Both sets of flags are read before either is changed: rfd and wfd may
 * share one open file description (inetd's dup'ed socket), and the second
 * read must not see our own O_NONBLOCK. */
static int
fds_nonblock(struct tlsio *t, char *err, size_t errlen)
{
	t->rflags = fcntl(t->rfd, F_GETFL);
	if (t->rflags == -1) {
		err_set(err, errlen, "fcntl %d: %s", t->rfd, strerror(errno));
		return -1;
	}
	t->wflags = fcntl(t->wfd, F_GETFL);
	if (t->wflags == -1) {
		err_set(err, errlen, "fcntl %d: %s", t->wfd, strerror(errno));
		return -1;
	}
	if (fcntl(t->rfd, F_SETFL, t->rflags | O_NONBLOCK) == -1 ||
	    fcntl(t->wfd, F_SETFL, t->wflags | O_NONBLOCK) == -1) {
		err_set(err, errlen, "fcntl: %s", strerror(errno));
		(void)fcntl(t->rfd, F_SETFL, t->rflags);
		return -1;
	}
	return 0;
}

static void
fds_restore(const struct tlsio *t)
{
	(void)fcntl(t->wfd, F_SETFL, t->wflags);
	(void)fcntl(t->rfd, F_SETFL, t->rflags);
}

/* Free what exists, without touching the descriptors' flags. */
static void
tlsio_free(struct tlsio *t)
{
	if (t->conn != NULL)
		lib.tls_free(t->conn);
	if (t->server != NULL)
		lib.tls_free(t->server);
	if (t->config != NULL)
		lib.tls_config_free(t->config);
	free(t);
}

/* Whether the read side has reached end of file, asked after libtls
 * failed.  End of file is sticky on pipes and sockets, so if the failed
 * operation met it, a non-blocking read meets it again.  Anything else
 * (data, EAGAIN, an error) means the failure had another cause; the
 * connection is being abandoned, so consuming a byte does no harm. */
static int
peer_closed(const struct tlsio *t)
{
	char c;
	ssize_t n;

	do
		n = read(t->rfd, &c, 1);
	while (n == -1 && errno == EINTR);
	return n == 0;
}

int
tlsio_check_files(const char *certfile, const char *keyfile, char *err,
    size_t errlen)
{
	const char *files[2];
	struct stat st;
	size_t i;
	int fd;

	files[0] = certfile;
	files[1] = keyfile;
	for (i = 0; i < 2; i++) {
		if (files[i] == NULL || files[i][0] == '\0') {
			err_set(err, errlen, "unable to read %s: no file name",
			    i == 0 ? "certificate" : "key");
			return -1;
		}
		/* O_NONBLOCK: a FIFO given by mistake must not hang the
		 * start-up. */
		fd = open(files[i], O_RDONLY | O_NOCTTY | O_NONBLOCK |
		    O_CLOEXEC);
		if (fd == -1) {
			err_set(err, errlen, "unable to read %s: %s",
			    files[i], strerror(errno));
			return -1;
		}
		if (fstat(fd, &st) == -1) {
			err_set(err, errlen, "unable to read %s: %s",
			    files[i], strerror(errno));
			close(fd);
			return -1;
		}
		close(fd);
		/* open() succeeds on a directory; libtls would fail only at
		 * the first STARTTLS. */
		if (S_ISDIR(st.st_mode)) {
			err_set(err, errlen, "unable to read %s: %s",
			    files[i], strerror(EISDIR));
			return -1;
		}
		if (S_ISREG(st.st_mode) && st.st_size == 0) {
			err_set(err, errlen, "unable to read %s: empty file",
			    files[i]);
			return -1;
		}
	}
	return 0;
}

struct tlsio *
tlsio_accept(int rfd, int wfd, const char *certfile, const char *keyfile,
    int timeout_ms, char *err, size_t errlen)
{
	struct deadline d;
	struct tlsio *t;
	int r;

	/* The deadline covers loading and configuring too: the client is
	 * waiting from the moment it said STARTTLS. */
	deadline_start(&d, timeout_ms);
	if (lib_load(err, errlen) == -1)
		return NULL;

	t = calloc(1, sizeof *t);
	if (t == NULL) {
		err_set(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	t->rfd = rfd;
	t->wfd = wfd;

	if ((t->config = lib.tls_config_new()) == NULL) {
		err_set(err, errlen, "tls_config_new failed");
		goto fail;
	}
	/* TLS 1.0 and 1.1 are deprecated (RFC 8996). */
	if (lib.tls_config_set_protocols(t->config,
	    TLS_PROTOCOL_TLSv1_2 | TLS_PROTOCOL_TLSv1_3) == -1 ||
	    lib.tls_config_set_keypair_file(t->config, certfile,
	    keyfile) == -1) {
		err_set(err, errlen, "%s", str_or(
		    lib.tls_config_error(t->config), "tls configuration failed"));
		goto fail;
	}
	if ((t->server = lib.tls_server()) == NULL) {
		err_set(err, errlen, "tls_server failed");
		goto fail;
	}
	if (lib.tls_configure(t->server, t->config) == -1) {
		err_set(err, errlen, "%s", str_or(lib.tls_error(t->server),
		    "tls_configure failed"));
		goto fail;
	}
	/* The server context holds its own copy of the key now; the one in
	 * the configuration would only linger in memory. */
	lib.tls_config_clear_keys(t->config);

	if (fds_nonblock(t, err, errlen) == -1)
		goto fail;
	if (lib.tls_accept_fds(t->server, &t->conn, rfd, wfd) == -1) {
		err_set(err, errlen, "%s", str_or(lib.tls_error(t->server),
		    "tls_accept_fds failed"));
		goto fail_fds;
	}

	for (;;) {
		r = lib.tls_handshake(t->conn);
		if (r == 0)
			return t;
		if (r == TLS_WANT_POLLIN)
			r = wait_fd(rfd, POLLIN, &d, err, errlen);
		else if (r == TLS_WANT_POLLOUT)
			r = wait_fd(wfd, POLLOUT, &d, err, errlen);
		else if (peer_closed(t)) {
			/* Over OpenSSL 3, libtls reports a client that hung up
			 * as "handshake failed: error:0A000126:...unexpected
			 * eof while reading"; say it plainly. */
			err_set(err, errlen, "connection closed");
			goto fail_fds;
		} else {
			err_set(err, errlen, "%s", str_or(
			    lib.tls_error(t->conn), "handshake failed"));
			goto fail_fds;
		}
		if (r == -2) {
			err_set(err, errlen, "handshake timed out");
			goto fail_fds;
		}
		if (r == -1)
			goto fail_fds;
	}

fail_fds:
	fds_restore(t);
fail:
	tlsio_free(t);
	return NULL;
}

ssize_t
tlsio_read(struct tlsio *t, void *buf, size_t len, int timeout_ms, char *err,
    size_t errlen)
{
	struct deadline d;
	ssize_t n;
	int r;

	if (len == 0) {
		/* 0 would read as end of stream. */
		err_set(err, errlen, "tlsio_read: zero length");
		return -1;
	}
	/* libtls takes at most INT_MAX at a time. */
	if (len > INT_MAX)
		len = INT_MAX;
	deadline_start(&d, timeout_ms);
	for (;;) {
		n = lib.tls_read(t->conn, buf, len);
		if (n >= 0)
			return n;
		/* In TLS 1.3 a read may need to write (a KeyUpdate answer),
		 * so both directions are waited for here. */
		if (n == TLS_WANT_POLLIN)
			r = wait_fd(t->rfd, POLLIN, &d, err, errlen);
		else if (n == TLS_WANT_POLLOUT)
			r = wait_fd(t->wfd, POLLOUT, &d, err, errlen);
		else if (peer_closed(t)) {
			/* A client that drops the connection without
			 * close_notify has still ended the stream; SMTP's own
			 * QUIT/dot framing catches truncation. */
			return 0;
		} else {
			err_set(err, errlen, "%s", str_or(
			    lib.tls_error(t->conn), "tls_read failed"));
			return -1;
		}
		if (r == -2)
			err_set(err, errlen, "read timed out");
		if (r != 0)
			return r;
	}
}

int
tlsio_write(struct tlsio *t, const void *buf, size_t len, int timeout_ms,
    char *err, size_t errlen)
{
	const char *p = buf;
	struct deadline d;
	size_t chunk;
	ssize_t n;
	int r;

	deadline_start(&d, timeout_ms);
	while (len > 0) {
		chunk = len > INT_MAX ? INT_MAX : len;
		n = lib.tls_write(t->conn, p, chunk);
		if (n > 0) {
			/* A short write is normal: libtls returns after each
			 * record the kernel took. */
			p += n;
			len -= (size_t)n;
			continue;
		}
		/* After WANT_*, the same buffer is offered again, as
		 * OpenSSL requires. */
		if (n == TLS_WANT_POLLOUT)
			r = wait_fd(t->wfd, POLLOUT, &d, err, errlen);
		else if (n == TLS_WANT_POLLIN)
			r = wait_fd(t->rfd, POLLIN, &d, err, errlen);
		else {
			err_set(err, errlen, "%s", n == 0 ? "tls_write wrote "
			    "nothing" : str_or(lib.tls_error(t->conn),
			    "tls_write failed"));
			return -1;
		}
		if (r == -2)
			err_set(err, errlen, "write timed out");
		if (r != 0)
			return r;
	}
	return 0;
}

void
tlsio_describe(struct tlsio *t, char *buf, size_t len)
{
	const char *version = NULL, *cipher = NULL;
	int n;

	if (buf == NULL || len == 0)
		return;
	if (t != NULL && t->conn != NULL) {
		version = lib.tls_conn_version(t->conn);
		cipher = lib.tls_conn_cipher(t->conn);
	}
	n = snprintf(buf, len, "%s %s", str_or(version, "unknown"),
	    str_or(cipher, "unknown"));
	if (n < 0)
		buf[0] = '\0';
}

void
tlsio_close(struct tlsio *t)
{
	struct deadline d;
	int r;

	if (t == NULL)
		return;
	/* close_notify tells the client the stream ended on purpose (RFC
	 * 8446 6.1); a client that does not read is not waited for long. */
	deadline_start(&d, TLSIO_CLOSE_MS);
	for (;;) {
		r = lib.tls_close(t->conn);
		if (r == TLS_WANT_POLLIN)
			r = wait_fd(t->rfd, POLLIN, &d, NULL, 0);
		else if (r == TLS_WANT_POLLOUT)
			r = wait_fd(t->wfd, POLLOUT, &d, NULL, 0);
		else
			break;
		if (r != 0)
			break;
	}
	fds_restore(t);
	tlsio_free(t);
}

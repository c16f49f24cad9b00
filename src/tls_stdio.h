/*
 * tls_stdio.h - the program's TLS layer: one server-side TLS connection over
 * a pair of file descriptors (stdin/stdout after STARTTLS, or at once for
 * implicit TLS, RFC 8314).
 *
 * Every SMTP session is a new process and most never start TLS, so the
 * program is not linked with libtls: tlsio_accept() loads it with dlopen()
 * the first time it is called and looks up each function with dlsym().
 * Until then this module costs nothing at start-up.  The library's file name
 * is LIBTLS_SONAME, fixed at build time (default "libtls.so.26").
 *
 * Descriptors: rfd and wfd may be one socket or two different descriptors of
 * any kind (two pipes in tests).  The caller hands them over blocking;
 * tlsio_accept() sets O_NONBLOCK on both for the life of the connection, so
 * that every wait is a poll(2) bounded by the caller's deadline, and
 * tlsio_close() puts back the flags it found.  O_NONBLOCK belongs to the open
 * file description, so while a connection is live any other process sharing
 * those descriptions sees it too; the caller must do no I/O of its own on
 * them until tlsio_close().  The descriptors are never closed here.
 *
 * Signals: a write to a peer that is gone must fail with EPIPE, not kill the
 * process, so the caller must ignore SIGPIPE (signal(SIGPIPE, SIG_IGN))
 * before tlsio_accept().  EINTR is retried everywhere, and a retried wait
 * still ends at the original deadline.
 *
 * Errors: each function that can fail takes err/errlen and writes a one-line
 * reason there, NUL-terminated and truncated to fit (err may be NULL or
 * errlen 0 to discard it).  The text never holds key material.
 *
 * Timeouts: timeout_ms is a deadline for the whole call, not per wait; a
 * negative value means no deadline.  A timeout (-2) also leaves a reason in
 * err ("read timed out", "write timed out").  After tlsio_read() or tlsio_write()
 * failed or timed out, the connection is unusable: only tlsio_close() and
 * tlsio_describe() remain valid.
 *
 * Not thread-safe: the loaded library is process-wide state, which is what a
 * process-per-session program needs.
 */
#ifndef TLS_STDIO_H
#define TLS_STDIO_H

#include <stddef.h>
#include <sys/types.h>

/* One TLS connection over two descriptors; opaque. */
struct tlsio;

/*
 * Check, without loading TLS, that certfile and keyfile can be opened for
 * reading now (and are not directories or empty files), so that a
 * misconfiguration is reported at start-up, before privileges are dropped or
 * a client waits for STARTTLS.  Returns 0, or -1 with
 * "unable to read FILE: reason" in err.
 */
int tlsio_check_files(const char *certfile, const char *keyfile, char *err,
    size_t errlen);

/*
 * Load libtls and initialise it (tls_init), if not done yet: what
 * tlsio_accept() does first.  Calling it before saying "220 Ready to start
 * TLS" lets a host answer 454 instead of dropping the client when the
 * library cannot be loaded.  Returns 0, or -1 with the reason in err.
 */
int tlsio_load(char *err, size_t errlen);

/*
 * Load libtls (first successful call only), configure a server context for
 * TLS 1.2 and 1.3 with the PEM certificate chain in certfile and the private
 * key in keyfile, accept a connection on rfd (read side) and wfd (write
 * side), and run the handshake to completion, all within timeout_ms.
 * Returns the connection, or NULL with a reason in err: the dlopen()/dlsym()
 * error, libtls's configuration or handshake error text, "handshake timed
 * out" or "connection closed" (the client closed before the handshake
 * completed).  On failure the descriptors' flags are restored; nothing has
 * been written on them except, possibly, a TLS alert.
 */
struct tlsio *tlsio_accept(int rfd, int wfd, const char *certfile,
    const char *keyfile, int timeout_ms, char *err, size_t errlen);

/*
 * Read up to len (> 0) bytes of decrypted data into buf, waiting at most
 * timeout_ms for some to arrive.  Returns the number of bytes (> 0), 0 at
 * end of stream (the client sent close_notify or closed its side), -1 on
 * error (reason in err) or -2 when timeout_ms passed with nothing read.
 */
ssize_t tlsio_read(struct tlsio *t, void *buf, size_t len, int timeout_ms,
    char *err, size_t errlen);

/*
 * Write all len bytes of buf (TLS may take them in several pieces), within
 * timeout_ms in total.  Returns 0 once everything is handed to the kernel,
 * -1 on error (reason in err) or -2 when timeout_ms passed first; in both
 * failure cases an unknown prefix of buf may have been sent.
 */
int tlsio_write(struct tlsio *t, const void *buf, size_t len, int timeout_ms,
    char *err, size_t errlen);

/*
 * Describe the connection as "VERSION CIPHER", e.g.
 * "TLSv1.3 TLS_AES_256_GCM_SHA384", into buf (len bytes, NUL-terminated,
 * truncated to fit); this is what SMTP_TLS carries in children's
 * environment.  The text is libtls's own, printable ASCII with no spaces
 * inside either word.  "unknown" stands for a part libtls does not report.
 */
void tlsio_describe(struct tlsio *t, char *buf, size_t len);

/*
 * Send close_notify (waiting at most a short, fixed time for the client to
 * take it), free the connection and its context, and restore the flags the
 * descriptors had before tlsio_accept().  The descriptors stay open.  NULL
 * is accepted and does nothing.
 */
void tlsio_close(struct tlsio *t);

#endif /* TLS_STDIO_H */

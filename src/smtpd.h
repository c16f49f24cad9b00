/*
 * smtpd.h - a framework-independent SMTP server protocol core.
 *
 * This header is the manual of the core; man/smtpd.3 says the same in mdoc.
 *
 * The core keeps the RFC 5321 state machine of one SMTP session and nothing
 * else.  It does no I/O, reads no clock or environment, runs no program and
 * keeps no global state: the host (a process per connection, a thread per
 * connection or an event loop) gives it input and a write function, and the
 * core asks the host, through callbacks, to accept or reject the client's
 * address, HELO name, credentials, sender, each recipient and the message.
 * The only allocation is the session itself, in smtpd_new().
 *
 * Life of a session:
 *
 *     s = smtpd_new(&config, &callbacks, host);
 *     smtpd_start(s, "192.0.2.1");            greeting (or 554)
 *     loop:
 *         n = read(fd, buf, sizeof buf);
 *         off = 0;
 *         while (off < n && smtpd_status(s) == SMTPD_READING)
 *             off += smtpd_feed(s, buf + off, n - off);
 *         switch (smtpd_status(s)) {
 *         case SMTPD_PAUSED:   keep buf[off..n), answer with smtpd_decide()
 *         case SMTPD_STARTTLS: drop buf[off..n), handshake, smtpd_tls_done()
 *         case SMTPD_CLOSED:   close the connection
 *         }
 *     on idle timeout: smtpd_timeout(s);
 *     smtpd_free(s);
 *
 * Pointer lifetimes: every pointer the core passes to a callback (strings,
 * structures, body bytes) is valid only until that callback returns.  A host
 * that decides later (SMTPD_DEFER) copies what it needs first.  Strings passed
 * to callbacks are also NUL-terminated and never contain NUL, CR or LF.
 *
 * Callbacks may call smtpd_reply_set() and the read-only accessors on their
 * own session, nothing else: smtpd_start(), smtpd_feed(), smtpd_line(),
 * smtpd_flush(), smtpd_decide(), smtpd_tls_done() and smtpd_timeout() refuse
 * to run from a callback, and smtpd_free() must never be called from one.
 */
#ifndef SMTPD_H
#define SMTPD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct smtpd_session smtpd_session;

/* ---------------------------------------------------------------------------
 * Decisions
 *
 * Every decision callback returns one of these.  ACCEPT, TEMPFAIL and REJECT
 * answer at once with the core's default reply for that decision, or with the
 * reply the callback set with smtpd_reply_set() if its class matches (2xx or
 * 3xx for ACCEPT, 4xx for TEMPFAIL, 5xx for REJECT; a reply of another class
 * is ignored and the default used).  DEFER answers later: the core stops
 * consuming input (smtpd_status() is SMTPD_PAUSED) until the host calls
 * smtpd_decide().  Any other value counts as TEMPFAIL.
 */
typedef enum smtpd_decision {
	SMTPD_ACCEPT = 0,
	SMTPD_TEMPFAIL = 1,
	SMTPD_REJECT = 2,
	SMTPD_DEFER = 3
} smtpd_decision;

/* What the host should do next; see smtpd_status(). */
typedef enum smtpd_state {
	SMTPD_READING = 0,	/* feed more input */
	SMTPD_PAUSED = 1,	/* a decision is deferred: call smtpd_decide() */
	SMTPD_STARTTLS = 2,	/* start the TLS handshake, then smtpd_tls_done() */
	SMTPD_CLOSED = 3	/* replies are written; close the connection */
} smtpd_state;

/* How a line given to smtpd_line() ended on the wire. */
typedef enum smtpd_eol {
	SMTPD_EOL_CRLF = 0,	/* "\r\n", the only SMTP line end */
	SMTPD_EOL_LF = 1,	/* a bare "\n" */
	SMTPD_EOL_CR = 2,	/* a bare "\r" */
	SMTPD_EOL_NONE = 3	/* no terminator (input ended mid-line) */
} smtpd_eol;

/* Or'ed into the eol argument of smtpd_line(): more input is already at hand,
 * so keep replies buffered for one write (PIPELINING, RFC 2920). */
#define SMTPD_EOL_MORE 0x100

/* The BODY= parameter of MAIL (RFC 6152). */
typedef enum smtpd_body {
	SMTPD_BODY_NONE = 0,	/* not given */
	SMTPD_BODY_7BIT = 1,
	SMTPD_BODY_8BITMIME = 2
} smtpd_body;

/* MAIL FROM, as the mail callback sees it. */
struct smtpd_mail {
	const char *address;	/* mailbox without <>, source route dropped;
				   "" for the null reverse path <> */
	size_t address_len;
	uint64_t size;		/* SIZE= (RFC 1870), 0 when not given (or 0);
				   saturated at UINT64_MAX */
	smtpd_body body;	/* BODY= (RFC 6152) */
	int smtputf8;		/* SMTPUTF8 given (RFC 6531) */
	const char *auth;	/* AUTH= value as sent (RFC 4954 xtext, "<>"
				   when unknown), NULL when not given; the
				   parameter is known only when the host has
				   an auth callback (else 555) */
	size_t auth_len;
};

/* RCPT TO, as the rcpt callback sees it.  No RCPT parameter is offered (no
 * DSN yet): any parameter is answered 555. */
struct smtpd_rcpt {
	const char *address;	/* mailbox without <>, source route dropped;
				   "postmaster" for <postmaster> (any case) */
	size_t address_len;
	unsigned count;		/* recipients accepted so far in this
				   transaction (not counting this one) */
};

/* AUTH credentials (RFC 4954 with PLAIN, RFC 4616, or LOGIN).  Each field is
 * 1..255 octets (authzid 0..255) without NUL or any other control octet;
 * credentials that break this are refused (535) without asking the host.
 * The core wipes its copy after the auth callback returns. */
struct smtpd_credentials {
	const char *mechanism;	/* "PLAIN" or "LOGIN" */
	const char *authzid;	/* authorization identity; "" when none */
	const char *user;	/* authentication identity, never empty */
	const char *password;	/* never empty */
	size_t authzid_len, user_len, password_len;
};

/* ---------------------------------------------------------------------------
 * Callbacks
 *
 * Every callback gets the host pointer given to smtpd_new() and the session.
 * Only write is required; a NULL decision callback accepts.  starttls and auth
 * are special: a NULL one means the extension is not offered.
 */
struct smtpd_callbacks {
	/* Write len bytes of replies (whole reply lines, often several
	 * coalesced) to the client.  Return 0, or -1 when the connection is
	 * gone: the session is then closed.  The host may buffer; it must
	 * keep the order. */
	int (*write)(void *host, const char *buf, size_t len);

	/* smtpd_start(): may this peer talk to us?  ACCEPT greets with 220;
	 * REJECT greets with 554 and answers every command but QUIT with 503
	 * (RFC 5321 3.1); TEMPFAIL says 421 and closes. */
	smtpd_decision (*connect)(void *host, smtpd_session *s,
	    const char *peer);

	/* HELO or EHLO with its argument (ehlo is 1 for EHLO).  On ACCEPT the
	 * core replies 250 (with the extension list for EHLO). */
	smtpd_decision (*helo)(void *host, smtpd_session *s,
	    const char *name, size_t len, int ehlo);

	/* STARTTLS (RFC 3207).  ACCEPT: the core replies 220, discards every
	 * byte that followed the STARTTLS line and reports SMTPD_STARTTLS; the
	 * host then runs the handshake and calls smtpd_tls_done().  REJECT or
	 * TEMPFAIL default to 454 4.7.0.  NULL: STARTTLS is not offered. */
	smtpd_decision (*starttls)(void *host, smtpd_session *s);

	/* AUTH PLAIN or LOGIN (RFC 4954).  ACCEPT replies 235 2.7.0, REJECT
	 * 535 5.7.8, TEMPFAIL 454 4.7.0.  NULL: AUTH is not offered. */
	smtpd_decision (*auth)(void *host, smtpd_session *s,
	    const struct smtpd_credentials *c);

	/* MAIL FROM, after the core checked syntax, parameters and the size
	 * limit.  ACCEPT starts a transaction (250 2.1.0). */
	smtpd_decision (*mail)(void *host, smtpd_session *s,
	    const struct smtpd_mail *m);

	/* RCPT TO, after syntax and the recipient limit.  ACCEPT: 250 2.1.5. */
	smtpd_decision (*rcpt)(void *host, smtpd_session *s,
	    const struct smtpd_rcpt *r);

	/* DATA with at least one accepted recipient.  ACCEPT: 354. */
	smtpd_decision (*data)(void *host, smtpd_session *s);

	/* Message content after 354: dot-unstuffed, CRLF line ends, in chunks
	 * of any size as input arrives; the end-of-data line is not included.
	 * Not a decision: return 0, or -1 when the host cannot take it (disk
	 * full): the core drains the rest and answers 451 4.3.0 at the end.
	 * Bytes stop flowing once the message is doomed (too big, bare CR or
	 * LF), and the message callback is then not called. */
	int (*body)(void *host, smtpd_session *s, const char *p, size_t n);

	/* The end of data was seen and the whole message went to body.
	 * ACCEPT: 250 2.0.0.  The transaction ends whatever the answer. */
	smtpd_decision (*message)(void *host, smtpd_session *s);

	/* A transaction that the mail callback accepted ended without the
	 * message callback: RSET, an accepted HELO/EHLO, a message refused by
	 * the core (size, bare CR/LF, body failure), QUIT, timeout, a failed
	 * write or a 421.  Drop recipients and spooled content.  Not called
	 * by smtpd_free(). */
	void (*reset)(void *host, smtpd_session *s);
};

/* ---------------------------------------------------------------------------
 * Configuration.  A zeroed structure gives the documented defaults.
 */

/* Policy switches for smtpd_config.flags. */
#define SMTPD_AUTH_INSECURE	0x01	/* offer AUTH without TLS */
#define SMTPD_NORMALIZE_EOL	0x02	/* turn bare CR / bare LF in a message
					   into CRLF instead of refusing it */
#define SMTPD_TLS_ACTIVE	0x04	/* the connection is already TLS
					   (implicit TLS, RFC 8314) */
#define SMTPD_NO_HELO_REQUIRED	0x08	/* allow MAIL before HELO/EHLO */

#define SMTPD_UNLIMITED UINT64_MAX	/* max_message_size: no limit */

struct smtpd_config {
	const char *hostname;	/* greeting, EHLO and 421 texts; copied and
				   cut to 255 octets; NULL, empty, or with
				   a space or control octet: "localhost" */
	const char *banner;	/* text after "220 hostname ESMTP "; copied
				   and cut to 200 octets; NULL or with a
				   control octet: none */
	size_t max_line;	/* command line limit in octets with CRLF;
				   0: 2048; raised to at least 512
				   (RFC 5321 4.5.3.1.4) */
	uint64_t max_message_size; /* 0: 10485760 (10 MiB), advertised with
				   SIZE; SMTPD_UNLIMITED: no limit */
	unsigned max_recipients; /* per transaction; 0: 100; raised to at
				   least 100 (RFC 5321 4.5.3.1.8) */
	unsigned max_errors;	/* error replies (4xx/5xx to commands, host
				   refusals included, 452 4.5.3 excepted);
				   the one that reaches the limit is
				   replaced by 421; 0: 20 */
	unsigned max_unknown;	/* unknown commands; the one that reaches
				   the limit gets 421; 0: 10 */
	unsigned max_junk;	/* NOOP, RSET, VRFY, HELP between messages
				   before they count as errors; 0: 100 */
	unsigned max_auth_failures; /* refused AUTH; the refusal that reaches
				   the limit is replaced by 421; 0: 3 */
	unsigned max_messages;	/* messages per session (every end of data
				   counts); the next MAIL gets 421; 0: 1000 */
	unsigned flags;		/* SMTPD_AUTH_INSECURE ... */
};

/* Largest AUTH response line accepted (RFC 4954 4: at least 12288 octets). */
#define SMTPD_AUTH_LINE_MAX 12288

/* ---------------------------------------------------------------------------
 * Entry points
 */

/* Create a session.  config is copied (NULL: all defaults); callbacks must
 * stay valid for the session's life (a static const table is typical).
 * Returns NULL when memory is short or callbacks->write is NULL. */
smtpd_session *smtpd_new(const struct smtpd_config *config,
    const struct smtpd_callbacks *callbacks, void *host);

/* Free a session in any state, a pending decision included.  No callback is
 * called.  NULL is allowed. */
void smtpd_free(smtpd_session *s);

/* Greet the client (after the connect decision).  peer is any text naming
 * the client, passed to the connect callback (NULL: "").  Nothing is fed
 * before this is called: smtpd_feed() and smtpd_line() consume nothing.
 * Returns 0, or -1 when called twice. */
int smtpd_start(smtpd_session *s, const char *peer);

/* Raw input: the core frames lines itself, CRLF being the only line end, and
 * streams DATA content to the body callback.  Returns how many of the len
 * bytes it consumed.  It consumes all of them unless a decision is deferred
 * (smtpd_status() SMTPD_PAUSED): then it stops right after the line that
 * asked for the decision, and the host keeps the rest and feeds it again
 * after smtpd_decide().  In SMTPD_STARTTLS and SMTPD_CLOSED state input is
 * consumed and discarded (RFC 3207 5: nothing sent before the handshake may
 * count).  Replies are flushed before it returns. */
size_t smtpd_feed(smtpd_session *s, const char *buf, size_t len);

/* Pre-framed input for hosts that split lines themselves: one line without
 * its terminator, and how it ended.  Exactly equivalent to feeding the line's
 * bytes followed by the terminator's, so a bare LF or CR is treated as the
 * same bytes would be (never a line end).  eol may be or'ed with
 * SMTPD_EOL_MORE to keep replies buffered.  Returns as smtpd_feed() does,
 * counting the line's bytes and then the terminator's: a pause happens only
 * after a CRLF, so with a line that holds no CRLF inside the count is 0
 * (paused before it: give the same line again after smtpd_decide()) or all
 * of it. */
size_t smtpd_line(smtpd_session *s, const char *line, size_t len, int eol);

/* Write any buffered replies now.  Returns 0, or -1 if write failed. */
int smtpd_flush(smtpd_session *s);

/* Set the reply for the decision being made: from inside a decision
 * callback, or before smtpd_decide().  code 200..599; enhanced is "x.y.z"
 * whose class matches the code (RFC 3463), or NULL, for which the core
 * writes "x.0.0"; text printable ASCII without CR or LF, at most 400 octets.
 * Returns 0, or -1 (and the default reply stays) when any part is invalid.
 * It is used only when its class matches the decision.  A reply with code
 * 421 closes the session.  Some replies are the core's own: an accepted
 * HELO/EHLO (the extension list) and an accepted STARTTLS; for the connect
 * decision only the text is taken, and only with code 220 (ACCEPT), 554
 * (REJECT) or 421 (TEMPFAIL), without an enhanced code (RFC 2034 3). */
int smtpd_reply_set(smtpd_session *s, int code, const char *enhanced,
    const char *text);

/* Answer the deferred decision: the core writes its reply (the one set with
 * smtpd_reply_set() if its class matches d, else the default) and flushes.
 * The host then feeds the input it kept since the pause.  Returns 0, or -1
 * when no decision is pending, d is SMTPD_DEFER, or it is called from a
 * callback. */
int smtpd_decide(smtpd_session *s, smtpd_decision d);

/* The TLS handshake after STARTTLS ended.  ok: the session forgets all it
 * learnt before (HELO, AUTH, transaction; RFC 3207 4.2), no longer offers
 * STARTTLS and reads again.  Not ok: the session closes without another
 * byte.  Returns 0, or -1 when not in SMTPD_STARTTLS state. */
int smtpd_tls_done(smtpd_session *s, int ok);

/* The host's idle timer fired: write 421 4.4.2 and close.  In SMTPD_STARTTLS
 * state the channel belongs to the handshake, so it closes without a byte. */
void smtpd_timeout(smtpd_session *s);

/* ---------------------------------------------------------------------------
 * Accessors (cheap, valid at any time, also inside callbacks)
 */

smtpd_state smtpd_status(const smtpd_session *s);

/* The HELO/EHLO argument accepted last (a refused one changes nothing);
 * "" before any, and again after STARTTLS. */
const char *smtpd_helo_name(const smtpd_session *s);

/* The protocol name (a static string) for a Received: header's WITH clause
 * (RFC 3848,
 * RFC 6531): "SMTP", "ESMTP", "ESMTPS", "ESMTPA", "ESMTPSA", or "UTF8SMTP",
 * "UTF8SMTPS", "UTF8SMTPA", "UTF8SMTPSA" in an SMTPUTF8 transaction. */
const char *smtpd_protocol(const smtpd_session *s);

/* Complete lines (ended by CRLF) received so far, commands and message
 * content alike.  A host can give each line a deadline of its own by
 * watching it advance, so that a client sending a byte every few seconds
 * is cut off (smtpd_timeout()) however long its reads keep coming. */
uint64_t smtpd_lines(const smtpd_session *s);

/* Session facts as bits. */
#define SMTPD_INFO_EHLO		0x01	/* EHLO (not HELO) was accepted */
#define SMTPD_INFO_TLS		0x02	/* TLS is on */
#define SMTPD_INFO_AUTH		0x04	/* AUTH succeeded */
#define SMTPD_INFO_MAIL		0x08	/* a transaction is open */
#define SMTPD_INFO_SMTPUTF8	0x10	/* the transaction is SMTPUTF8 */
#define SMTPD_INFO_8BITMIME	0x20	/* the transaction said BODY=8BITMIME */
unsigned smtpd_info(const smtpd_session *s);

#ifdef __cplusplus
}
#endif

#endif

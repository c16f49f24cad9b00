/*
 * evented_loop.h - smtpd-evented's event loop and its sessions: one thread,
 * one epoll loop, many SMTP sessions, each driven through the protocol
 * core.
 *
 * Roles: evented_loop.c owns sockets, buffers, timers and the epoll
 * interest of each session; evented_policy.c answers the core's decisions
 * (recipients, possibly later; discard or Maildir delivery);
 * smtpd-evented.c holds main(): options, listeners, worker processes.
 */
#ifndef EVENTED_LOOP_H
#define EVENTED_LOOP_H

#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpd.h"

#define EV_READ_BUF	65536	/* one loop-wide buffer every read goes to */
#define EV_SLICE	4096	/* input given to one smtpd_feed() call, so
				   that the output queue is checked often */
#define EV_OUT_SOFT	65536	/* queued replies: stop feeding and reading */
#define EV_OUT_HARD	262144	/* queued replies: drop the session */
#define EV_LINGER_MS	2000	/* flushing and draining at close, at most */
#define EV_EVENTS	256	/* epoll events taken per wait */
#define EV_ACCEPTS	64	/* connections accepted per listener event */

/* What the options said; the same for every worker. */
struct ev_opts {
	const char *hostname;
	const char *maildir;	/* NULL: discard (-D) */
	const char *spool_dir;	/* $TMPDIR or /tmp, for Maildir mode */
	uint64_t max_size;	/* 0: no limit */
	long long timeout_ms;	/* idle deadline per line */
	unsigned max_sessions;	/* per worker */
	long delay_ms;		/* -r: < 0 decide at once; else defer every
				   recipient by 0..delay_ms */
	int quiet;		/* -q: log warnings and errors only */
};

struct ev_loop;
struct ev_tx;

/* A session.  It is in exactly one of the loop's two lists: the idle list
 * (deadline = last line + timeout) or the closing list (deadline = start of
 * the close + EV_LINGER_MS).  Each list gets a fixed increment on a
 * monotonic clock, so each is ordered by deadline: touching a session moves
 * it to the tail and timers expire from the head, O(1) each. */
struct ev_session {
	smtpd_session *core;
	struct ev_loop *loop;
	struct ev_session *prev, *next;
	long long deadline;	/* ms, monotonic */
	long long due;		/* ms: when the deferred decision is answered */
	uint64_t seq;		/* decision heap tie-break: order of deferral */
	uint64_t id;		/* per worker, from 1 */
	uint64_t lines;		/* smtpd_lines() when last touched */
	uint64_t octets;	/* message content received */
	char *in;		/* kept input in[in_off..in_len), or NULL */
	char *out;		/* queued replies out[out_off..out_off+out_len) */
	uint32_t in_off, in_len;
	uint32_t out_off, out_len, out_cap;
	uint32_t events;	/* epoll interest registered now */
	uint32_t prng;		/* xorshift32 state, seeded per session */
	int fd;
	int heap;		/* index in the decision heap, or -1 */
	unsigned flags;		/* EV_F_* */
	smtpd_decision answer;	/* of the deferred decision */
	unsigned messages, accepted;
	const char *end;	/* why it ended, for the end line */
	struct ev_tx *tx;	/* Maildir mode: the transaction, or NULL */
	unsigned short port;
	char last[3];		/* code of the last reply line written */
	char ip[INET6_ADDRSTRLEN];
};

#define EV_F_CLOSING	0x01	/* the core closed, or we do: flush, close */
#define EV_F_LINGER	0x02	/* shut down for writing; draining input */
#define EV_F_EOF	0x04	/* the client closed its side */
#define EV_F_DEAD	0x08	/* the connection is gone: drop at once */

struct ev_loop *evloop_new(const struct ev_opts *o, int listen_fd,
    unsigned worker);
/* Serve until *stop is set (by a signal, which epoll_pwait lets in while
 * it waits); then drop every session.  0, or -1 when epoll itself failed. */
int evloop_run(struct ev_loop *l, volatile sig_atomic_t *stop);
void evloop_free(struct ev_loop *l);
const struct ev_opts *evloop_opts(const struct ev_loop *l);
long long evloop_now(const struct ev_loop *l);
/* Answer the decision being made by s after delay_ms, with d (from a
 * decision callback that then returns SMTPD_DEFER). */
void evloop_defer(struct ev_session *s, long long delay_ms, smtpd_decision d);
/* A work buffer of MAILDIR_BUFSIZE octets for maildir_deliver(), or NULL. */
char *evloop_workbuf(struct ev_loop *l, size_t *len);

#endif

/*
 * evented_loop.c - one thread, one epoll loop, many SMTP sessions;
 * see evented_loop.h.
 *
 * epoll is level-triggered.  Each ready session gets one read of at most
 * EV_READ_BUF octets per loop iteration, so a fast client cannot starve the
 * others, and nothing has to remember "still readable" as edge-triggered
 * mode would.  The price is an epoll_ctl() whenever the interest of a
 * session changes, which is exactly when it stops or resumes reading (a
 * deferred decision, a full output queue, a close) or needs EPOLLOUT (its
 * socket buffer is full): rare in a session that behaves.
 *
 * Memory per session: the core's session, this file's struct ev_session,
 * and nothing else while it is idle.  Every read goes to one loop-wide
 * buffer; only input the core did not consume (a decision is pending, or
 * the client does not read its replies) is copied to a buffer of the
 * session's own, freed once fed.  Replies go to send() as the core writes
 * them; only what the socket does not take is queued, and the queue is
 * freed once sent.
 *
 * Deferred decisions wait in a binary min-heap ordered by (due, order of
 * deferral).  The timers run at the top of each iteration and answer only
 * what was deferred before it began, so a decision deferred by 0 ms is
 * answered on the next iteration, after every other ready session had its
 * turn.
 */
#include <sys/epoll.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "evented_loop.h"
#include "evented_policy.h"
#include "log.h"
#include "maildir.h"

struct ev_list {
	struct ev_session *head, *tail;
};

struct ev_loop {
	const struct ev_opts *o;
	struct smtpd_config cfg;
	struct smtpd_callbacks cb;
	int ep;			/* the epoll instance */
	int lfd;		/* the listening socket */
	unsigned worker;
	uint32_t lfd_events;	/* listener interest now: EPOLLIN or 0 */
	long long accept_resume; /* ms: accept again after EMFILE; 0: none */
	long long now;		/* ms, monotonic, read once per iteration */
	uint64_t next_id, next_seq;
	unsigned nsessions;
	struct ev_list idle;	/* by deadline: last line + timeout */
	struct ev_list closing;	/* by deadline: close + EV_LINGER_MS */
	struct ev_session **heap; /* deferred decisions, max_sessions slots */
	unsigned nheap;
	char *work;		/* maildir_deliver()'s buffer, made once */
	char buf[EV_READ_BUF];	/* every read lands here */
};

static int settle(struct ev_session *s);

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------------------
 * The two deadline lists
 */

static void
list_append(struct ev_list *L, struct ev_session *s)
{
	s->next = NULL;
	s->prev = L->tail;
	if (L->tail)
		L->tail->next = s;
	else
		L->head = s;
	L->tail = s;
}

static void
list_remove(struct ev_list *L, struct ev_session *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		L->head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	else
		L->tail = s->prev;
	s->prev = s->next = NULL;
}

/* The client made progress (a whole line), or waited for us: restart its
 * idle deadline.  O(1): to the tail of the idle list. */
static void
touch(struct ev_session *s)
{
	struct ev_loop *l = s->loop;

	if (s->flags & EV_F_CLOSING)
		return;
	s->deadline = l->now + l->o->timeout_ms;
	if (l->idle.tail != s) {
		list_remove(&l->idle, s);
		list_append(&l->idle, s);
	}
}

/* ------------------------------------------------------------------------
 * The decision heap
 */

static int
heap_less(const struct ev_session *a, const struct ev_session *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void
heap_set(struct ev_loop *l, unsigned i, struct ev_session *s)
{
	l->heap[i] = s;
	s->heap = (int)i;
}

static void
heap_up(struct ev_loop *l, unsigned i)
{
	struct ev_session *s = l->heap[i];

	while (i > 0 && heap_less(s, l->heap[(i - 1) / 2])) {
		heap_set(l, i, l->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(l, i, s);
}

static void
heap_down(struct ev_loop *l, unsigned i)
{
	struct ev_session *s = l->heap[i];

	for (;;) {
		unsigned c = 2 * i + 1;

		if (c >= l->nheap)
			break;
		if (c + 1 < l->nheap && heap_less(l->heap[c + 1], l->heap[c]))
			c++;
		if (!heap_less(l->heap[c], s))
			break;
		heap_set(l, i, l->heap[c]);
		i = c;
	}
	heap_set(l, i, s);
}

static void
heap_remove(struct ev_loop *l, struct ev_session *s)
{
	unsigned i = (unsigned)s->heap;
	struct ev_session *last = l->heap[--l->nheap];

	s->heap = -1;
	if (last == s)
		return;
	heap_set(l, i, last);
	heap_up(l, i);
	heap_down(l, (unsigned)last->heap);
}

void
evloop_defer(struct ev_session *s, long long delay_ms, smtpd_decision d)
{
	struct ev_loop *l = s->loop;

	/* One pending decision per session (the core waits for it), so the
	 * heap, sized for max_sessions, never fills. */
	if (s->heap >= 0)
		heap_remove(l, s);
	s->answer = d;
	s->due = l->now + (delay_ms > 0 ? delay_ms : 0);
	s->seq = ++l->next_seq;
	heap_set(l, l->nheap++, s);
	heap_up(l, (unsigned)s->heap);
}

/* ------------------------------------------------------------------------
 * Output: straight to the socket; the queue holds only what it refused
 */

static int
out_append(struct ev_session *s, const char *p, size_t n)
{
	size_t need, cap;
	char *q;

	if (n > EV_OUT_HARD - s->out_len)
		return -1;
	need = s->out_len + n;
	if (s->out_off + need > s->out_cap) {
		if (s->out_off > 0) {
			memmove(s->out, s->out + s->out_off, s->out_len);
			s->out_off = 0;
		}
		if (need > s->out_cap) {
			for (cap = s->out_cap ? s->out_cap : 4096; cap < need; )
				cap *= 2;
			if (cap > EV_OUT_HARD)
				cap = EV_OUT_HARD;
			if ((q = realloc(s->out, cap)) == NULL)
				return -1;
			s->out = q;
			s->out_cap = (uint32_t)cap;
		}
	}
	memcpy(s->out + s->out_off + s->out_len, p, n);
	s->out_len += (uint32_t)n;
	return 0;
}

/* Send what is queued: 0 (all of it, or the socket is full), -1 when the
 * connection is gone. */
static int
out_send(struct ev_session *s)
{
	while (s->out_len > 0) {
		ssize_t k = send(s->fd, s->out + s->out_off, s->out_len,
		    MSG_NOSIGNAL | MSG_DONTWAIT);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -1;
		}
		s->out_off += (uint32_t)k;
		s->out_len -= (uint32_t)k;
	}
	free(s->out);
	s->out = NULL;
	s->out_off = s->out_cap = 0;
	return 0;
}

/* The core's write callback.  It may not free the session (the core is
 * running): a lost connection or an overflowing queue only marks it dead,
 * and settle() drops it once the core has returned. */
static int
ev_write(void *host, const char *buf, size_t len)
{
	struct ev_session *s = host;
	const char *nl;

	if (s->flags & (EV_F_DEAD | EV_F_LINGER))
		return -1;
	/* The core writes whole reply lines: remember the last one's code,
	 * so that the end line can tell a QUIT (221) from a 421. */
	if (len >= 5) {
		nl = memrchr(buf, '\n', len - 1);
		nl = nl ? nl + 1 : buf;
		if ((size_t)(buf + len - nl) >= 3)
			memcpy(s->last, nl, 3);
	}
	if (s->out_len == 0) {
		ssize_t k;

		do
			k = send(s->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		while (k < 0 && errno == EINTR);
		if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			s->flags |= EV_F_DEAD;
			if (s->end == NULL)
				s->end = "write-failed";
			return -1;
		}
		if (k > 0) {
			buf += k;
			len -= (size_t)k;
		}
		if (len == 0)
			return 0;
	}
	if (out_append(s, buf, len) != 0) {
		/* A client that sends and never reads: past the hard cap we
		 * stop spending memory on it. */
		s->flags |= EV_F_DEAD;
		if (s->end == NULL)
			s->end = "output-overflow";
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------------
 * Input: fed in slices while the core reads and the queue has room
 */

static size_t
feed(struct ev_session *s, const char *p, size_t n)
{
	size_t off = 0;

	while (off < n && !(s->flags & EV_F_DEAD) &&
	    smtpd_status(s->core) == SMTPD_READING &&
	    s->out_len < EV_OUT_SOFT) {
		size_t k = n - off < EV_SLICE ? n - off : EV_SLICE;
		size_t used = smtpd_feed(s->core, p + off, k);

		off += used;
		if (used == 0 && smtpd_status(s->core) == SMTPD_READING)
			break;	/* cannot happen; never spin */
	}
	if (smtpd_status(s->core) == SMTPD_CLOSED)
		return n;	/* the rest counts for nothing */
	return off;
}

/* Feed the input kept since a pause or a full queue. */
static void
pump(struct ev_session *s)
{
	if (s->in == NULL)
		return;
	s->in_off += (uint32_t)feed(s, s->in + s->in_off,
	    s->in_len - s->in_off);
	if (s->in_off == s->in_len) {
		free(s->in);
		s->in = NULL;
		s->in_off = s->in_len = 0;
	}
}

static void
keep(struct ev_session *s, const char *p, size_t n)
{
	/* Reading stops while input is kept, so there is never more than
	 * one read's worth (EV_READ_BUF). */
	if ((s->in = malloc(n)) == NULL) {
		s->flags |= EV_F_DEAD;
		s->end = "out-of-memory";
		return;
	}
	memcpy(s->in, p, n);
	s->in_off = 0;
	s->in_len = (uint32_t)n;
}

/* ------------------------------------------------------------------------
 * Sessions
 */

static void
listener_interest(struct ev_loop *l)
{
	uint32_t want = l->nsessions < l->o->max_sessions &&
	    l->accept_resume == 0 ? EPOLLIN : 0;
	struct epoll_event ev;

	if (want == l->lfd_events || l->lfd < 0)
		return;
	memset(&ev, 0, sizeof ev);
	ev.events = want;
	ev.data.ptr = NULL;
	if (epoll_ctl(l->ep, EPOLL_CTL_MOD, l->lfd, &ev) == 0)
		l->lfd_events = want;
}

static void
session_free(struct ev_session *s)
{
	struct ev_loop *l = s->loop;
	struct logline ll;

	if (!l->o->quiet) {
		log_begin(&ll, "info", "end");
		log_num(&ll, "id", s->id);
		log_word(&ll, "ip", s->ip);
		log_num(&ll, "port", s->port);
		log_word(&ll, "reason", s->end ? s->end : "quit");
		log_num(&ll, "messages", s->messages);
		log_num(&ll, "accepted", s->accepted);
		log_num(&ll, "octets", s->octets);
		if (s->out_len > 0)	/* replies the client never took */
			log_num(&ll, "unsent", s->out_len);
		log_end(&ll);
	}
	if (s->heap >= 0)
		heap_remove(l, s);
	list_remove(s->flags & EV_F_CLOSING ? &l->closing : &l->idle, s);
	close(s->fd);		/* also leaves the epoll set */
	evpolicy_end(s);
	smtpd_free(s->core);
	free(s->in);
	free(s->out);
	free(s);
	l->nsessions--;
	listener_interest(l);
}

/* From now on the session only flushes its replies and closes, within
 * EV_LINGER_MS. */
static void
begin_closing(struct ev_session *s, const char *why)
{
	struct ev_loop *l = s->loop;

	if (s->flags & EV_F_CLOSING)
		return;
	if (s->end == NULL)
		s->end = why;
	list_remove(&l->idle, s);
	s->flags |= EV_F_CLOSING;
	s->deadline = l->now + EV_LINGER_MS;
	list_append(&l->closing, s);
	if (s->heap >= 0)
		heap_remove(l, s);
	free(s->in);
	s->in = NULL;
	s->in_off = s->in_len = 0;
}

/* Make the epoll interest match the state; -1 (and the session is freed)
 * when epoll refuses. */
static int
interest(struct ev_session *s)
{
	uint32_t want = 0;
	struct epoll_event ev;

	if (s->flags & EV_F_CLOSING) {
		if (s->out_len > 0)
			want = EPOLLOUT;
		else if (s->flags & EV_F_LINGER)
			want = EPOLLIN;
	} else {
		/* Back-pressure: no reading while input waits to be fed
		 * (a decision is pending, or the queue was full) or while
		 * the client leaves its replies unread. */
		if (s->in == NULL && s->out_len < EV_OUT_SOFT &&
		    smtpd_status(s->core) == SMTPD_READING)
			want |= EPOLLIN;
		if (s->out_len > 0)
			want |= EPOLLOUT;
	}
	if (want == s->events)
		return 0;
	memset(&ev, 0, sizeof ev);
	ev.events = want;
	ev.data.ptr = s;
	if (epoll_ctl(s->loop->ep, EPOLL_CTL_MOD, s->fd, &ev) != 0) {
		if (s->end == NULL)
			s->end = "epoll-failed";
		session_free(s);
		return -1;
	}
	s->events = want;
	return 0;
}

/* After every call into the core and every I/O event: drop a dead
 * session, restart the idle deadline if a line went by, move a closed
 * session to its close, and set the epoll interest.  Returns -1 when the
 * session is freed. */
static int
settle(struct ev_session *s)
{
	if (s->flags & EV_F_DEAD) {
		session_free(s);
		return -1;
	}
	if (!(s->flags & EV_F_CLOSING)) {
		uint64_t n = smtpd_lines(s->core);

		if (n != s->lines) {
			s->lines = n;
			touch(s);
		}
		if (smtpd_status(s->core) == SMTPD_CLOSED)
			begin_closing(s, memcmp(s->last, "221", 3) == 0 ?
			    "quit" : "refused");
	}
	if ((s->flags & EV_F_CLOSING) && s->out_len == 0 &&
	    !(s->flags & EV_F_LINGER)) {
		if (s->flags & EV_F_EOF) {
			session_free(s);
			return -1;
		}
		/* Close gracefully: a close() with unread input would send a
		 * reset that can destroy the last reply before the client
		 * reads it.  Say FIN, and read until the client's. */
		shutdown(s->fd, SHUT_WR);
		s->flags |= EV_F_LINGER;
	}
	return interest(s);
}

static uint32_t
seed(unsigned worker, uint64_t id)
{
	/* splitmix64's finaliser: distinct, well-mixed, reproducible */
	uint64_t z = ((uint64_t)worker << 40) + id + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (uint32_t)z ? (uint32_t)z : 1;	/* xorshift needs non-zero */
}

static void
peer_text(const struct sockaddr_storage *ss, char *ip, size_t len,
    unsigned short *port)
{
	const void *a = NULL;

	if (ss->ss_family == AF_INET) {
		a = &((const struct sockaddr_in *)ss)->sin_addr;
		*port = ntohs(((const struct sockaddr_in *)ss)->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
		*port = ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	}
	if (a == NULL || inet_ntop(ss->ss_family, a, ip, (socklen_t)len) ==
	    NULL)
		memcpy(ip, "unknown", 8);
}

static void
session_new(struct ev_loop *l, int fd, const struct sockaddr_storage *ss)
{
	struct ev_session *s = calloc(1, sizeof *s);
	struct epoll_event ev;
	struct logline ll;
	int one = 1;

	if (s == NULL || (s->core = smtpd_new(&l->cfg, &l->cb, s)) == NULL) {
		log_begin(&ll, "warning", "session");
		log_word(&ll, "error", "out-of-memory");
		log_end(&ll);
		free(s);
		close(fd);
		return;
	}
	s->loop = l;
	s->fd = fd;
	s->heap = -1;
	s->id = ++l->next_id;
	s->prng = seed(l->worker, s->id);
	peer_text(ss, s->ip, sizeof s->ip, &s->port);
	/* Replies are small and answered decisions trickle out one by one:
	 * Nagle would hold each behind the client's delayed ACK. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.ptr = s;
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
		log_begin(&ll, "warning", "session");
		log_word(&ll, "error", "epoll");
		log_end(&ll);
		smtpd_free(s->core);
		free(s);
		close(fd);
		return;
	}
	s->events = EPOLLIN;
	s->deadline = l->now + l->o->timeout_ms;
	list_append(&l->idle, s);
	l->nsessions++;
	if (!l->o->quiet) {
		log_begin(&ll, "info", "connect");
		log_num(&ll, "id", s->id);
		log_word(&ll, "ip", s->ip);
		log_num(&ll, "port", s->port);
		log_end(&ll);
	}
	smtpd_start(s->core, s->ip);
	settle(s);
}

static void
accept_ready(struct ev_loop *l)
{
	struct logline ll;
	int i;

	for (i = 0; i < EV_ACCEPTS && l->nsessions < l->o->max_sessions;
	    i++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		int fd = accept4(l->lfd, (struct sockaddr *)&ss, &sl,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd >= 0) {
			session_new(l, fd, &ss);
			continue;
		}
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		/* Out of descriptors or memory: a level-triggered listener
		 * would wake us at once, forever.  Rest it a while. */
		log_begin(&ll, "warning", "accept");
		log_word(&ll, "error", strerror(errno));
		log_end(&ll);
		l->accept_resume = l->now + 100;
		break;
	}
	listener_interest(l);
}

/* One read into the loop's buffer; keep what the core did not take. */
static void
read_input(struct ev_session *s)
{
	struct ev_loop *l = s->loop;
	ssize_t n = recv(s->fd, l->buf, sizeof l->buf, 0);

	if (n > 0) {
		size_t off = feed(s, l->buf, (size_t)n);

		if (off < (size_t)n && !(s->flags & EV_F_DEAD))
			keep(s, l->buf + off, (size_t)n - off);
	} else if (n == 0) {
		/* The client is done sending; it may still read. */
		s->flags |= EV_F_EOF;
		begin_closing(s, "client-closed");
	} else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		s->flags |= EV_F_DEAD;
		if (s->end == NULL)
			s->end = "read-failed";
	}
}

/* After the close: discard input until the client's FIN. */
static void
drain(struct ev_session *s)
{
	ssize_t n = recv(s->fd, s->loop->buf, sizeof s->loop->buf, 0);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR))
		s->flags |= EV_F_DEAD;
}

static void
session_event(struct ev_session *s, uint32_t ev)
{
	if (ev & EPOLLERR) {
		s->flags |= EV_F_DEAD;
		if (s->end == NULL)
			s->end = "connection-lost";
		settle(s);
		return;
	}
	if ((ev & EPOLLOUT) && s->out_len > 0) {
		if (out_send(s) != 0) {
			s->flags |= EV_F_DEAD;
			if (s->end == NULL)
				s->end = "write-failed";
		} else if (!(s->flags & EV_F_CLOSING) &&
		    s->out_len < EV_OUT_SOFT) {
			pump(s);	/* the client reads again */
		}
	}
	if (!(s->flags & EV_F_DEAD) && (ev & (EPOLLIN | EPOLLHUP))) {
		if (s->flags & EV_F_LINGER)
			drain(s);
		else if (s->events & EPOLLIN)
			read_input(s);
		else if (ev & EPOLLHUP) {
			/* both directions shut: nothing can be said */
			s->flags |= EV_F_DEAD;
			if (s->end == NULL)
				s->end = "connection-lost";
		}
	}
	settle(s);
}

/* ------------------------------------------------------------------------
 * Timers
 */

static void
run_timers(struct ev_loop *l)
{
	uint64_t last = l->next_seq;	/* deferred before this iteration */
	struct ev_session *s;

	while (l->nheap > 0 && (s = l->heap[0])->due <= l->now &&
	    s->seq <= last) {
		heap_remove(l, s);
		(void)smtpd_decide(s->core, s->answer);
		touch(s);	/* the wait was ours, not the client's */
		pump(s);
		settle(s);
	}
	while ((s = l->idle.head) != NULL && s->deadline <= l->now) {
		s->end = "timeout";
		smtpd_timeout(s->core);		/* 421 4.4.2 */
		begin_closing(s, "timeout");
		settle(s);
	}
	while ((s = l->closing.head) != NULL && s->deadline <= l->now)
		session_free(s);	/* could not flush or drain in time */
	if (l->accept_resume != 0 && l->accept_resume <= l->now) {
		l->accept_resume = 0;
		listener_interest(l);
	}
}

/* Milliseconds until the first timer, or -1 for none. */
static int
next_timeout(const struct ev_loop *l)
{
	long long t = LLONG_MAX;

	if (l->nheap > 0)
		t = l->heap[0]->due;
	if (l->idle.head && l->idle.head->deadline < t)
		t = l->idle.head->deadline;
	if (l->closing.head && l->closing.head->deadline < t)
		t = l->closing.head->deadline;
	if (l->accept_resume != 0 && l->accept_resume < t)
		t = l->accept_resume;
	if (t == LLONG_MAX)
		return -1;
	t -= l->now;
	return t < 0 ? 0 : t > INT_MAX ? INT_MAX : (int)t;
}

/* ------------------------------------------------------------------------
 * The loop
 */

struct ev_loop *
evloop_new(const struct ev_opts *o, int listen_fd, unsigned worker)
{
	struct ev_loop *l = calloc(1, sizeof *l);
	struct epoll_event ev;

	if (l == NULL)
		return NULL;
	l->o = o;
	l->lfd = listen_fd;
	l->worker = worker;
	l->cfg.hostname = o->hostname;
	l->cfg.max_message_size = o->max_size ? o->max_size :
	    SMTPD_UNLIMITED;
	evpolicy_callbacks(&l->cb, o);
	l->cb.write = ev_write;
	l->heap = calloc(o->max_sessions ? o->max_sessions : 1,
	    sizeof *l->heap);
	l->ep = epoll_create1(EPOLL_CLOEXEC);
	if (l->heap == NULL || l->ep < 0)
		goto fail;
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.ptr = NULL;		/* the listener */
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, listen_fd, &ev) != 0)
		goto fail;
	l->lfd_events = EPOLLIN;
	l->now = now_ms();
	return l;
fail:
	if (l->ep >= 0)
		close(l->ep);
	free(l->heap);
	free(l);
	return NULL;
}

int
evloop_run(struct ev_loop *l, volatile sig_atomic_t *stop)
{
	struct epoll_event evs[EV_EVENTS];
	sigset_t none;
	int rc = 0;

	sigemptyset(&none);
	while (!*stop) {
		int i, n;

		run_timers(l);
		/* Signals are blocked but here: no lost wake-up. */
		n = epoll_pwait(l->ep, evs, EV_EVENTS, next_timeout(l), &none);
		l->now = now_ms();
		if (n < 0) {
			struct logline ll;

			if (errno == EINTR)
				continue;
			log_begin(&ll, "warning", "epoll");
			log_word(&ll, "error", strerror(errno));
			log_end(&ll);
			rc = -1;
			break;
		}
		for (i = 0; i < n; i++) {
			if (evs[i].data.ptr == NULL)
				accept_ready(l);
			else
				session_event(evs[i].data.ptr, evs[i].events);
		}
	}
	while (l->idle.head) {
		l->idle.head->end = "shutdown";
		session_free(l->idle.head);
	}
	while (l->closing.head)
		session_free(l->closing.head);
	return rc;
}

void
evloop_free(struct ev_loop *l)
{
	if (l == NULL)
		return;
	close(l->ep);
	free(l->heap);
	free(l->work);
	free(l);
}

const struct ev_opts *
evloop_opts(const struct ev_loop *l)
{
	return l->o;
}

long long
evloop_now(const struct ev_loop *l)
{
	return l->now;
}

char *
evloop_workbuf(struct ev_loop *l, size_t *len)
{
	if (l->work == NULL)
		l->work = malloc(MAILDIR_BUFSIZE);
	*len = l->work ? MAILDIR_BUFSIZE : 0;
	return l->work;
}

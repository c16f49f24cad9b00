/*
 * maildir.c - deliver one message into a Maildir; see maildir.h.
 *
 * The protocol is D. J. Bernstein's maildir(5): create a unique name in tmp/,
 * write the message, fsync it, link() it into new/, unlink the tmp/ name.
 * The fsync of the file makes its contents durable before its name appears in
 * new/, so a reader never finds a truncated message there after a crash; the
 * fsync of new/ makes the new name itself durable, which link() alone does
 * not promise on most Unix filesystems.  Only then is the message ours.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <sys/stat.h>
#include <sys/utsname.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>		/* renameat */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "maildir.h"

#define NAME_TRIES	8	/* fresh names tried when one is taken */
#define PATH_CAP	(4 + MAILDIR_NAME_MAX)	/* "tmp/" or "new/" + name */
#define HOST_CAP	(4 * 64 + 1)	/* an escaped host name and its NUL */

/* Makes names unique between deliveries of one process, threads included. */
static atomic_ulong counter;

/* A bounded string builder: p[cap], always NUL-terminated, cut when full. */
struct text {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

/* Where the message goes: a file and the work buffer in front of it. */
struct out {
	int	 fd;
	char	*buf;
	size_t	 cap;
	size_t	 used;
};

static void
text_init(struct text *t, char *p, size_t cap)
{
	t->p = p;
	t->len = 0;
	t->cap = cap;
	p[0] = '\0';
}

static void
text_add(struct text *t, const char *s, size_t n)
{
	if (n > t->cap - 1 - t->len)
		n = t->cap - 1 - t->len;
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
}

static void
text_str(struct text *t, const char *s)
{
	text_add(t, s, strlen(s));
}

static void
text_num(struct text *t, unsigned long long v)
{
	char d[24];
	size_t i = sizeof d;

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	text_add(t, d + i, sizeof d - i);
}

/* Record "unable to WHAT[ DIR[/OBJ]]: strerror" and return TEMPORARY. */
static int
tempfail(struct maildir_result *r, const char *what, const char *dir,
    const char *obj, int errnum)
{
	struct text t;

	text_init(&t, r->error, sizeof r->error);
	text_str(&t, "unable to ");
	text_str(&t, what);
	if (dir != NULL) {
		text_str(&t, " ");
		text_str(&t, dir);
		if (obj != NULL) {
			text_str(&t, "/");
			text_str(&t, obj);
		}
	}
	text_str(&t, ": ");
	/* strerror() returns static strings in glibc and musl, so it is safe
	 * in the threaded hosts this module is written for. */
	text_str(&t, strerror(errnum));
	r->errnum = errnum;
	r->status = "4.3.0";
	if (errnum == ENOSPC || errnum == EDQUOT)
		r->reason = "Mail system full";
	else
		r->reason = "Unable to store the message";
	return MAILDIR_TEMPORARY;
}

static int
permfail(struct maildir_result *r, const char *error, const char *status,
    const char *reason)
{
	struct text t;

	text_init(&t, r->error, sizeof r->error);
	text_str(&t, error);
	r->errnum = 0;
	r->status = status;
	r->reason = reason;
	return MAILDIR_PERMANENT;
}

/* A header value must not end its line early or smuggle in another header. */
static int
value_ok(const struct maildir_str *s)
{
	if (s->len == 0)
		return 1;
	return memchr(s->ptr, '\r', s->len) == NULL &&
	    memchr(s->ptr, '\n', s->len) == NULL &&
	    memchr(s->ptr, '\0', s->len) == NULL;
}

static int
check_envelope(const struct maildir_msg *m, struct maildir_result *r)
{
	size_t i;

	if (m->sender != NULL && !value_ok(m->sender))
		return permfail(r, "unable to write Return-Path: "
		    "the sender contains CR, LF or NUL", "5.1.7",
		    "Invalid sender address");
	for (i = 0; i < m->nrcpt; i++) {
		if (m->rcpt[i].len == 0)
			return permfail(r, "unable to write Delivered-To: "
			    "a recipient is empty", "5.1.3",
			    "Invalid recipient address");
		if (!value_ok(&m->rcpt[i]))
			return permfail(r, "unable to write Delivered-To: "
			    "a recipient contains CR, LF or NUL", "5.1.3",
			    "Invalid recipient address");
	}
	return MAILDIR_OK;
}

/*
 * The host part of a name, escaped as the modern Maildir convention has it:
 * '/' would split the path and ':' starts the info part of a name in cur/.
 */
static int
host_part(char *host, size_t cap)
{
	struct utsname u;
	struct text t;
	size_t i;

	if (uname(&u) == -1)
		return -1;
	text_init(&t, host, cap);
	for (i = 0; i < sizeof u.nodename && u.nodename[i] != '\0'; i++) {
		const char *e = NULL;

		if (u.nodename[i] == '/')
			e = "\\057";
		else if (u.nodename[i] == ':')
			e = "\\072";
		if (e != NULL)
			text_add(&t, e, 4);
		else
			text_add(&t, &u.nodename[i], 1);
	}
	return 0;
}

/* r->name = time.M<usec>P<pid>Q<counter>.<host>, cut to fit NAME_MAX. */
static int
make_name(struct maildir_result *r, const char *host, unsigned long pid)
{
	struct timespec ts;
	struct text t;
	size_t room, i;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		return -1;
	text_init(&t, r->name, sizeof r->name);
	text_num(&t, ts.tv_sec > 0 ? (unsigned long long)ts.tv_sec : 0);
	text_str(&t, ".M");
	text_num(&t, (unsigned long long)(ts.tv_nsec / 1000));
	text_str(&t, "P");
	text_num(&t, pid);
	text_str(&t, "Q");
	text_num(&t, atomic_fetch_add(&counter, 1) + 1);
	text_str(&t, ".");
	/* Cut the host, never inside an escape, so the name stays a name. */
	room = t.cap - 1 - t.len;
	for (i = 0; host[i] != '\0'; ) {
		size_t n = host[i] == '\\' ? 4 : 1;

		if (n > room)
			break;
		text_add(&t, host + i, n);
		room -= n;
		i += n;
	}
	return 0;
}

static void
make_path(char *path, const char *sub, const char *name)
{
	struct text t;

	text_init(&t, path, PATH_CAP);
	text_str(&t, sub);
	text_str(&t, name);
}

/* Some filesystems cannot fsync a directory (EINVAL): nothing more to do. */
static int
sync_dir(int fd)
{
	if (fsync(fd) == -1 && errno != EINVAL)
		return -1;
	return 0;
}

/* Create tmp/, new/ and cur/ as needed; make what was created durable. */
static int
make_subdirs(int dfd, const char *dir, struct maildir_result *r)
{
	static const char *const sub[] = { "tmp", "new", "cur" };
	size_t i;
	int created = 0;

	for (i = 0; i < sizeof sub / sizeof sub[0]; i++) {
		if (mkdirat(dfd, sub[i], 0700) == 0)
			created = 1;
		else if (errno != EEXIST)
			return tempfail(r, "create", dir, sub[i], errno);
	}
	if (created && sync_dir(dfd) == -1)
		return tempfail(r, "sync", dir, NULL, errno);
	return MAILDIR_OK;
}

/* Open the Maildir, creating it if missing; the parent is not created. */
static int
open_maildir(const char *dir, int *dfdp, struct maildir_result *r)
{
	int dfd, pfd;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd == -1 && errno == ENOENT) {
		if (mkdir(dir, 0700) == -1 && errno != EEXIST)
			return tempfail(r, "create", dir, NULL, errno);
		dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd == -1)
			return tempfail(r, "open", dir, NULL, errno);
		/* The new directory's own name must survive a crash too. */
		pfd = openat(dfd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pfd == -1 || sync_dir(pfd) == -1) {
			int e = errno;

			if (pfd != -1)
				close(pfd);
			close(dfd);
			return tempfail(r, "sync the parent of", dir, NULL, e);
		}
		close(pfd);
	}
	if (dfd == -1)
		return tempfail(r, "open", dir, NULL, errno);
	*dfdp = dfd;
	return MAILDIR_OK;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (k == 0) {
			errno = EIO;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Write the first n buffered bytes; what follows moves to the front. */
static int
out_flush(struct out *o, size_t n)
{
	if (write_all(o->fd, o->buf, n) == -1)
		return -1;
	memmove(o->buf, o->buf + n, o->used - n);
	o->used -= n;
	return 0;
}

static int
out_put(struct out *o, const char *p, size_t n)
{
	while (n > 0) {
		size_t k = o->cap - o->used;

		if (k == 0) {
			if (out_flush(o, o->used) == -1)
				return -1;
			continue;
		}
		if (k > n)
			k = n;
		memcpy(o->buf + o->used, p, k);
		o->used += k;
		p += k;
		n -= k;
	}
	return 0;
}

static int
put_headers(struct out *o, const struct maildir_msg *m)
{
	const char *eol = (m->flags & MAILDIR_KEEP_CRLF) ? "\r\n" : "\n";
	size_t eol_len = strlen(eol), i;

	/* RFC 5321 4.4: the final delivery adds Return-Path with the
	 * reverse-path, "<>" for a null one. */
	if (m->sender != NULL) {
		if (out_put(o, "Return-Path: <", 14) == -1 ||
		    out_put(o, m->sender->ptr, m->sender->len) == -1 ||
		    out_put(o, ">", 1) == -1 ||
		    out_put(o, eol, eol_len) == -1)
			return -1;
	}
	for (i = 0; i < m->nrcpt; i++) {
		if (out_put(o, "Delivered-To: ", 14) == -1 ||
		    out_put(o, m->rcpt[i].ptr, m->rcpt[i].len) == -1 ||
		    out_put(o, eol, eol_len) == -1)
			return -1;
	}
	return 0;
}

/* Read up to room bytes into p; 0 at end of input, -1 on error. */
static ssize_t
source_read(const struct maildir_msg *m, const char **src, size_t *left,
    char *p, size_t room)
{
	size_t n;

	if (m->fd < 0) {
		n = *left < room ? *left : room;
		memcpy(p, *src, n);
		*src += n;
		*left -= n;
		return (ssize_t)n;
	}
	for (;;) {
		ssize_t k = read(m->fd, p, room);

		if (k >= 0)
			return k;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			/* A descriptor left non-blocking by whoever shares it. */
			struct pollfd pfd = { .fd = m->fd, .events = POLLIN };

			if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
				return -1;
			continue;
		}
		return -1;
	}
}

/*
 * Copy the message after the headers, one write per full buffer.  Returns 0,
 * -1 on a write error or -2 on a read error, with errno set.
 */
static int
put_body(struct out *o, const struct maildir_msg *m)
{
	const char *src = m->data;
	size_t left = m->fd < 0 ? m->len : 0;
	int convert = !(m->flags & MAILDIR_KEEP_CRLF);
	size_t held = 0;	/* 1: buf[used - 1] is a CR whose next byte
				   is not read yet */

	for (;;) {
		char *b = o->buf;
		size_t r, w, end;
		ssize_t k;

		if (o->used == o->cap) {
			/* Keep a held CR back: it moves to the front. */
			if (out_flush(o, o->used - held) == -1)
				return -1;
		}
		k = source_read(m, &src, &left, b + o->used, o->cap - o->used);
		if (k == -1)
			return -2;
		if (k == 0)
			break;
		end = o->used + (size_t)k;
		if (!convert) {
			o->used = end;
			continue;
		}
		/* RFC 5321 2.3.8: on the wire a line ends in CR LF; a Maildir
		 * file ends it in LF.  Only a CR LF pair is a line end: a lone
		 * CR is content and stays.  In place: w never passes r. */
		r = w = o->used - held;
		while (r < end) {
			const char *cr = memchr(b + r, '\r', end - r);
			size_t run = cr != NULL ? (size_t)(cr - (b + r)) : end - r;

			if (w != r)
				memmove(b + w, b + r, run);
			w += run;
			r += run;
			if (r == end)
				break;
			if (r + 1 < end && b[r + 1] == '\n') {
				b[w++] = '\n';
				r += 2;
			} else {
				b[w++] = '\r';
				r++;
			}
		}
		o->used = w;
		/* The output ends in CR only when the input ended in a CR
		 * that was not part of a pair: its LF may be in the next read. */
		held = (w > 0 && b[w - 1] == '\r') ? 1 : 0;
	}
	/* End of input: a held CR was a lone one and is written as it is. */
	if (out_flush(o, o->used) == -1)
		return -1;
	return 0;
}

int
maildir_deliver(const struct maildir_msg *m, struct maildir_result *r)
{
	char tmp[PATH_CAP], new[PATH_CAP], host[HOST_CAP];
	struct out o;
	struct stat st;
	char *owned = NULL;
	unsigned long pid;
	int dfd = -1, fd = -1, nfd, rc, e, tries;
	int made = 0, in_tmp = 0, in_new = 0;

	r->name[0] = '\0';
	r->error[0] = '\0';
	r->status = NULL;
	r->reason = NULL;
	r->errnum = 0;

	/* Refuse a bad envelope before anything is created. */
	if ((rc = check_envelope(m, r)) != MAILDIR_OK)
		return rc;

	o.buf = m->buf;
	o.cap = m->bufsize;
	o.used = 0;
	if (o.buf == NULL || o.cap < 2) {
		if ((owned = malloc(MAILDIR_BUFSIZE)) == NULL)
			return tempfail(r, "allocate memory", NULL, NULL, errno);
		o.buf = owned;
		o.cap = MAILDIR_BUFSIZE;
	}

	if (host_part(host, sizeof host) == -1) {
		rc = tempfail(r, "read the host name", NULL, NULL, errno);
		goto out;
	}
	pid = (unsigned long)getpid();
	if ((rc = open_maildir(m->dir, &dfd, r)) != MAILDIR_OK)
		goto out;

	/* A unique name in tmp/: O_EXCL proves it unique. */
	if (make_name(r, host, pid) == -1) {
		rc = tempfail(r, "read the clock", NULL, NULL, errno);
		goto out;
	}
	for (tries = 0;; ) {
		make_path(tmp, "tmp/", r->name);
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
		if (fd != -1)
			break;
		e = errno;
		/* tmp/ missing: the Maildir is new or incomplete. */
		if (e == ENOENT && !made) {
			made = 1;
			if ((rc = make_subdirs(dfd, m->dir, r)) != MAILDIR_OK)
				goto out;
			continue;
		}
		if (e == EEXIST && ++tries < NAME_TRIES) {
			if (make_name(r, host, pid) == -1) {
				rc = tempfail(r, "read the clock", NULL, NULL,
				    errno);
				goto out;
			}
			continue;
		}
		rc = tempfail(r, "create", m->dir, tmp, e);
		goto out;
	}
	in_tmp = 1;

	o.fd = fd;
	if (put_headers(&o, m) == -1) {
		rc = tempfail(r, "write", m->dir, tmp, errno);
		goto out;
	}
	switch (put_body(&o, m)) {
	case 0:
		break;
	case -2:
		rc = tempfail(r, "read the message", NULL, NULL, errno);
		r->reason = "Unable to read the message";
		goto out;
	default:
		rc = tempfail(r, "write", m->dir, tmp, errno);
		goto out;
	}
	/* The contents must be on disk before the name is in new/. */
	if (fsync(fd) == -1) {
		rc = tempfail(r, "sync", m->dir, tmp, errno);
		goto out;
	}
	/* close() is where some network filesystems report write errors. */
	e = close(fd);
	fd = -1;
	if (e == -1) {
		rc = tempfail(r, "close", m->dir, tmp, errno);
		goto out;
	}

	/* link() never replaces a name in new/, so it cannot lose a message;
	 * the name in new/ is normally the one in tmp/. */
	for (tries = 0;; ) {
		make_path(new, "new/", r->name);
		if (linkat(dfd, tmp, dfd, new, 0) == 0) {
			in_new = 1;
			break;
		}
		e = errno;
		if (e == EEXIST && ++tries < NAME_TRIES) {
			if (make_name(r, host, pid) == -1) {
				rc = tempfail(r, "read the clock", NULL, NULL,
				    errno);
				goto out;
			}
			continue;
		}
		if (e == ENOENT && !made) {
			made = 1;
			if ((rc = make_subdirs(dfd, m->dir, r)) != MAILDIR_OK)
				goto out;
			continue;
		}
		if (e == EPERM || e == EXDEV || e == ENOSYS ||
		    e == EOPNOTSUPP || e == ENOTSUP) {
			/* No hard links on this filesystem: rename() instead.
			 * It would replace an existing name, so look first. */
			if (fstatat(dfd, new, &st, AT_SYMLINK_NOFOLLOW) == 0) {
				if (++tries >= NAME_TRIES) {
					rc = tempfail(r, "rename into new/",
					    m->dir, tmp, EEXIST);
					goto out;
				}
				if (make_name(r, host, pid) == -1) {
					rc = tempfail(r, "read the clock",
					    NULL, NULL, errno);
					goto out;
				}
				continue;
			}
			if (renameat(dfd, tmp, dfd, new) == 0) {
				in_tmp = 0;
				in_new = 1;
				break;
			}
			rc = tempfail(r, "rename into new/", m->dir, tmp,
			    errno);
			goto out;
		}
		rc = tempfail(r, "link into new/", m->dir, tmp, e);
		goto out;
	}
	if (in_tmp) {
		/* As qmail-local: once the message is in new/, a tmp/ name
		 * that will not go is only litter, which readers clean up
		 * after 36 hours; it is not a reason to fail. */
		(void)unlinkat(dfd, tmp, 0);
		in_tmp = 0;
	}

	/* The name in new/ must survive a crash before we say 250. */
	nfd = openat(dfd, "new", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (nfd == -1 || sync_dir(nfd) == -1) {
		e = errno;
		if (nfd != -1)
			close(nfd);
		rc = tempfail(r, "sync", m->dir, "new", e);
		goto out;
	}
	close(nfd);
	in_new = 0;
	rc = MAILDIR_OK;

out:
	if (fd != -1)
		close(fd);
	if (in_tmp)
		(void)unlinkat(dfd, tmp, 0);
	if (in_new)
		(void)unlinkat(dfd, new, 0);
	if (dfd != -1)
		close(dfd);
	free(owned);
	if (rc != MAILDIR_OK)
		r->name[0] = '\0';
	return rc;
}

/*
 * spool.c - see spool.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spool.h"

static void
set_err(char *err, size_t errlen, const char *what)
{
	int n = snprintf(err, errlen, "%s: %s", what, strerror(errno));

	if (n < 0 && errlen > 0)
		err[0] = '\0';
}

void
spool_init(struct spool *sp)
{
	sp->fd = -1;
	sp->failed = 0;
	sp->error = 0;
	sp->size = 0;
	sp->len = 0;
}

int
spool_open(struct spool *sp, const char *dir, char *err, size_t errlen)
{
	char path[4096];
	int n;

	spool_init(sp);
#ifdef O_TMPFILE
	/* Never has a name, so nothing can be left behind by a crash. */
	sp->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (sp->fd >= 0)
		return 0;
#endif
	n = snprintf(path, sizeof path, "%s/smtp-server.XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof path) {
		errno = ENAMETOOLONG;
		set_err(err, errlen, "unable to create spool file");
		return -1;
	}
	sp->fd = mkostemp(path, O_CLOEXEC);
	if (sp->fd < 0) {
		set_err(err, errlen, "unable to create spool file");
		return -1;
	}
	unlink(path);
	return 0;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
spool_flush(struct spool *sp)
{
	if (sp->len > 0 && !sp->failed && write_all(sp->fd, sp->buf,
	    sp->len) != 0) {
		sp->failed = 1;
		sp->error = errno;
	}
	sp->len = 0;
	return sp->failed ? -1 : 0;
}

int
spool_write(struct spool *sp, const void *p, size_t n)
{
	if (sp->fd < 0 || sp->failed)
		return -1;
	sp->size += n;
	if (n > sizeof sp->buf - sp->len) {
		if (spool_flush(sp) != 0)
			return -1;
		/* A large piece goes straight through, without a copy. */
		if (n >= sizeof sp->buf) {
			if (write_all(sp->fd, p, n) != 0) {
				sp->failed = 1;
				sp->error = errno;
			}
			return sp->failed ? -1 : 0;
		}
	}
	memcpy(sp->buf + sp->len, p, n);
	sp->len += n;
	return 0;
}

int
spool_finish(struct spool *sp, char *err, size_t errlen)
{
	if (sp->fd < 0 || spool_flush(sp) != 0) {
		set_err(err, errlen, "unable to write spool file");
		return -1;
	}
	if (lseek(sp->fd, 0, SEEK_SET) != 0) {
		set_err(err, errlen, "unable to rewind spool file");
		return -1;
	}
	return 0;
}

void
spool_close(struct spool *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	spool_init(sp);
}

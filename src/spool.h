/*
 * spool.h - the message while it arrives: an unlinked temporary file, so a
 * session that breaks mid-message leaves nothing behind and no delivery
 * program ever sees a partial message.  Writes are buffered: one write(2)
 * per SPOOL_BUF octets, whatever size the pieces come in.
 */
#ifndef SPOOL_H
#define SPOOL_H

#include <stddef.h>
#include <stdint.h>

#define SPOOL_BUF 65536

struct spool {
	int fd;			/* -1 when closed */
	int failed;		/* a write failed: the message is lost */
	int error;		/* errno of that failure */
	uint64_t size;		/* octets written, headers included */
	size_t len;		/* buffered, not yet written */
	char buf[SPOOL_BUF];
};

void spool_init(struct spool *sp);
/* Create the file in dir (O_TMPFILE, or mkstemp and unlink). 0 or -1. */
int spool_open(struct spool *sp, const char *dir, char *err, size_t errlen);
/* Append; 0, or -1 once any write failed (the failure is sticky). */
int spool_write(struct spool *sp, const void *p, size_t n);
/* Write out the buffer and rewind, ready to be a child's stdin: 0 or -1. */
int spool_finish(struct spool *sp, char *err, size_t errlen);
void spool_close(struct spool *sp);

#endif

/*
 * maildir.h - deliver one message into a Maildir.
 *
 * maildir_deliver() writes a message into DIR/tmp under a unique name,
 * fsyncs it, links it into DIR/new, removes the tmp name and fsyncs DIR/new,
 * so that it returns MAILDIR_OK only once the message is durable.  On any
 * failure nothing is left in new/ or tmp/.  It never exits and never writes
 * to stdout or stderr: it returns a result code and fills a
 * struct maildir_result.  It keeps no state between calls but an atomic
 * counter that makes names unique, so threads may deliver at the same time
 * (each with its own work buffer).
 *
 * The message is read either from a file descriptor until end of file or
 * from memory.  It is taken in SMTP wire form (CRLF line ends, dot-unstuffed)
 * and stored with LF line ends unless MAILDIR_KEEP_CRLF is set; only CR LF
 * pairs are converted, a lone CR is kept.  The conversion streams through the
 * work buffer, so memory does not grow with the message.
 *
 * Before the message go a "Return-Path: <sender>" line (RFC 5321 4.4), unless
 * sender is NULL, and one "Delivered-To: rcpt" line per recipient, in order.
 * A sender or recipient containing CR, LF or NUL, or an empty recipient, is
 * refused with MAILDIR_PERMANENT before anything is created.
 */
#ifndef MAILDIR_H
#define MAILDIR_H

#include <stddef.h>

/* Results of maildir_deliver(); they are also smtp-maildir(8)'s exit codes. */
#define MAILDIR_OK		0
#define MAILDIR_PERMANENT	100	/* the envelope cannot be written */
#define MAILDIR_TEMPORARY	111	/* nothing delivered; try again later */

/* Flags. */
#define MAILDIR_KEEP_CRLF	0x1u	/* store line ends as received */

#define MAILDIR_BUFSIZE		65536	/* work buffer allocated when none given */
#define MAILDIR_NAME_MAX	256	/* a file name in new/ and its NUL */
#define MAILDIR_ERROR_MAX	512	/* an error text and its NUL */

/* A string that need not be NUL-terminated. */
struct maildir_str {
	const char	*ptr;
	size_t		 len;
};

struct maildir_msg {
	const char			*dir;	 /* the Maildir (NUL-terminated) */
	const struct maildir_str	*sender; /* NULL: no Return-Path line;
						    len 0: "Return-Path: <>" */
	const struct maildir_str	*rcpt;	 /* nrcpt recipients */
	size_t				 nrcpt;
	int				 fd;	 /* >= 0: read the message from fd
						    to end of file */
	const char			*data;	 /* fd < 0: the message is */
	size_t				 len;	 /*   data[0..len) */
	unsigned			 flags;	 /* MAILDIR_KEEP_CRLF */
	char				*buf;	 /* work buffer; NULL (or bufsize
						    below 2): allocate
						    MAILDIR_BUFSIZE bytes */
	size_t				 bufsize; /* its size */
};

struct maildir_result {
	char		 name[MAILDIR_NAME_MAX];   /* OK: the file's name in new/ */
	char		 error[MAILDIR_ERROR_MAX]; /* failure: "unable to X: why" */
	const char	*status;  /* failure: enhanced status code (RFC 3463) */
	const char	*reason;  /* failure: short text for an SMTP reply */
	int		 errnum;  /* failure: the errno behind it, or 0 */
};

/*
 * Deliver m into m->dir, creating the directory and its tmp, new and cur
 * subdirectories (mode 0700) when missing.  Returns MAILDIR_OK, with r->name
 * set, or MAILDIR_PERMANENT or MAILDIR_TEMPORARY, with r->error, r->status
 * and r->reason set.  The strings r->status and r->reason are static.
 */
int	maildir_deliver(const struct maildir_msg *m, struct maildir_result *r);

#endif /* MAILDIR_H */

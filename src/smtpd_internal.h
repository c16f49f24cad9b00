/*
 * smtpd_internal.h - the session structure and the functions the core's
 * files share.  Not installed; hosts use smtpd.h only.
 */
#ifndef SMTPD_INTERNAL_H
#define SMTPD_INTERNAL_H

#include "smtpd.h"

#define HOSTNAME_MAX 255
#define BANNER_MAX 200
#define REPLY_TEXT_MAX 400
#define OUT_CAP 2048		/* coalesced replies; several pipelined groups */
#define LINE_MIN 512		/* RFC 5321 4.5.3.1.4 */
#define LINE_DEFAULT 2048
#define PATH_MAX_OCTETS 256	/* RFC 5321 4.5.3.1.3 */
#define SASL_FIELD_MAX 255	/* RFC 4616 2: authzid, authcid, passwd */
#define SASL_DECODED_MAX (3 * SASL_FIELD_MAX + 2)

/* What the line framer is collecting. */
enum phase {
	PHASE_COMMAND,		/* command lines */
	PHASE_REFUSED,		/* after a 554 greeting: only QUIT helps */
	PHASE_AUTH,		/* a SASL response after a 334 */
	PHASE_DATA		/* message content after 354 */
};

/* The decision a callback was asked for (and may have deferred). */
enum ask {
	ASK_NONE,
	ASK_CONNECT,
	ASK_HELO,
	ASK_STARTTLS,
	ASK_AUTH,
	ASK_MAIL,
	ASK_RCPT,
	ASK_DATA,
	ASK_MESSAGE
};

/* Why a message in DATA can no longer be delivered; answered at its end. */
enum doom {
	DOOM_NONE,
	DOOM_SIZE,		/* over max_message_size */
	DOOM_BARE,		/* bare CR or bare LF (RFC 5321 2.3.8) */
	DOOM_HOST		/* the body callback failed */
};

/* Where the DATA decoder stands (RFC 5321 4.5.2 transparency). */
enum dstate {
	DATA_BOL,		/* at the start of a line (after CRLF) */
	DATA_MID,		/* inside a line */
	DATA_CR,		/* a CR ended the last input; not yet passed on */
	DATA_DOT,		/* a "." at the start of a line, held back */
	DATA_DOT_CR		/* ".\r" at the start of a line, held back */
};

/* SASL exchange in progress. */
enum sasl_step {
	SASL_NONE,
	SASL_PLAIN,		/* waiting for the PLAIN message */
	SASL_LOGIN_USER,	/* waiting for the LOGIN user name */
	SASL_LOGIN_PASS		/* waiting for the LOGIN password */
};

/* Incremental base64 decoder (RFC 4648 4, padding required). */
struct b64 {
	unsigned long acc;	/* sextets of the quantum so far */
	unsigned n;		/* characters in the current quantum */
	unsigned pad;		/* '=' seen in the current quantum */
	int done;		/* a padded quantum ended the data */
	int bad;		/* not valid base64 */
	int overflow;		/* decoded more than the buffer holds */
	unsigned char *out;
	size_t len, cap;
};

struct smtpd_session {
	const struct smtpd_callbacks *cb;
	void *host;

	/* configuration, resolved to effective values */
	char hostname[HOSTNAME_MAX + 1];
	char banner[BANNER_MAX + 1];
	size_t max_line;	/* octets, CRLF included */
	uint64_t max_size;
	unsigned max_rcpt, max_errors, max_unknown, max_junk;
	unsigned max_auth_failures, max_messages, flags;

	/* session */
	smtpd_state status;
	enum phase phase;
	enum ask pending;	/* deferred decision, or ASK_NONE */
	int started;
	int in_callback;	/* guards against re-entry from callbacks */
	int helo_seen, ehlo, tls, authed;
	char helo[HOSTNAME_MAX + 1];
	const char *helo_cand;	/* HELO/EHLO being decided (in line[]) */
	size_t helo_cand_len;
	int ehlo_cand;
	unsigned errors, unknown, junk, auth_failures, messages;

	/* transaction (RFC 5321 3.3: from MAIL to the end of the message) */
	int in_mail;
	int tx_smtputf8;
	smtpd_body tx_body;
	unsigned rcpt_ok, rcpt_tried;

	/* reply chosen by the host for the current decision */
	int rep_set, rep_code;
	char rep_esc[16];
	char rep_text[REPLY_TEXT_MAX + 1];

	uint64_t lines;		/* CRLF-ended lines received */

	/* line framer */
	int cr_pending;		/* a CR ended the last input */
	size_t line_len;	/* octets collected (command lines) */
	size_t line_total;	/* octets seen on this line, collected or not */
	int line_overflow;

	/* DATA decoder */
	enum dstate dstate;
	enum doom doom;
	uint64_t msg_size;

	/* SASL */
	enum sasl_step sasl;
	const char *sasl_mech;
	struct b64 b64;
	unsigned char sasl_buf[SASL_DECODED_MAX + 2];
	char sasl_user[SASL_FIELD_MAX + 1];
	size_t sasl_user_len;
	unsigned char sasl_first;	/* first octet of the response line */

	/* output */
	int write_failed;	/* the write callback said the peer is gone */
	size_t out_len;
	char out[OUT_CAP];

	/* the command line, max_line + 1 octets (room for a NUL) */
	char line[];
};

/* smtpd.c: output, replies, decisions, state */
void smtpd__out_bytes(smtpd_session *s, const char *p, size_t n);
void smtpd__out_line(smtpd_session *s, int code, int more, const char *esc,
    const char *t1, const char *t2, const char *t3);
void smtpd__reply(smtpd_session *s, int code, const char *esc, const char *t1,
    const char *t2, const char *t3);
void smtpd__reply_text(smtpd_session *s, int code, const char *esc, const char *text);
void smtpd__session_close(smtpd_session *s);
void smtpd__transaction_end(smtpd_session *s, int notify);
void smtpd__ask(smtpd_session *s, enum ask what, const void *arg);
void smtpd__decide_now(smtpd_session *s, enum ask what, smtpd_decision d);
void smtpd__wipe(void *p, size_t n);

/* smtpd_cmd.c: the command table and the commands */
void smtpd__command_line(smtpd_session *s, char *line, size_t len);
void smtpd__ehlo_reply(smtpd_session *s);

/* smtpd_parse.c: syntax */
int smtpd__utf8_valid(const unsigned char *p, size_t n);
int smtpd__ascii_casecmp_prefix(const char *p, size_t n, const char *word);
/* Parse a Reverse-path or Forward-path at p[0..n): see smtpd_parse.c. */
#define PATH_NULL_OK 0x01	/* "<>" allowed (MAIL) */
#define PATH_POSTMASTER_OK 0x02	/* "<postmaster>" allowed (RCPT) */
struct path {
	size_t start, len;	/* the mailbox within the parsed text */
	size_t end;		/* just past ">" */
	int utf8;		/* the mailbox has non-ASCII octets */
};
int smtpd__path_parse(char *p, size_t n, unsigned flags, struct path *out);
int smtpd__size_parse(const char *p, size_t n, uint64_t *out);

/* smtpd_data.c: message content */
size_t smtpd__data_consume(smtpd_session *s, const char *buf, size_t len);
void smtpd__data_begin(smtpd_session *s);

/* smtpd_sasl.c: AUTH */
void smtpd__auth_command(smtpd_session *s, char *args, size_t len);
void smtpd__auth_response_bytes(smtpd_session *s, const char *p, size_t n);
void smtpd__auth_response_end(smtpd_session *s);
void smtpd__b64_init(struct b64 *b, unsigned char *out, size_t cap);
void smtpd__b64_update(struct b64 *b, const char *p, size_t n);
int smtpd__b64_final(struct b64 *b);

#endif

/*
 * smtpd_data.c - message content after 354 (RFC 5321 4.1.1.4, 4.5.2).
 *
 * The only end of data is CRLF "." CRLF.  A bare CR or bare LF is never a
 * line end: that is where SMTP smuggling lives (CVE-2023-51764/51765/51766).
 * Content is passed to the body callback straight from the host's buffer in
 * runs, broken only where a stuffed dot is dropped or a line end rewritten;
 * nothing is buffered, so memory does not grow with the message.
 */
#include <string.h>

#include "smtpd_internal.h"

void
smtpd__data_begin(smtpd_session *s)
{
	s->phase = PHASE_DATA;
	s->dstate = DATA_BOL;
	s->doom = DOOM_NONE;
	s->msg_size = 0;
}

/* Pass content on, unless the message is already lost. */
static void
emit(smtpd_session *s, const char *p, size_t n)
{
	enum doom doom = DOOM_NONE;

	if (n == 0 || s->doom != DOOM_NONE)
		return;
	/* RFC 1870: the size is the content as delivered, CRLF included.
	 * Pass on exactly what fits, so that where the input was split never
	 * changes what the host sees. */
	if (n > s->max_size - s->msg_size) {
		n = (size_t)(s->max_size - s->msg_size);
		doom = DOOM_SIZE;
	}
	s->msg_size += n;
	if (n > 0 && s->cb->body) {
		int rc;

		s->in_callback = 1;
		rc = s->cb->body(s->host, s, p, n);
		s->in_callback = 0;
		if (rc != 0)
			s->doom = DOOM_HOST;
	}
	if (doom != DOOM_NONE)
		s->doom = doom;
}

/* A bare CR or LF: normalised to CRLF by request, else the message is
 * refused at its end (RFC 5321 2.3.8, 4.1.1.4). */
static void
bare_line_end(smtpd_session *s)
{
	if (s->flags & SMTPD_NORMALIZE_EOL)
		emit(s, "\r\n", 2);
	else if (s->doom == DOOM_NONE)
		s->doom = DOOM_BARE;
	/* Never the start of a line: a "." after it is content, so that
	 * "\n.\n" can never be read as an end of data downstream either. */
	s->dstate = DATA_MID;
}

/* The end of data was seen. */
static void
data_end(smtpd_session *s)
{
	enum doom doom = s->doom;

	s->phase = PHASE_COMMAND;
	s->messages++;
	switch (doom) {
	case DOOM_NONE:
		smtpd__ask(s, ASK_MESSAGE, NULL);
		return;
	case DOOM_SIZE:
		smtpd__transaction_end(s, 1);
		smtpd__reply(s, 552, "5.3.4",
		    "Message size exceeds fixed maximum message size", NULL,
		    NULL);
		return;
	case DOOM_BARE:
		smtpd__transaction_end(s, 1);
		smtpd__reply(s, 550, "5.5.2", "Message contains bare CR or LF", NULL,
		    NULL);
		return;
	case DOOM_HOST:
		smtpd__transaction_end(s, 1);
		smtpd__reply(s, 451, "4.3.0", "Local error in processing", NULL, NULL);
		return;
	}
}

/* The first CR or LF in [p, end), or end.  Eight octets at a time: this
 * loop is the hot path of a large message. */
static const char *
scan_line_end(const char *p, const char *end)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t highs = 0x8080808080808080ull;

	while (end - p >= 8) {
		uint64_t w, a, b;

		memcpy(&w, p, 8);
		a = w ^ (ones * '\n');
		b = w ^ (ones * '\r');
		if ((((a - ones) & ~a) | ((b - ones) & ~b)) & highs)
			break;
		p += 8;
	}
	while (p < end && *p != '\r' && *p != '\n')
		p++;
	return p;
}

/* Consume message content from buf; returns the octets consumed, which end
 * right after the end-of-data line when it was seen. */
size_t
smtpd__data_consume(smtpd_session *s, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *run = buf;

	while (p < end) {
		switch (s->dstate) {
		case DATA_BOL:
			if (*p == '.') {
				/* RFC 5321 4.5.2: held back until we know */
				emit(s, run, (size_t)(p - run));
				run = ++p;
				s->dstate = DATA_DOT;
				continue;
			}
			s->dstate = DATA_MID;
			/* FALLTHROUGH */
		case DATA_MID:
			p = scan_line_end(p, end);
			if (p == end)
				break;
			if (*p == '\n') {
				emit(s, run, (size_t)(p - run));
				run = ++p;
				bare_line_end(s);
			} else if (p + 1 == end) {
				/* a CR at the end of input: wait for more */
				emit(s, run, (size_t)(p - run));
				run = ++p;
				s->dstate = DATA_CR;
			} else if (p[1] == '\n') {
				p += 2;
				s->lines++;
				s->dstate = DATA_BOL;
			} else {
				emit(s, run, (size_t)(p - run));
				run = ++p;
				bare_line_end(s);
			}
			continue;
		case DATA_CR:
			/* run == p: the held CR was not passed on */
			if (*p == '\n') {
				emit(s, "\r\n", 2);
				run = ++p;
				s->lines++;
				s->dstate = DATA_BOL;
			} else {
				bare_line_end(s);
			}
			continue;
		case DATA_DOT:
			if (*p == '\r') {
				emit(s, run, (size_t)(p - run));
				run = ++p;
				s->dstate = DATA_DOT_CR;
				continue;
			}
			/* a stuffed dot, dropped; a bare LF is still bare */
			s->dstate = DATA_MID;
			continue;
		case DATA_DOT_CR:
			if (*p == '\n') {
				s->lines++;
				data_end(s);
				return (size_t)(p + 1 - buf);
			}
			/* ".\r" then something else: a stuffed dot and a
			 * bare CR */
			bare_line_end(s);
			continue;
		}
		break;
	}
	emit(s, run, (size_t)(p - run));
	return len;
}

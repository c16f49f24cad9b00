/*
 * fuzz_sasl.c - libFuzzer target: the core's base64 decoder and the AUTH
 * exchanges (RFC 4954 with PLAIN, RFC 4616, and LOGIN), each compared with
 * a reference written here.
 *
 *     clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *         t/fuzz/fuzz_sasl.c src/smtpd.c src/smtpd_cmd.c \
 *         src/smtpd_parse.c src/smtpd_data.c src/smtpd_sasl.c
 *
 * Byte 0, bit 0 clear: the decoder.
 *   byte 1     the output capacity (248..255: 763..770, around the
 *              core's SASL_DECODED_MAX of 767)
 *   bytes 2-5  chunk lengths, used in turn (0: all the rest)
 *   the rest   the text, given to smtpd__b64_update() in those chunks
 * The result must be the reference's (RFC 4648 4, padding required,
 * nothing after it, no white space): the same validity, and the same
 * octets when they fit; past the capacity, the overflow flag, and never a
 * write past the buffer (exactly the capacity, on the heap).
 *
 * Byte 0, bit 0 set: an AUTH exchange through a session.
 *   bits 3-4   1: auth_insecure, 2: TLS already on, 3: both, 0: neither
 *   bit 5      feed byte by byte;  bit 7 feed by smtpd_line()
 *   bit 6      every SASL response is prefixed with 4*(3066+(byte 1 >> 4))
 *              octets of "A", to reach the 12288-octet limit
 *   byte 1     bits 0-1 max_auth_failures (0: 3)
 *   byte 2     bits 0-3 max_errors (0: 20)
 *   byte 3     A, then A answer bytes for the auth callback (0 accept, 1
 *              tempfail, 2 reject, 3-5 the same deferred, 6 an unknown
 *              value; accept when they run out)
 *   the rest   lines separated by LF.  When no exchange is in progress a
 *              line is sent as "AUTH " + line; during one, as it is.
 * After "EHLO x", each line's reply (code and enhanced code, or the 334
 * challenge) must be what the reference model predicts; the credentials
 * the host gets must be the reference's decoding.
 */
#include "smtpd_internal.h"

#include "fuzz_common.h"

/* ------------------------------------------------------------------------
 * Reference base64 (RFC 4648 4): groups of four characters from the
 * alphabet, the last group possibly ending in "=" or "==".  Encodings with
 * non-zero pad bits are accepted (RFC 4648 3.5 lets decoders choose; the
 * core accepts them).
 */

static int
b64v(int c)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(abc, c) : NULL;

	return p ? (int)(p - abc) : -1;
}

/* Decode p[0..n) into out (room for 3*n/4 octets); the length, or -1. */
static long
ref_b64(const unsigned char *p, size_t n, unsigned char *out)
{
	size_t o = 0;

	if (n % 4 != 0)
		return -1;
	for (size_t g = 0; g < n; g += 4) {
		int last = g + 4 == n;
		unsigned pad = 0;
		unsigned long v = 0;

		if (p[g + 3] == '=')
			pad = p[g + 2] == '=' ? 2 : 1;
		if (pad && !last)
			return -1;
		for (size_t k = 0; k < 4; k++) {
			int x = k < 4 - pad ? b64v(p[g + k]) : 0;

			if (x < 0)
				return -1;
			v = v << 6 | (unsigned)x;
		}
		out[o++] = (unsigned char)(v >> 16);
		if (pad < 2)
			out[o++] = (unsigned char)(v >> 8);
		if (pad < 1)
			out[o++] = (unsigned char)v;
	}
	return (long)o;
}

static void
test_b64(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	unsigned capb = fz_byte(&in, 0);
	size_t cap = capb >= 248 ? 767 + capb - 252 : capb;
	unsigned chunk[4];
	unsigned char *out, *ref;
	struct b64 b;
	long rlen;
	size_t off = 0, i = 0;
	int rc;

	for (int k = 0; k < 4; k++)
		chunk[k] = fz_byte(&in, 0);
	out = malloc(cap ? cap : 1);
	ref = malloc(in.n / 4 * 3 + 3);
	if (out == NULL || ref == NULL)
		fz_fail("out of memory");
	smtpd__b64_init(&b, cap ? out : out + 1, cap);
	while (off < in.n) {
		size_t k = chunk[i++ % 4];

		if (k == 0 || k > in.n - off)
			k = in.n - off;
		smtpd__b64_update(&b, (const char *)in.p + off, k);
		off += k;
		FZ_CHECK(b.len <= cap, "decoded %zu octets into %zu", b.len,
		    cap);
	}
	rc = smtpd__b64_final(&b);
	rlen = ref_b64(in.p, in.n, ref);
	if ((rc == 0) != (rlen >= 0)) {
		fz_show("base64", in.p, in.n);
		fz_fail("b64_final %d, reference %ld", rc, rlen);
	}
	if (rlen >= 0 && (size_t)rlen <= cap) {
		FZ_CHECK(!b.overflow, "overflow with %ld octets in %zu", rlen,
		    cap);
		if (b.len != (size_t)rlen || (rlen > 0 &&
		    memcmp(out, ref, (size_t)rlen) != 0)) {
			fz_show("base64", in.p, in.n);
			fz_show("core", out, b.len);
			fz_show("reference", ref, (size_t)rlen);
			fz_fail("decoded differently");
		}
	} else if (rlen >= 0) {
		FZ_CHECK(b.overflow, "no overflow with %ld octets in %zu",
		    rlen, cap);
	}
	free(out);
	free(ref);
}

/* ------------------------------------------------------------------------
 * The AUTH exchange
 */

enum step { S_NONE, S_PLAIN, S_USER, S_PASS, S_CLOSED };

struct host {
	smtpd_session *s;
	struct fz_in ans;
	struct fz_buf out;
	unsigned flags, max_errors, max_auth_failures;
	/* the model */
	enum step step;
	int authed;
	unsigned errors, failures;
	int deferred, dd;
	/* what the auth callback must see, and did */
	int expect_cb, got_cb;
	const char *mech;
	unsigned char authzid[SASL_DECODED_MAX + 1], user[SASL_DECODED_MAX + 1],
	    pass[SASL_DECODED_MAX + 1];
	size_t authzid_len, user_len, pass_len;
	int answer;
};

static int
cb_write(void *host, const char *buf, size_t len)
{
	struct host *h = host;

	fz_check_write(buf, len);
	fz_add(&h->out, buf, len);
	return 0;
}

static smtpd_decision
cb_auth(void *host, smtpd_session *s, const struct smtpd_credentials *c)
{
	struct host *h = host;
	unsigned a = fz_byte(&h->ans, 0);

	(void)s;
	FZ_CHECK(h->expect_cb, "auth callback the reference did not expect");
	h->got_cb = 1;
	if (strcmp(c->mechanism, h->mech) != 0 ||
	    c->authzid_len != h->authzid_len || c->user_len != h->user_len ||
	    c->password_len != h->pass_len ||
	    memcmp(c->authzid, h->authzid, h->authzid_len) != 0 ||
	    memcmp(c->user, h->user, h->user_len) != 0 ||
	    memcmp(c->password, h->pass, h->pass_len) != 0 ||
	    c->authzid[c->authzid_len] || c->user[c->user_len] ||
	    c->password[c->password_len]) {
		fz_show("user", c->user, c->user_len);
		fz_show("reference user", h->user, h->user_len);
		fz_show("password", c->password, c->password_len);
		fz_show("reference password", h->pass, h->pass_len);
		fz_fail("credentials differ from the reference's");
	}
	a = a % 7;
	h->answer = a == 6 ? SMTPD_TEMPFAIL : (int)(a % 3);
	if (a >= 3 && a <= 5) {
		h->deferred = 1;
		return SMTPD_DEFER;
	}
	return a == 6 ? (smtpd_decision)7 : (smtpd_decision)a;
}

/* The model's reply to one error: counts towards max_errors. */
static void
model_error(struct host *h, char *want, size_t cap, const char *reply)
{
	if (++h->errors >= h->max_errors) {
		snprintf(want, cap, "421 4.7.0");
		h->step = S_CLOSED;
	} else {
		snprintf(want, cap, "%s", reply);
	}
}

/* A refusal of credentials (RFC 4954 6: 535), or the 421 at the limit. */
static void
model_refuse(struct host *h, char *want, size_t cap)
{
	h->step = S_NONE;
	if (++h->failures >= h->max_auth_failures) {
		snprintf(want, cap, "421 4.7.0");
		h->step = S_CLOSED;
	} else {
		model_error(h, want, cap, "535 5.7.8");
	}
}

static int
field_ok(const unsigned char *p, size_t n, int may_be_empty)
{
	if ((n == 0 && !may_be_empty) || n > SASL_FIELD_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;
	return 1;
}

/* The decoded response d[0..n) arrived in the current step. */
static void
model_step(struct host *h, const unsigned char *d, size_t n, char *want,
    size_t cap)
{
	const unsigned char *z1, *z2;

	h->expect_cb = 0;
	switch (h->step) {
	case S_PLAIN:
		/* RFC 4616 2: [authzid] NUL authcid NUL passwd */
		z1 = n > SASL_DECODED_MAX ? NULL : memchr(d, 0, n);
		z2 = z1 ? memchr(z1 + 1, 0, n - (size_t)(z1 + 1 - d)) : NULL;
		if (z2 == NULL || !field_ok(d, (size_t)(z1 - d), 1) ||
		    !field_ok(z1 + 1, (size_t)(z2 - z1 - 1), 0) ||
		    !field_ok(z2 + 1, n - (size_t)(z2 + 1 - d), 0)) {
			model_refuse(h, want, cap);
			return;
		}
		h->mech = "PLAIN";
		h->authzid_len = (size_t)(z1 - d);
		memcpy(h->authzid, d, h->authzid_len);
		h->user_len = (size_t)(z2 - z1 - 1);
		memcpy(h->user, z1 + 1, h->user_len);
		h->pass_len = n - (size_t)(z2 + 1 - d);
		memcpy(h->pass, z2 + 1, h->pass_len);
		h->expect_cb = 1;
		break;
	case S_USER:
		if (n > SASL_DECODED_MAX || !field_ok(d, n, 0)) {
			model_refuse(h, want, cap);
			return;
		}
		memcpy(h->user, d, n);
		h->user_len = n;
		h->step = S_PASS;
		snprintf(want, cap, "334 UGFzc3dvcmQ6");
		return;
	case S_PASS:
		if (n > SASL_DECODED_MAX || !field_ok(d, n, 0)) {
			model_refuse(h, want, cap);
			return;
		}
		h->mech = "LOGIN";
		h->authzid_len = 0;
		memcpy(h->pass, d, n);
		h->pass_len = n;
		h->expect_cb = 1;
		break;
	case S_NONE:
	case S_CLOSED:
		fz_fail("model: a step outside an exchange");
	}
	h->step = S_NONE;
	want[0] = '\0';		/* the host decides: see after the feed */
}

/* The reply to the host's decision. */
static void
model_decided(struct host *h, char *want, size_t cap)
{
	if (h->answer == SMTPD_ACCEPT) {
		h->authed = 1;
		snprintf(want, cap, "235 2.7.0");
	} else if (h->answer == SMTPD_TEMPFAIL) {
		model_error(h, want, cap, "454 4.7.0");
	} else {
		model_refuse(h, want, cap);
	}
}

/* What the core must answer to the command "AUTH " + arg. */
static void
model_command(struct host *h, const unsigned char *line, size_t n,
    unsigned char *dec, char *want, size_t cap)
{
	size_t m, ir;
	long dl;

	if (n + 2 > LINE_DEFAULT) {
		model_error(h, want, cap, "500 5.5.6");
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (line[i] < 0x20 || line[i] == 0x7f) {
			model_error(h, want, cap, "500 5.5.2");
			return;
		}
	if (!fz_utf8_valid(line, n)) {
		model_error(h, want, cap, "500 5.5.2");
		return;
	}
	while (n > 0 && line[n - 1] == ' ')
		n--;
	if (!(h->flags & (SMTPD_AUTH_INSECURE | SMTPD_TLS_ACTIVE))) {
		model_error(h, want, cap, "538 5.7.11");
		return;
	}
	if (h->authed) {
		model_error(h, want, cap, "503 5.5.1");
		return;
	}
	/* "AUTH" SP mechanism [SP initial-response] (RFC 4954 4) */
	m = 4;
	while (m < n && line[m] == ' ')
		m++;
	line += m;
	n -= m;
	for (m = 0; m < n && line[m] != ' '; m++)
		;
	for (ir = m; ir < n && line[ir] == ' '; ir++)
		;
	if (m == 0 || memchr(line + ir, ' ', n - ir) != NULL) {
		model_error(h, want, cap, "501 5.5.4");
		return;
	}
	if (fz_casecmp((const char *)line, m, "PLAIN"))
		h->step = S_PLAIN;
	else if (fz_casecmp((const char *)line, m, "LOGIN"))
		h->step = S_USER;
	else {
		model_error(h, want, cap, "504 5.5.4");
		return;
	}
	if (ir == n) {
		snprintf(want, cap, h->step == S_PLAIN ? "334 " :
		    "334 VXNlcm5hbWU6");
		return;
	}
	/* an initial response; "=" is an empty one */
	dl = n - ir == 1 && line[ir] == '=' ? 0 : ref_b64(line + ir, n - ir,
	    dec);
	if (dl < 0) {
		h->step = S_NONE;
		model_error(h, want, cap, "501 5.5.2");
		return;
	}
	model_step(h, dec, (size_t)dl, want, cap);
}

/* What the core must answer to a SASL response line p[0..n). */
static void
model_response(struct host *h, const unsigned char *p, size_t n,
    unsigned char *dec, char *want, size_t cap)
{
	long dl;

	if (n > SMTPD_AUTH_LINE_MAX) {
		h->step = S_NONE;
		model_error(h, want, cap, "500 5.5.6");
		return;
	}
	if (n == 1 && p[0] == '*') {
		h->step = S_NONE;
		model_error(h, want, cap, "501 5.7.0");
		return;
	}
	dl = ref_b64(p, n, dec);
	if (dl < 0) {
		h->step = S_NONE;
		model_error(h, want, cap, "501 5.5.2");
		return;
	}
	model_step(h, dec, (size_t)dl, want, cap);
}

/* Send one line to the session and compare the reply with want ("" when
 * the host's decision settles it). */
static void
send_line(struct host *h, const struct fz_buf *line, unsigned mode,
    char *want, size_t cap)
{
	size_t reply_at = h->out.len, got;
	const char *r;

	h->got_cb = 0;
	if (mode & 0x80) {
		FZ_CHECK(smtpd_line(h->s, line->p, line->len - 2,
		    SMTPD_EOL_CRLF) == line->len, "smtpd_line");
	} else if (mode & 0x20) {
		for (size_t i = 0; i < line->len; i++)
			FZ_CHECK(smtpd_feed(h->s, line->p + i, 1) == 1,
			    "smtpd_feed");
	} else {
		FZ_CHECK(smtpd_feed(h->s, line->p, line->len) == line->len,
		    "smtpd_feed");
	}
	FZ_CHECK(h->got_cb == h->expect_cb, "auth callback %s",
	    h->got_cb ? "not expected" : "expected, not called");
	h->expect_cb = 0;
	if (h->got_cb) {
		if (h->deferred) {
			FZ_CHECK(smtpd_status(h->s) == SMTPD_PAUSED &&
			    h->out.len == reply_at, "deferred, not paused");
			h->deferred = 0;
			FZ_CHECK(smtpd_decide(h->s, (smtpd_decision)h->answer)
			    == 0, "smtpd_decide");
		}
		model_decided(h, want, cap);
	}
	got = h->out.len - reply_at;
	r = h->out.p + reply_at;
	if (got == 0 || strncmp(r, want, strlen(want)) != 0 ||
	    fz_line_len(r, got) != got || (want[0] == '3' &&
	    got != strlen(want) + 2)) {
		fz_show("line", line->p, line->len);
		fz_show("reply", r, got);
		fz_fail("the reference says \"%s\"", want);
	}
	FZ_CHECK((smtpd_status(h->s) == SMTPD_CLOSED) == (h->step == S_CLOSED),
	    "closed %d, model %d", smtpd_status(h->s) == SMTPD_CLOSED,
	    h->step == S_CLOSED);
	FZ_CHECK(!!(smtpd_info(h->s) & SMTPD_INFO_AUTH) == h->authed,
	    "smtpd_info AUTH");
}

static void
test_auth(const uint8_t *data, size_t size)
{
	static const struct smtpd_callbacks cbs = {
		.write = cb_write, .auth = cb_auth
	};
	struct fz_in in = { data, size };
	unsigned mode = fz_byte(&in, 0), b1, b2, na;
	struct smtpd_config cfg = { 0 };
	struct host h = { 0 };
	struct fz_buf line = { 0 };
	unsigned char *dec;
	char want[64];
	size_t pad;

	b1 = fz_byte(&in, 0);
	b2 = fz_byte(&in, 0);
	na = fz_byte(&in, 0);
	if (na > in.n)
		na = (unsigned)in.n;
	h.ans.p = in.p;
	h.ans.n = na;
	in.p += na;
	in.n -= na;
	pad = mode & 0x40 ? 4 * (3066 + (size_t)(b1 >> 4)) : 0;

	cfg.hostname = "mx.test";
	cfg.flags = ((mode >> 3) & 1 ? SMTPD_AUTH_INSECURE : 0) |
	    ((mode >> 4) & 1 ? SMTPD_TLS_ACTIVE : 0);
	cfg.max_auth_failures = b1 & 3;
	cfg.max_errors = b2 & 15;
	h.flags = cfg.flags;
	h.max_errors = cfg.max_errors ? cfg.max_errors : 20;
	h.max_auth_failures = cfg.max_auth_failures ? cfg.max_auth_failures :
	    3;
	h.s = smtpd_new(&cfg, &cbs, &h);
	FZ_CHECK(h.s != NULL, "smtpd_new");
	FZ_CHECK(smtpd_start(h.s, "") == 0, "start");
	FZ_CHECK(smtpd_feed(h.s, "EHLO x\r\n", 8) == 8, "EHLO");
	dec = malloc(pad + in.n + 16);
	if (dec == NULL)
		fz_fail("out of memory");

	while (h.step != S_CLOSED) {
		const uint8_t *lf = memchr(in.p, '\n', in.n);
		size_t n = lf ? (size_t)(lf - in.p) : in.n;

		line.len = 0;
		if (h.step == S_NONE) {
			fz_adds(&line, "AUTH ");
			fz_add(&line, in.p, n);
			model_command(&h, (const unsigned char *)line.p,
			    line.len, dec, want, sizeof want);
		} else {
			for (size_t i = 0; i < pad / 4; i++)
				fz_add(&line, "AAAA", 4);
			fz_add(&line, in.p, n);
			model_response(&h, (const unsigned char *)line.p,
			    line.len, dec, want, sizeof want);
		}
		fz_add(&line, "\r\n", 2);
		send_line(&h, &line, mode, want, sizeof want);
		if (lf == NULL)
			break;
		in.p += n + 1;
		in.n -= n + 1;
	}
	smtpd_free(h.s);
	free(dec);
	fz_free(&line);
	fz_free(&h.out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		test_auth(data, size);
	else
		test_b64(data + 1, size - 1);
	return 0;
}

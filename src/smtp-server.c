/*
 * smtp-server.c - one SMTP session on stdin/stdout: main() and the wiring of
 * the protocol core's decisions to external programs.
 *
 * I/O is in netio.c and tls_stdio.c, programs are run by child.c, the
 * message is spooled by spool.c, options are read by conf.c.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "conf.h"
#include "log.h"
#include "netio.h"
#include "smtpd.h"
#include "spool.h"
#include "tls_stdio.h"

#define ADDRESS_MAX 256		/* RFC 5321 4.5.3.1.3: a path is <= 256 */

static struct server {
	struct conf conf;
	struct netio net;
	smtpd_session *s;
	char tls[128];		/* "TLSv1.3 cipher" once TLS is on */
	char auth_user[256];	/* after a successful AUTH */
	char sender[ADDRESS_MAX + 1];
	int have_sender;
	char **rcpt;		/* accepted recipients of the transaction */
	unsigned nrcpt, rcpt_cap;
	struct spool spool;
	unsigned long messages, accepted;
	const char *end;	/* why the session ended, for the summary */
} g;

/* ------------------------------------------------------------------------
 * Children's environment: the session's facts, validated, nothing else.
 */

static void
session_env(struct envbuf *e, const char *recipient)
{
	env_init(e);
	env_add(e, "PATH", g.conf.path);
	env_add(e, "TCPREMOTEIP", g.conf.remote_ip);
	env_add(e, "TCPLOCALIP", g.conf.local_ip);
	if (g.conf.remote_host)
		env_add(e, "TCPREMOTEHOST", g.conf.remote_host);
	if (g.conf.remote_info)
		env_add(e, "TCPREMOTEINFO", g.conf.remote_info);
	if (g.conf.relayclient)
		env_add(e, "RELAYCLIENT", g.conf.relayclient);
	env_add(e, "SMTP_HELO", smtpd_helo_name(g.s));
	env_add(e, "SMTP_PROTOCOL", smtpd_protocol(g.s));
	if (g.tls[0])
		env_add(e, "SMTP_TLS", g.tls);
	if (g.auth_user[0])
		env_add(e, "SMTP_AUTH_USER", g.auth_user);
	if (g.have_sender)
		env_add(e, "SENDER", g.sender);
	if (recipient)
		env_add(e, "RECIPIENT", recipient);
}

/* ------------------------------------------------------------------------
 * Results of programs
 */

/* A first output line "NNN x.y.z text" (or "NNN text") of the class the
 * decision has becomes the reply; anything else is ignored. */
static void
use_reply_line(const char *line, smtpd_decision d)
{
	char esc[16];
	const char *text, *sp;
	int code;
	size_t k;

	if (strlen(line) < 5 || line[3] != ' ' ||
	    line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '9' ||
	    line[2] < '0' || line[2] > '9')
		return;
	code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
	if ((d == SMTPD_ACCEPT && line[0] != '2') ||
	    (d == SMTPD_TEMPFAIL && line[0] != '4') ||
	    (d == SMTPD_REJECT && line[0] != '5'))
		return;
	text = line + 4;
	sp = strchr(text, ' ');
	k = sp ? (size_t)(sp - text) : 0;
	if (sp && k < sizeof esc && text[0] == line[0] && text[1] == '.') {
		memcpy(esc, text, k);
		esc[k] = '\0';
		if (smtpd_reply_set(g.s, code, esc, sp + 1) == 0)
			return;
	}
	(void)smtpd_reply_set(g.s, code, NULL, text);
}

/* The check and delivery convention: 0 yes, 100 no, anything else (111, a
 * signal, a timeout, a failed exec) "not now". */
static smtpd_decision
exit_decision(const struct child_result *r)
{
	if (r->exit_code == 0)
		return SMTPD_ACCEPT;
	if (r->exit_code == 100)
		return SMTPD_REJECT;
	return SMTPD_TEMPFAIL;
}

static void
log_child(struct logline *l, const struct child_result *r)
{
	if (r->timed_out)
		log_word(l, "child", "timeout");
	else if (r->signal)
		log_num(l, "signal", (unsigned long long)r->signal);
	else
		log_num(l, "exit", (unsigned long long)r->exit_code);
}

/* Run a check program "prog arg" with the session's environment. */
static smtpd_decision
run_check(const char *event, const char *prog, const char *arg,
    const char *recipient)
{
	struct envbuf env;
	struct child_spec spec;
	struct child_result r;
	struct logline l;
	char err[256];
	char *argv[3] = { (char *)prog, (char *)arg, NULL };
	smtpd_decision d;

	session_env(&env, recipient);
	memset(&spec, 0, sizeof spec);
	spec.argv = argv;
	spec.envp = env.vars;
	spec.stdin_fd = -1;
	spec.capture = 1;
	spec.timeout_ms = g.conf.child_timeout * 1000;
	log_begin(&l, "info", event);
	log_text(&l, "address", arg, strlen(arg));
	if (child_run(&spec, &r, err, sizeof err) != 0) {
		log_word(&l, "result", "tempfail");
		log_text(&l, "error", err, strlen(err));
		log_end(&l);
		return SMTPD_TEMPFAIL;
	}
	d = exit_decision(&r);
	use_reply_line(r.line, d);
	log_child(&l, &r);
	log_word(&l, "result", d == SMTPD_ACCEPT ? "accept" :
	    d == SMTPD_REJECT ? "reject" : "tempfail");
	log_end(&l);
	return d;
}

/* ------------------------------------------------------------------------
 * Decisions
 */

static int
cb_write(void *host, const char *buf, size_t len)
{
	size_t last = len >= 2 ? len - 2 : 0;

	(void)host;
	/* The core ends a session it refuses with 421 as its last reply:
	 * remember it for the summary line, which would say "quit". */
	while (last > 0 && buf[last - 1] != '\n')
		last--;
	if (len - last >= 4 && memcmp(buf + last, "421", 3) == 0 &&
	    strcmp(g.end, "quit") == 0)
		g.end = "refused";
	if (netio_write(&g.net, buf, len) != 0) {
		g.end = "write-failed";
		return -1;
	}
	return 0;
}

static smtpd_decision
cb_helo(void *host, smtpd_session *s, const char *name, size_t len, int ehlo)
{
	struct logline l;

	(void)host, (void)s;
	log_begin(&l, "info", ehlo ? "ehlo" : "helo");
	log_text(&l, "name", name, len);
	log_end(&l);
	return SMTPD_ACCEPT;
}

/* Load TLS before saying 220, so that a missing library is a 454 the
 * client can act on, not a dropped connection. */
static smtpd_decision
cb_starttls(void *host, smtpd_session *s)
{
	char err[256];
	struct logline l;

	(void)host, (void)s;
	if (tlsio_load(err, sizeof err) == 0)
		return SMTPD_ACCEPT;
	log_begin(&l, "warning", "tls");
	log_word(&l, "result", "unavailable");
	log_text(&l, "error", err, strlen(err));
	log_end(&l);
	return SMTPD_TEMPFAIL;
}

/* checkpassword: "prog true" with "user\0password\0timestamp\0" on fd 3;
 * 0 yes, 1 or 2 no, anything else "not now".  Its stdout goes nowhere. */
static smtpd_decision
cb_auth(void *host, smtpd_session *s, const struct smtpd_credentials *c)
{
	/* user, password (255 each, RFC 4616), "<pid.time@host>" */
	char data[2 * 256 + 64 + 256], err[256];
	struct envbuf env;
	struct child_spec spec;
	struct child_result r;
	struct logline l;
	char *argv[3] = { (char *)g.conf.checkpassword, "true", NULL };
	smtpd_decision d;
	int n;

	(void)host, (void)s;
	log_begin(&l, "info", "auth");
	log_word(&l, "mechanism", c->mechanism);
	log_text(&l, "user", c->user, c->user_len);
	/* We offer no proxy authorization: an authzid must be the user. */
	if (c->authzid_len > 0 && (c->authzid_len != c->user_len ||
	    memcmp(c->authzid, c->user, c->user_len) != 0)) {
		log_word(&l, "result", "reject");
		log_word(&l, "reason", "authzid");
		log_end(&l);
		return SMTPD_REJECT;
	}
	n = snprintf(data, sizeof data, "%s%c%s%c<%ld.%ld@%s>%c", c->user, 0,
	    c->password, 0, (long)getpid(), (long)time(NULL),
	    g.conf.hostname, 0);
	if (n < 0 || (size_t)n >= sizeof data) {
		log_word(&l, "result", "tempfail");
		log_end(&l);
		return SMTPD_TEMPFAIL;
	}
	session_env(&env, NULL);
	memset(&spec, 0, sizeof spec);
	spec.argv = argv;
	spec.envp = env.vars;
	spec.stdin_fd = -1;
	spec.fd3_data = data;
	spec.fd3_len = (size_t)n;
	spec.timeout_ms = g.conf.child_timeout * 1000;
	if (child_run(&spec, &r, err, sizeof err) != 0) {
		d = SMTPD_TEMPFAIL;
		log_text(&l, "error", err, strlen(err));
	} else {
		d = r.exit_code == 0 ? SMTPD_ACCEPT :
		    r.exit_code == 1 || r.exit_code == 2 ? SMTPD_REJECT :
		    SMTPD_TEMPFAIL;
		log_child(&l, &r);
	}
	memset(data, 0, sizeof data);
	if (d == SMTPD_ACCEPT) {
		memcpy(g.auth_user, c->user, c->user_len);
		g.auth_user[c->user_len] = '\0';
	}
	log_word(&l, "result", d == SMTPD_ACCEPT ? "accept" :
	    d == SMTPD_REJECT ? "reject" : "tempfail");
	log_end(&l);
	return d;
}

static void
forget_transaction(void)
{
	for (unsigned i = 0; i < g.nrcpt; i++)
		free(g.rcpt[i]);
	g.nrcpt = 0;
	g.have_sender = 0;
	g.sender[0] = '\0';
	spool_close(&g.spool);
}

static smtpd_decision
cb_mail(void *host, smtpd_session *s, const struct smtpd_mail *m)
{
	struct logline l;
	smtpd_decision d;

	(void)host, (void)s;
	forget_transaction();
	if (m->address_len > ADDRESS_MAX)
		return SMTPD_REJECT;	/* the core's limit is lower */
	memcpy(g.sender, m->address, m->address_len);
	g.sender[m->address_len] = '\0';
	g.have_sender = 1;
	if (g.conf.mail_check) {
		d = run_check("mail-check", g.conf.mail_check, g.sender, NULL);
		if (d != SMTPD_ACCEPT)
			forget_transaction();
		return d;
	}
	log_begin(&l, "info", "mail");
	log_text(&l, "from", m->address, m->address_len);
	log_end(&l);
	return SMTPD_ACCEPT;
}

static smtpd_decision
cb_rcpt(void *host, smtpd_session *s, const struct smtpd_rcpt *r)
{
	struct logline l;
	smtpd_decision d = SMTPD_ACCEPT;
	char *copy;

	(void)host, (void)s;
	/* RELAYCLIENT (set by tcpserver rules for trusted clients) skips the
	 * recipient check, as in qmail-smtpd. */
	if (g.conf.rcpt_check && !g.conf.relayclient) {
		d = run_check("rcpt-check", g.conf.rcpt_check, r->address,
		    r->address);
	} else {
		log_begin(&l, "info", "rcpt");
		log_text(&l, "to", r->address, r->address_len);
		log_end(&l);
	}
	if (d != SMTPD_ACCEPT)
		return d;
	if (g.nrcpt == g.rcpt_cap) {
		unsigned cap = g.rcpt_cap ? g.rcpt_cap * 2 : 16;
		char **p = realloc(g.rcpt, cap * sizeof *p);

		if (p == NULL)
			return SMTPD_TEMPFAIL;
		g.rcpt = p;
		g.rcpt_cap = cap;
	}
	copy = strdup(r->address);
	if (copy == NULL)
		return SMTPD_TEMPFAIL;
	g.rcpt[g.nrcpt++] = copy;
	return SMTPD_ACCEPT;
}

/* RFC 5322 3.3 date-time, in UTC. */
static void
rfc5322_date(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(buf, len, "%a, %d %b %Y %H:%M:%S +0000", &tm) == 0)
		buf[0] = '\0';
}

/* The trace line of RFC 5321 4.4, with the protocol of RFC 3848. */
static int
write_received(void)
{
	char line[1024], date[64];
	int n;

	rfc5322_date(date, sizeof date);
	n = snprintf(line, sizeof line,
	    "Received: from %s (%s [%s])\r\n"
	    "\tby %s (smtp-server) with %s%s%s%s%s%s%s; %s\r\n",
	    smtpd_helo_name(g.s)[0] ? smtpd_helo_name(g.s) : "unknown",
	    g.conf.remote_host ? g.conf.remote_host : "unknown",
	    g.conf.remote_ip, g.conf.hostname, smtpd_protocol(g.s),
	    g.tls[0] ? " (" : "", g.tls, g.tls[0] ? ")" : "",
	    /* "for" only with one recipient: no list of Bcc addresses */
	    g.nrcpt == 1 ? "\r\n\tfor <" : "", g.nrcpt == 1 ? g.rcpt[0] : "",
	    g.nrcpt == 1 ? ">" : "", date);
	if (n < 0 || (size_t)n >= sizeof line)
		return -1;
	return spool_write(&g.spool, line, (size_t)n);
}

static smtpd_decision
cb_data(void *host, smtpd_session *s)
{
	char err[256];
	struct logline l;

	(void)host, (void)s;
	if (spool_open(&g.spool, g.conf.spool_dir, err, sizeof err) != 0 ||
	    write_received() != 0) {
		log_begin(&l, "warning", "spool");
		log_text(&l, "error", err, strlen(err));
		log_end(&l);
		spool_close(&g.spool);
		return SMTPD_TEMPFAIL;
	}
	return SMTPD_ACCEPT;
}

static int
cb_body(void *host, smtpd_session *s, const char *p, size_t n)
{
	struct logline l;

	(void)host, (void)s;
	if (spool_write(&g.spool, p, n) == 0)
		return 0;
	/* once per message: the core stops calling after a failure */
	log_begin(&l, "warning", "spool");
	log_word(&l, "result", "write-failed");
	log_word(&l, "error", strerror(g.spool.error));
	log_num(&l, "size", g.spool.size);
	log_end(&l);
	return -1;
}

/* qmail-queue's exit codes (qmail-queue(8)): 11..40 permanent, the rest
 * temporary; 82 means the reply text waits on fd 6. */
static smtpd_decision
qmail_decision(const struct child_result *r)
{
	static const struct {
		int code;
		const char *reply;
	} table[] = {
		{ 11, "554 5.1.3 Envelope address too long for the queue" },
		{ 31, "554 5.3.0 Message permanently refused by the queue" },
		{ 51, "451 4.3.0 Queue out of memory" },
		{ 52, "451 4.3.0 Queue timed out" },
		{ 53, "451 4.3.0 Queue write error or disk full" },
		{ 54, "451 4.3.0 Queue could not read the message" },
		{ 55, "451 4.3.0 Queue could not read its configuration" },
		{ 56, "451 4.3.0 Queue could not make a network connection" },
		{ 61, "451 4.3.0 Queue trouble in home directory" },
		{ 71, "451 4.3.0 Message temporarily refused by the queue" },
		{ 72, "451 4.4.1 Connection to the mail server timed out" },
		{ 73, "451 4.4.1 Connection to the mail server refused" },
		{ 74, "451 4.4.2 Communication with the mail server failed" },
	};
	const char *reply = NULL;
	int code = r->exit_code;
	smtpd_decision d;

	if (code == 0)
		return SMTPD_ACCEPT;
	d = code >= 11 && code <= 40 ? SMTPD_REJECT : SMTPD_TEMPFAIL;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].code == code)
			reply = table[i].reply;
	if (code >= 62 && code <= 66)
		reply = "451 4.3.0 Queue trouble creating files";
	if (code == 82 && r->line[0]) {
		/* "Dtext" permanent, "Ztext" temporary (the custom-error
		 * convention), or a whole reply line. */
		if (r->line[0] == 'D' || r->line[0] == 'Z') {
			char buf[CHILD_LINE_MAX + 16];
			int n = snprintf(buf, sizeof buf, "%s %s",
			    r->line[0] == 'D' ? "554 5.3.0" : "451 4.3.0",
			    r->line + 1);

			d = r->line[0] == 'D' ? SMTPD_REJECT : SMTPD_TEMPFAIL;
			if (n > 0 && (size_t)n < sizeof buf)
				use_reply_line(buf, d);
			return d;
		}
		d = r->line[0] == '5' ? SMTPD_REJECT : SMTPD_TEMPFAIL;
		use_reply_line(r->line, d);
		return d;
	}
	if (reply == NULL)
		reply = d == SMTPD_REJECT ? "554 5.3.0 Queue permanent problem" :
		    "451 4.3.0 Queue temporary problem";
	use_reply_line(reply, d);
	return d;
}

/* qmail-queue's envelope: "F" sender "\0", "T" rcpt "\0" each, "\0". */
static char *
qmail_envelope(size_t *len)
{
	size_t n = strlen(g.sender) + 3, k = 0;
	char *e;

	for (unsigned i = 0; i < g.nrcpt; i++)
		n += strlen(g.rcpt[i]) + 2;
	e = malloc(n);
	if (e == NULL)
		return NULL;
	e[k++] = 'F';
	memcpy(e + k, g.sender, strlen(g.sender) + 1);
	k += strlen(g.sender) + 1;
	for (unsigned i = 0; i < g.nrcpt; i++) {
		e[k++] = 'T';
		memcpy(e + k, g.rcpt[i], strlen(g.rcpt[i]) + 1);
		k += strlen(g.rcpt[i]) + 1;
	}
	e[k++] = '\0';
	*len = k;
	return e;
}

/* The end of data: hand the spooled message to the delivery program, and
 * say 250 only when it exited 0. */
static smtpd_decision
cb_message(void *host, smtpd_session *s)
{
	struct envbuf env;
	struct child_spec spec;
	struct child_result r;
	struct logline l;
	char err[256];
	char **argv = NULL, *envelope = NULL;
	smtpd_decision d = SMTPD_TEMPFAIL;
	int k = 0;

	(void)host, (void)s;
	g.messages++;
	log_begin(&l, "info", "message");
	log_text(&l, "from", g.sender, strlen(g.sender));
	log_num(&l, "rcpts", g.nrcpt);
	log_num(&l, "size", g.spool.size);
	if (spool_finish(&g.spool, err, sizeof err) != 0)
		goto out;
	session_env(&env, NULL);
	memset(&spec, 0, sizeof spec);
	spec.envp = env.vars;
	spec.stdin_fd = g.spool.fd;
	spec.capture = 1;
	spec.timeout_ms = g.conf.child_timeout * 1000;
	argv = calloc((size_t)g.conf.deliver_argc + g.nrcpt + 1, sizeof *argv);
	if (argv == NULL) {
		memcpy(err, "out of memory", 14);
		goto out;
	}
	for (k = 0; k < g.conf.deliver_argc; k++)
		argv[k] = g.conf.deliver[k];
	if (g.conf.qmail_queue) {
		envelope = qmail_envelope(&spec.fd1_len);
		if (envelope == NULL) {
			memcpy(err, "out of memory", 14);
			goto out;
		}
		spec.fd1_data = envelope;
	} else {
		/* recipients are the program's last arguments */
		for (unsigned i = 0; i < g.nrcpt; i++)
			argv[k++] = g.rcpt[i];
	}
	argv[k] = NULL;
	spec.argv = argv;
	if (child_run(&spec, &r, err, sizeof err) != 0)
		goto out;
	err[0] = '\0';
	log_child(&l, &r);
	if (g.conf.qmail_queue) {
		d = qmail_decision(&r);
	} else {
		d = exit_decision(&r);
		if (d == SMTPD_REJECT)
			smtpd_reply_set(g.s, 554, "5.6.0",
			    "Message refused by the delivery program");
		use_reply_line(r.line, d);	/* its own line, if valid */
	}
out:
	if (err[0])
		log_text(&l, "error", err, strlen(err));
	log_word(&l, "result", d == SMTPD_ACCEPT ? "accept" :
	    d == SMTPD_REJECT ? "reject" : "tempfail");
	log_end(&l);
	if (d == SMTPD_ACCEPT)
		g.accepted++;
	free(argv);
	free(envelope);
	forget_transaction();
	return d;
}

static void
cb_reset(void *host, smtpd_session *s)
{
	(void)host, (void)s;
	forget_transaction();
}

/* ------------------------------------------------------------------------
 * The session
 */

static int
start_tls(void)
{
	char err[256];
	struct logline l;

	g.net.tls = tlsio_accept(0, 1, g.conf.certfile, g.conf.keyfile,
	    g.conf.timeout * 1000, err, sizeof err);
	if (g.net.tls == NULL) {
		log_begin(&l, "info", "tls");
		log_word(&l, "result", "failed");
		log_text(&l, "error", err, strlen(err));
		log_end(&l);
		return -1;
	}
	tlsio_describe(g.net.tls, g.tls, sizeof g.tls);
	log_begin(&l, "info", "tls");
	log_text(&l, "session", g.tls, strlen(g.tls));
	log_end(&l);
	return 0;
}

int
main(int argc, char **argv)
{
	static char buf[65536];
	static struct smtpd_callbacks cb = {
		.write = cb_write,
		.helo = cb_helo,
		.mail = cb_mail,
		.rcpt = cb_rcpt,
		.data = cb_data,
		.body = cb_body,
		.message = cb_message,
		.reset = cb_reset,
	};
	struct smtpd_config cfg;
	struct logline l;
	char err[256];
	uint64_t lines;
	long long deadline, timeout_ms;

	signal(SIGPIPE, SIG_IGN);
	log_init("smtp-server");
	conf_load(&g.conf, argc, argv);
	if (g.conf.certfile && tlsio_check_files(g.conf.certfile,
	    g.conf.keyfile, err, sizeof err) != 0)
		log_fatal(100, "TLS", err);
	spool_init(&g.spool);
	timeout_ms = (long long)g.conf.timeout * 1000;
	netio_init(&g.net, 0, 1, (int)timeout_ms);

	memset(&cfg, 0, sizeof cfg);
	cfg.hostname = g.conf.hostname;
	cfg.max_message_size = g.conf.max_size ? g.conf.max_size :
	    SMTPD_UNLIMITED;
	cfg.max_recipients = g.conf.max_rcpt;
	if (g.conf.auth_insecure)
		cfg.flags |= SMTPD_AUTH_INSECURE;
	if (g.conf.checkpassword)
		cb.auth = cb_auth;
	if (g.conf.certfile && !g.conf.implicit_tls)
		cb.starttls = cb_starttls;

	log_begin(&l, "info", "connect");
	log_word(&l, "ip", g.conf.remote_ip);
	log_end(&l);
	g.end = "quit";
	if (g.conf.implicit_tls) {
		/* RFC 8314 3.3: the handshake comes before the greeting */
		if (start_tls() != 0) {
			g.end = "tls-failed";
			goto end;
		}
		cfg.flags |= SMTPD_TLS_ACTIVE;
	}
	g.s = smtpd_new(&cfg, &cb, NULL);
	if (g.s == NULL)
		log_fatal(111, "unable to start session", "out of memory");
	smtpd_start(g.s, g.conf.remote_ip);

	/* -t bounds each line, not each read: a client that sends a byte
	 * every few seconds still meets the deadline (Postfix's
	 * smtpd_per_record_deadline). */
	lines = smtpd_lines(g.s);
	deadline = netio_now_ms() + timeout_ms;
	while (smtpd_status(g.s) != SMTPD_CLOSED) {
		ssize_t n;
		size_t off = 0;
		long long left;

		if (smtpd_status(g.s) == SMTPD_STARTTLS) {
			/* RFC 3207 4.2: what was sent before is forgotten */
			smtpd_tls_done(g.s, start_tls() == 0);
			if (smtpd_status(g.s) == SMTPD_CLOSED)
				g.end = "tls-failed";
			deadline = netio_now_ms() + timeout_ms;
			continue;
		}
		if (smtpd_lines(g.s) != lines) {
			lines = smtpd_lines(g.s);
			deadline = netio_now_ms() + timeout_ms;
		}
		left = deadline - netio_now_ms();
		n = left > 0 ? netio_read(&g.net, buf, sizeof buf, (int)left) :
		    -2;
		if (n == -2) {
			g.end = "timeout";
			smtpd_timeout(g.s);
			break;
		}
		if (n <= 0) {
			g.end = n == 0 ? "client-closed" : "read-failed";
			break;
		}
		while (off < (size_t)n && smtpd_status(g.s) == SMTPD_READING)
			off += smtpd_feed(g.s, buf + off, (size_t)n - off);
	}
	smtpd_free(g.s);
end:
	forget_transaction();
	free(g.rcpt);
	if (g.net.tls)
		tlsio_close(g.net.tls);
	log_begin(&l, "info", "end");
	log_word(&l, "ip", g.conf.remote_ip);
	log_word(&l, "reason", g.end);
	log_num(&l, "messages", g.messages);
	log_num(&l, "accepted", g.accepted);
	log_end(&l);
	return 0;
}

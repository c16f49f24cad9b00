/*
 * conf.c - options with getopt, the environment read once; see conf.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "opt.h"

#define USAGE "usage: smtp-server [-AQT] [-h name] [-c certfile -k keyfile] " \
    "[-a checkpassword] [-s bytes] [-r count] [-t seconds] [-w seconds] " \
    "[-m program] [-R program] program [arg ...]"

static void
usage(void)
{
	(void)!write(2, USAGE "\n", sizeof USAGE);
	exit(100);
}

/* Printable text (spaces allowed) that may go into a child's environment. */
static int
text_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/* The address of fd 0's peer (peer 1) or of our end (peer 0) as text, or
 * NULL when fd 0 is not an IP socket (a pipe, a terminal). */
static const char *
socket_address(int peer, char *buf, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	const void *a;

	if ((peer ? getpeername(0, (struct sockaddr *)&ss, &sl) :
	    getsockname(0, (struct sockaddr *)&ss, &sl)) != 0)
		return NULL;
	if (ss.ss_family == AF_INET)
		a = &((struct sockaddr_in *)&ss)->sin_addr;
	else if (ss.ss_family == AF_INET6)
		a = &((struct sockaddr_in6 *)&ss)->sin6_addr;
	else
		return NULL;
	return inet_ntop(ss.ss_family, a, buf, (socklen_t)len);
}

/* The peer's and our own address: from what started us, or the socket. */
static void
addresses(struct conf *c)
{
	const char *r = getenv("TCPREMOTEIP"), *l = getenv("TCPLOCALIP");

	if (r == NULL)
		r = getenv("TCP6REMOTEIP");
	if (r == NULL)
		r = getenv("REMOTE_ADDR");	/* systemd Accept=yes */
	if (l == NULL)
		l = getenv("TCP6LOCALIP");
	if (r == NULL)
		r = socket_address(1, c->remote_ip, sizeof c->remote_ip);
	if (l == NULL)
		l = socket_address(0, c->local_ip, sizeof c->local_ip);
	/* Whatever the source, only an address-shaped word goes on. */
	if (r == NULL || !opt_word_ok(r) || strlen(r) >= sizeof c->remote_ip)
		r = "unknown";
	if (l == NULL || !opt_word_ok(l) || strlen(l) >= sizeof c->local_ip)
		l = "unknown";
	memmove(c->remote_ip, r, strlen(r) + 1);
	memmove(c->local_ip, l, strlen(l) + 1);
}

void
conf_load(struct conf *c, int argc, char **argv)
{
	static char host[256];
	const char *v;
	int opt;

	memset(c, 0, sizeof *c);
	c->max_size = 10485760;
	c->max_rcpt = 100;
	c->timeout = 300;	/* RFC 5321 4.5.3.2.7: at least 5 minutes */
	c->child_timeout = 300;
	/* "+": stop at the delivery program, whose options are its own */
	while ((opt = getopt(argc, argv, "+AQTa:c:h:k:m:r:R:s:t:w:")) != -1) {
		switch (opt) {
		case 'A': c->auth_insecure = 1; break;
		case 'Q': c->qmail_queue = 1; break;
		case 'T': c->implicit_tls = 1; break;
		case 'a': c->checkpassword = optarg; break;
		case 'c': c->certfile = optarg; break;
		case 'h': c->hostname = optarg; break;
		case 'k': c->keyfile = optarg; break;
		case 'm': c->mail_check = optarg; break;
		case 'R': c->rcpt_check = optarg; break;
		case 'r':
			/* the core raises anything below 100 to 100 */
			c->max_rcpt = (unsigned)opt_number("-r", optarg, 0, 100000);
			break;
		case 's':
			c->max_size = opt_number("-s", optarg, 0, UINT64_MAX - 1);
			break;
		case 't':
			c->timeout = (int)opt_number("-t", optarg, 1, 86400);
			break;
		case 'w':
			c->child_timeout = (int)opt_number("-w", optarg, 1, 86400);
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	c->deliver = argv + optind;
	c->deliver_argc = argc - optind;
	if ((c->certfile == NULL) != (c->keyfile == NULL))
		log_fatal(100, "-c and -k", "give both or neither");
	if (c->implicit_tls && c->certfile == NULL)
		log_fatal(100, "-T", "needs -c and -k");

	if (c->hostname == NULL) {
		if (gethostname(host, sizeof host - 1) != 0 || !opt_word_ok(host))
			memcpy(host, "localhost", 10);
		host[sizeof host - 1] = '\0';
		c->hostname = host;
	}
	if (!opt_word_ok(c->hostname))
		log_fatal(100, "-h", "not a host name");

	/* tcpserver rules set these per client (qmail-smtpd's names) */
	if ((v = getenv("DATABYTES")) != NULL)
		c->max_size = opt_number("DATABYTES", v, 0, UINT64_MAX - 1);
	c->relayclient = getenv("RELAYCLIENT");
	c->remote_host = getenv("TCPREMOTEHOST");
	c->remote_info = getenv("TCPREMOTEINFO");
	if (c->remote_host && !opt_word_ok(c->remote_host))
		c->remote_host = NULL;
	if (c->remote_info && !opt_word_ok(c->remote_info))
		c->remote_info = NULL;
	if (c->relayclient && !text_ok(c->relayclient))
		c->relayclient = NULL;	/* unusable: as if unset */
	c->path = getenv("PATH");
	if (c->path == NULL || strpbrk(c->path, "\r\n"))
		c->path = "/usr/local/bin:/usr/bin:/bin";
	c->spool_dir = getenv("TMPDIR");
	if (c->spool_dir == NULL || *c->spool_dir != '/')
		c->spool_dir = "/tmp";
	addresses(c);
}

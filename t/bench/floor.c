/*
 * floor.c - the benchmarks' floor: the least an SMTP responder on stdin and
 * stdout can do for the benchmarks' exchange, run under the same tcpserver
 * as the servers measured.  It answers EHLO/HELO, MAIL, RCPT, RSET, NOOP
 * and QUIT with fixed replies, reads DATA up to <CRLF>.<CRLF> and discards
 * it, answers a pipelined group with one write, and checks nothing.
 *
 *   floor              discards the message in-process
 *   floor -x PROG      starts PROG per message (posix_spawn, as
 *                      smtp-server does), with the message streamed into
 *                      its standard input as it arrives, and says 250 only
 *                      when PROG exits 0: the cost our design has by choice
 *                      (one process per delivery)
 *
 * No SMTP server can do the same work for less, so a server's CPU per
 * message divided by the floor's is its overhead.  Built static: dynamic
 * linking alone costs a few hundred microseconds per process.
 */
#define _GNU_SOURCE	/* pipe2 */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define IN_SIZE 65536	/* one read */
#define OUT_SIZE 4096	/* replies to one pipelined group */
#define LINE_MAX_LEN 1024 /* a command line; longer ones are cut */

static char in[IN_SIZE];
static char out[OUT_SIZE];
static size_t out_len;
static const char *deliver_prog;
static int devnull = -1;	/* the child's standard output */
extern char **environ;

static void
flush(void)
{
	size_t off = 0;
	ssize_t n;

	while (off < out_len) {
		n = write(1, out + off, out_len - off);
		if (n <= 0)
			_exit(1);
		off += (size_t)n;
	}
	out_len = 0;
}

static void
say(const char *reply)
{
	size_t n = strlen(reply);

	if (out_len + n > sizeof out)
		flush();
	memcpy(out + out_len, reply, n);
	out_len += n;
}

static void
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w <= 0)
			return;	/* the child went away: its status says */
		p += w;
		n -= (size_t)w;
	}
}

/* Start PROG with a pipe on its standard input and /dev/null on its
 * standard output; returns the pipe's write end, and the child's pid in
 * *pid.  posix_spawn, as smtp-server starts its programs: glibc runs it
 * with CLONE_VM and CLONE_VFORK, which costs less than fork. */
static int
start_delivery(pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	char *argv[] = { (char *)deliver_prog, NULL };
	int p[2], rc;

	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	/* stdout not the client's socket: the discard program reads
	 * descriptor 1 when it can (the qmail-queue envelope) */
	rc = posix_spawn_file_actions_init(&fa);
	if (rc == 0 && (rc = posix_spawn_file_actions_adddup2(&fa, p[0], 0)) == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, devnull, 1);
	if (rc == 0)
		rc = posix_spawn(pid, deliver_prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[0]);
	if (rc != 0) {
		close(p[1]);
		return -1;
	}
	return p[1];
}

static int
finish_delivery(int fd, pid_t pid)
{
	int status;

	close(fd);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	/* where the end-of-data search stands: how much of "\r\n.\r\n" has
	 * been seen, 2 at the start of the data (its CRLF is DATA's) */
	static const char eod[] = "\r\n.\r\n";
	char line[LINE_MAX_LEN];
	size_t line_len = 0, have, i, start;
	int in_data = 0, matched = 0, pipe_fd = -1;
	pid_t pid = -1;
	ssize_t n;

	if (argc == 3 && strcmp(argv[1], "-x") == 0) {
		deliver_prog = argv[2];
		devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (devnull < 0)
			return 111;
	}
	signal(SIGPIPE, SIG_IGN);
	say("220 floor ESMTP\r\n");
	for (;;) {
		flush();
		n = read(0, in, sizeof in);
		if (n <= 0)
			return 0;
		have = (size_t)n;
		for (i = 0; i < have; ) {
			if (in_data) {
				/* scan for the end of the data */
				start = i;
				while (i < have && matched < 5) {
					if (in[i] == eod[matched])
						matched++;
					else
						matched = in[i] == '\r' ? 1 : 0;
					i++;
				}
				if (pipe_fd >= 0)
					write_all(pipe_fd, in + start, i - start);
				if (matched < 5)
					continue;
				in_data = 0;
				matched = 0;
				if (pipe_fd >= 0) {
					say(finish_delivery(pipe_fd, pid) == 0 ?
					    "250 2.0.0 accepted\r\n" :
					    "451 4.3.0 delivery failed\r\n");
					pipe_fd = -1;
				} else {
					say("250 2.0.0 accepted\r\n");
				}
				continue;
			}
			if (in[i] != '\n') {
				if (line_len < sizeof line)
					line[line_len++] = in[i];
				i++;
				continue;
			}
			i++;
			/* one command line, its CR (if any) at the end */
			if (line_len >= 4 &&
			    strncmp(line, "EHLO", 4) == 0) {
				say("250-floor\r\n250-PIPELINING\r\n"
				    "250-8BITMIME\r\n250 SIZE 104857600\r\n");
			} else if (line_len >= 4 &&
			    strncmp(line, "DATA", 4) == 0) {
				if (deliver_prog != NULL) {
					pipe_fd = start_delivery(&pid);
					if (pipe_fd < 0) {
						say("451 4.3.0 fork failed\r\n");
						line_len = 0;
						continue;
					}
				}
				say("354 go ahead\r\n");
				in_data = 1;
				matched = 2;
			} else if (line_len >= 4 &&
			    strncmp(line, "QUIT", 4) == 0) {
				say("221 2.0.0 bye\r\n");
				flush();
				return 0;
			} else {
				say("250 2.0.0 ok\r\n");
			}
			line_len = 0;
		}
	}
}

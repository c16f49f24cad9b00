/*
 * child.c - spawn and wait with a deadline; see child.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"

void
env_init(struct envbuf *e)
{
	e->n = 0;
	e->used = 0;
	e->vars[0] = NULL;
}

int
env_add(struct envbuf *e, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);

	for (size_t i = 0; i < vl; i++)
		if ((unsigned char)value[i] < 0x20 || value[i] == 0x7f)
			return -1;	/* never CR, LF or NUL into a child */
	if (e->n >= ENV_MAX_VARS || nl + vl + 2 > sizeof e->store - e->used)
		return -1;
	e->vars[e->n] = e->store + e->used;
	memcpy(e->store + e->used, name, nl);
	e->store[e->used + nl] = '=';
	memcpy(e->store + e->used + nl + 1, value, vl);
	e->store[e->used + nl + 1 + vl] = '\0';
	e->used += nl + vl + 2;
	e->vars[++e->n] = NULL;
	return 0;
}

static void
set_err(char *err, size_t errlen, const char *what)
{
	size_t n = strlen(what), k = 0;
	const char *reason = strerror(errno);

	if (errlen == 0)
		return;
	if (n > errlen - 1)
		n = errlen - 1;
	memcpy(err, what, n);
	k = n;
	if (k + 2 < errlen) {
		size_t r = strlen(reason);

		memcpy(err + k, ": ", 2);
		k += 2;
		if (r > errlen - 1 - k)
			r = errlen - 1 - k;
		memcpy(err + k, reason, r);
		k += r;
	}
	err[k] = '\0';
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Lift an fd out of the range 0..9, so that no dup2 of the child's set-up
 * can land on it before it is used.  The copy is close-on-exec; *owned
 * says to close it after the spawn. */
static int
lift(int fd, int *owned)
{
	int k;

	*owned = 0;
	if (fd < 0 || fd > 9)
		return fd;
	k = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (k < 0)
		return -1;
	*owned = 1;
	return k;
}

/* Start the program: posix_spawn, which glibc runs with CLONE_VM and
 * CLONE_VFORK, so starting a child does not copy the server's page tables
 * (about a third of the cost of fork and exec on small virtual machines).
 * The child gets its own process group (a timeout kills all it started),
 * every signal at its default and none blocked, descriptors 0, 1 (or 1 and 6), 2 and 3 as
 * asked, and nothing else: not our own descriptors, and not whatever the
 * server itself inherited from what started it.  Returns 0 or an errno. */
static int
spawn(pid_t *pid, const struct child_spec *spec, int in, int fd1, int fd3,
    int out, int devnull)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dflt;
	int src[4], own[4] = { 0, 0, 0, 0 }, rc, n = 0;

	/* the sources of the dup2s, out of the way of their targets */
	src[0] = lift(in, &own[0]);
	src[1] = lift(spec->fd1_data ? fd1 : spec->capture ? out : devnull,
	    &own[1]);
	src[2] = spec->fd1_data ? lift(spec->capture ? out : devnull,
	    &own[2]) : -1;
	src[3] = lift(fd3, &own[3]);
	if (src[0] < 0 || src[1] < 0 || (spec->fd1_data && src[2] < 0) ||
	    (spec->fd3_data && src[3] < 0)) {
		rc = errno;
		goto lifted;
	}
	/* every signal at its default, not what the server ignores (SIGPIPE)
	 * or inherited ignored from what started it */
	sigemptyset(&none);
	sigfillset(&dflt);
	if ((rc = posix_spawn_file_actions_init(&fa)) != 0)
		goto lifted;
	if ((rc = posix_spawnattr_init(&at)) != 0)
		goto actions;
	rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	if (rc == 0)
		rc = posix_spawnattr_setpgroup(&at, 0);
	if (rc == 0)
		rc = posix_spawnattr_setsigdefault(&at, &dflt);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(&at, &none);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, src[0], 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, src[1], 1);
	if (rc == 0 && spec->fd1_data)
		rc = posix_spawn_file_actions_adddup2(&fa, src[2], 6);
	if (rc == 0 && spec->fd3_data)
		rc = posix_spawn_file_actions_adddup2(&fa, src[3], 3);
	/* close what lies between, then everything from 7 up (the lifted
	 * sources included); closing a descriptor that is not open is not
	 * an error here */
	for (int fd = spec->fd3_data ? 4 : 3; rc == 0 && fd < 7; fd++)
		if (fd != 6 || !spec->fd1_data)
			rc = posix_spawn_file_actions_addclose(&fa, fd);
	if (rc == 0)
		rc = posix_spawn_file_actions_addclosefrom_np(&fa, 7);
	if (rc == 0)
		rc = posix_spawnp(pid, spec->argv[0], &fa, &at, spec->argv,
		    spec->envp);
	posix_spawnattr_destroy(&at);
actions:
	posix_spawn_file_actions_destroy(&fa);
lifted:
	for (n = 0; n < 4; n++)
		if (own[n])
			close(src[n]);
	return rc;
}

/* Write more of a pipe's data; close it when all is sent or the child
 * closed its end (EPIPE: SIGPIPE is ignored by the caller). */
static void
feed_pipe(int *fd, const char *data, size_t len, size_t *sent)
{
	ssize_t w = write(*fd, data + *sent, len - *sent);

	if (w > 0)
		*sent += (size_t)w;
	else if (w < 0 && errno != EINTR && errno != EAGAIN)
		*sent = len;
	if (*sent == len) {
		close(*fd);
		*fd = -1;
	}
}

/* Read from the reply pipe: keep the first line, drain the rest.  Returns
 * what read() returned; the pipe is closed at EOF or error. */
static ssize_t
read_line(int *fd, struct child_result *r, size_t *got, int *line_done)
{
	char buf[1024];
	ssize_t w = read(*fd, buf, sizeof buf);

	if (w < 0 && (errno == EINTR || errno == EAGAIN))
		return w;
	if (w <= 0) {
		close(*fd);
		*fd = -1;
		return w;
	}
	for (ssize_t j = 0; j < w && !*line_done; j++) {
		if (buf[j] == '\n' || *got >= CHILD_LINE_MAX) {
			*line_done = 1;
			break;
		}
		r->line[(*got)++] = buf[j];
	}
	return w;
}

int
child_run(const struct child_spec *spec, struct child_result *r,
    char *err, size_t errlen)
{
	int in = -1, fd1[2] = { -1, -1 }, fd3[2] = { -1, -1 };
	int out[2] = { -1, -1 }, devnull;
	size_t sent1 = 0, sent3 = 0, got = 0;
	int line_done = 0, status = 0, pidfd, exited = 0, rc = -1;
	long long deadline = now_ms() + spec->timeout_ms;
	pid_t pid;

	memset(r, 0, sizeof *r);
	r->exit_code = -1;
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull < 0) {
		set_err(err, errlen, "unable to open /dev/null");
		return -1;
	}
	if ((spec->fd1_data && pipe2(fd1, O_CLOEXEC) != 0) ||
	    (spec->fd3_data && pipe2(fd3, O_CLOEXEC) != 0) ||
	    (spec->capture && pipe2(out, O_CLOEXEC) != 0)) {
		set_err(err, errlen, "unable to create pipe");
		goto fail;
	}
	in = spec->stdin_fd >= 0 ? spec->stdin_fd : devnull;

	switch (errno = spawn(&pid, spec, in, fd1[0], fd3[0], out[1],
	    devnull)) {
	case 0:
		break;
	case ENOENT: case EACCES: case ENOEXEC: case ENOTDIR: case ELOOP:
	case ENAMETOOLONG: case E2BIG: case ETXTBSY:
		/* the program could not be run: as when its exec fails after
		 * a fork, exit code 111, a temporary failure */
		r->exit_code = 111;
		rc = 0;
		goto fail;
	default:
		set_err(err, errlen, "unable to start the program");
		goto fail;
	}

	/* Parent: feed the pipes, read the reply line and wait for the exit,
	 * all in one poll loop, so that neither side can block the other and
	 * the wait ends the moment the child does (a pidfd). */
	if (fd1[0] >= 0)
		close(fd1[0]), fd1[0] = -1;
	if (fd3[0] >= 0)
		close(fd3[0]), fd3[0] = -1;
	if (out[1] >= 0)
		close(out[1]), out[1] = -1;
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	while (!exited) {
		struct pollfd p[4];
		int np = 0, left = (int)(deadline - now_ms()), k;

		if (left <= 0) {
			r->timed_out = 1;
			break;
		}
		if (fd1[1] >= 0)
			p[np++] = (struct pollfd){ fd1[1], POLLOUT, 0 };
		if (fd3[1] >= 0)
			p[np++] = (struct pollfd){ fd3[1], POLLOUT, 0 };
		if (out[0] >= 0)
			p[np++] = (struct pollfd){ out[0], POLLIN, 0 };
		/* Without a pidfd (Linux before 5.3; valgrind 3.19) the exit
		 * is found by waitpid every 5 ms, also while a pipe is still
		 * open: a daemon the program left behind may hold its stdout
		 * for as long as it likes. */
		if (pidfd >= 0)
			p[np++] = (struct pollfd){ pidfd, POLLIN, 0 };
		else
			left = left < 5 ? left : 5;
		k = poll(p, (nfds_t)np, left);
		if (k < 0 && errno != EINTR)
			break;
		for (int i = 0; k > 0 && i < np; i++) {
			if (p[i].revents == 0)
				continue;
			if (p[i].fd == pidfd)
				exited = 1;
			else if (p[i].fd == out[0])
				read_line(&out[0], r, &got, &line_done);
			else
				feed_pipe(p[i].fd == fd1[1] ? &fd1[1] : &fd3[1],
				    p[i].fd == fd1[1] ? spec->fd1_data :
				    spec->fd3_data,
				    p[i].fd == fd1[1] ? spec->fd1_len :
				    spec->fd3_len,
				    p[i].fd == fd1[1] ? &sent1 : &sent3);
		}
		if (pidfd < 0 && waitpid(pid, &status, WNOHANG) == pid)
			exited = 2;
	}
	/* What the child wrote before it exited is in the pipe already. */
	if (out[0] >= 0 && !r->timed_out) {
		fcntl(out[0], F_SETFL, O_NONBLOCK);
		while (out[0] >= 0 && !line_done)
			if (read_line(&out[0], r, &got, &line_done) <= 0)
				break;
	}
	if (got > 0 && r->line[got - 1] == '\r')
		got--;
	r->line[got] = '\0';
	if (r->timed_out) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	if (exited != 2)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	if (pidfd >= 0)
		close(pidfd);
	if (WIFEXITED(status) && !r->timed_out)
		r->exit_code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		r->signal = WTERMSIG(status);
	rc = 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (fd1[i] >= 0)
			close(fd1[i]);
		if (fd3[i] >= 0)
			close(fd3[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	close(devnull);
	return rc;
}

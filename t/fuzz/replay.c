/*
 * replay.c - run a fuzz target over its corpus without libFuzzer, so that
 * every crash or invariant violation once found stays fixed.
 *
 *     replay-TARGET DIR|FILE...
 *
 * Built once per target with the C compiler of make test (no clang):
 *
 *     cc -std=c11 -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined \
 *         -fno-sanitize-recover=all -D_POSIX_C_SOURCE=200809L -Isrc \
 *         -DFUZZ_NAME='"session"' t/fuzz/replay.c t/fuzz/fuzz_session.c \
 *         src/smtpd.c src/smtpd_cmd.c src/smtpd_parse.c src/smtpd_data.c \
 *         src/smtpd_sasl.c -o t/fuzz/replay-session
 *
 * Every regular file of each DIR (in name order) and every FILE is given
 * to LLVMFuzzerTestOneInput() in a child process, which tells the parent
 * which input it is on: an abort() or a sanitizer report then names the
 * input that caused it, and a new child goes on with the next one.  Prints one line,
 * "ok - fuzz-replay-NAME (N inputs)" or "not ok - fuzz-replay-NAME (...)",
 * then a "# " line per failed input; exits 1 when any input failed, 2 on a
 * usage or I/O error.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef FUZZ_NAME
#define FUZZ_NAME "target"
#endif

#define INPUT_MAX ((size_t)1 << 20)	/* larger corpus files are an error */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct list {
	char **v;
	size_t n, cap;
};

static void
list_add(struct list *l, const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof *v);

		if (v == NULL) {
			fputs("replay: out of memory\n", stderr);
			exit(2);
		}
		l->v = v;
		l->cap = cap;
	}
	p = malloc(n);
	if (p == NULL) {
		fputs("replay: out of memory\n", stderr);
		exit(2);
	}
	if (*dir)
		snprintf(p, n, "%s/%s", dir, name);
	else
		snprintf(p, n, "%s", name);
	l->v[l->n++] = p;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read a whole file; NULL (with a message) on error. */
static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *p;
	size_t n;

	if (fp == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	/* one byte more than the limit tells a too large file */
	p = malloc(INPUT_MAX + 1);
	if (p == NULL) {
		fclose(fp);
		fputs("replay: out of memory\n", stderr);
		return NULL;
	}
	n = fread(p, 1, INPUT_MAX + 1, fp);
	if (ferror(fp) || n > INPUT_MAX) {
		fprintf(stderr, "replay: %s: %s\n", path, ferror(fp) ?
		    "read error" : "larger than 1 MiB");
		fclose(fp);
		free(p);
		return NULL;
	}
	fclose(fp);
	*len = n;
	return p;
}

/* Run files[from..) in a child, which reports through a pipe the index of
 * each input it starts.  Returns the index of the input that failed, or
 * n when all passed; -1 if the child could not be run. */
static long
run_from(const struct list *files, size_t from)
{
	size_t last = from, idx;
	int fd[2], status;
	pid_t pid;
	ssize_t k;

	fflush(stdout);
	fflush(stderr);
	if (pipe(fd) != 0) {
		fprintf(stderr, "replay: pipe: %s\n", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "replay: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(fd[0]);
		for (idx = from; idx < files->n; idx++) {
			size_t len = 0;
			uint8_t *p;

			if (write(fd[1], &idx, sizeof idx) != sizeof idx)
				_exit(2);
			p = slurp(files->v[idx], &len);
			if (p == NULL)
				_exit(2);
			LLVMFuzzerTestOneInput(p, len);
			free(p);
		}
		idx = files->n;
		if (write(fd[1], &idx, sizeof idx) != sizeof idx)
			_exit(2);
		_exit(0);
	}
	close(fd[1]);
	while ((k = read(fd[0], &idx, sizeof idx)) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k != (ssize_t)sizeof idx)
			break;
		last = idx;
	}
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "replay: waitpid: %s\n",
			    strerror(errno));
			return -1;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && last == files->n)
		return (long)files->n;
	return (long)last;
}

int
main(int argc, char **argv)
{
	struct list files = { 0 }, failed = { 0 };
	int bad_arg = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;
		size_t first = files.n;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			bad_arg = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			list_add(&files, "", argv[i]);
			continue;
		}
		d = opendir(argv[i]);
		if (d == NULL) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			bad_arg = 1;
			continue;
		}
		while ((e = readdir(d)) != NULL) {
			char path[4096];

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", argv[i],
			    e->d_name);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				list_add(&files, argv[i], e->d_name);
		}
		closedir(d);
		if (files.n > first)
			qsort(files.v + first, files.n - first,
			    sizeof *files.v, by_name);
	}
	for (size_t from = 0; from < files.n;) {
		long bad = run_from(&files, from);

		if (bad < 0) {
			bad_arg = 1;
			break;
		}
		if ((size_t)bad >= files.n)
			break;
		list_add(&failed, "", files.v[bad]);
		from = (size_t)bad + 1;
	}
	if (failed.n == 0 && !bad_arg && files.n > 0) {
		printf("ok - fuzz-replay-%s (%zu inputs)\n", FUZZ_NAME,
		    files.n);
	} else {
		printf("not ok - fuzz-replay-%s (%zu of %zu inputs failed%s)\n",
		    FUZZ_NAME, failed.n, files.n, bad_arg ?
		    ", bad arguments" : files.n == 0 ? ", no inputs" : "");
		for (size_t i = 0; i < failed.n; i++)
			printf("# failed: %s\n", failed.v[i]);
	}
	for (size_t i = 0; i < files.n; i++)
		free(files.v[i]);
	for (size_t i = 0; i < failed.n; i++)
		free(failed.v[i]);
	free(files.v);
	free(failed.v);
	return bad_arg ? 2 : failed.n > 0 || files.n == 0 ? 1 : 0;
}

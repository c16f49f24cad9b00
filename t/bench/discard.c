/*
 * discard.c - the benchmarks' delivery program: reads the message on
 * descriptor 0 to its end, then, if descriptor 1 can be read (the
 * qmail-queue interface gives the envelope there), that too, and exits 0.
 * Every server in the benchmark forks and execs this same program per
 * message, so what differs between them is their own cost.  Built static,
 * so that starting it costs as little as a program can.
 */
#include <unistd.h>

static void
drain(int fd)
{
	static char buf[65536];

	while (read(fd, buf, sizeof buf) > 0)
		;
}

int
main(void)
{
	drain(0);
	drain(1);	/* fails at once where fd 1 is a write end */
	return 0;
}

# stub-lib.sh - shared by the fake-* programs in t/bin (sourced, not run).
#
# smtp-server gives its children an environment of its own making, so the
# tests do not run these programs directly: test_helper.bash writes a wrapper
# that sets the STUB_* variables and execs one of them.
#
#   STUB_DIR     where the records go (required)
#   STUB_NAME    prefix of the record files (default: the program's name)
#   STUB_ARGV0   argv[0] the server used (the wrapper's $0)
#   STUB_EXIT    exit status (default 0)
#   STUB_REPLY   a line printed first on stdout (fake-check, fake-deliver)
#   STUB_SLEEP   seconds to sleep (in a child, so a process-group kill is
#                visible: its pid goes to NAME.sleeppid.N)
#   STUB_SIGNAL  a signal name the program sends itself before exiting
#   STUB_DAEMON  seconds a background child sleeps after the program has
#                exited, with its stdout and stderr (pid: NAME.daemonpid.N)
#
# Records of the N-th run (N counts from 1):
#   NAME.argv.N  argv, one element a line, each as [element]
#   NAME.env.N   the environment as env(1) prints it (with the STUB_*
#                variables, and PWD, which /bin/sh adds by itself)
#   NAME.pid.N   the program's pid
#   NAME.fds.N   the descriptors it was started with, "fd target" a line
#                (with the shell's own descriptor for this script)
set -u
: "${STUB_DIR:?STUB_DIR is not set}"
stub_name=${STUB_NAME:-${0##*/}}
stub_argv0=${STUB_ARGV0:-$0}

# Claim the next run number (the runs of one session are sequential).
n=1
while [ -e "$STUB_DIR/$stub_name.argv.$n" ]; do
	n=$((n + 1))
done

stub_record() {
	# First, and with no redirection, so that the shell has opened nothing
	# yet: find runs in a child and writes the file itself.  The list
	# includes the shell's own descriptor for this script.
	find "/proc/$$/fd" -mindepth 1 -maxdepth 1 \
	    -fprintf "$STUB_DIR/$stub_name.fds.$n" '%f %l\n'
	{
		printf '[%s]\n' "$stub_argv0"
		for a in "$@"; do
			printf '[%s]\n' "$a"
		done
	} >"$STUB_DIR/$stub_name.argv.$n"
	env >"$STUB_DIR/$stub_name.env.$n"
	echo $$ >"$STUB_DIR/$stub_name.pid.$n"
}

# The bytes of stdin with NUL shown as \0 (and nothing else changed).
stub_show_nul() {
	od -An -v -tu1 | LC_ALL=C awk '{
		for (i = 1; i <= NF; i++)
			if ($i == 0) printf "\\0"; else printf "%c", $i
	}'
}

stub_finish() {
	if [ -n "${STUB_SLEEP:-}" ]; then
		sleep "$STUB_SLEEP" &
		echo $! >"$STUB_DIR/$stub_name.sleeppid.$n"
		wait
	fi
	if [ -n "${STUB_DAEMON:-}" ]; then
		# a child that outlives us, holding stdout and stderr open
		sleep "$STUB_DAEMON" &
		echo $! >"$STUB_DIR/$stub_name.daemonpid.$n"
	fi
	if [ -n "${STUB_SIGNAL:-}" ]; then
		kill -s "$STUB_SIGNAL" $$
		sleep 5		# the signal is on its way
	fi
	exit "${STUB_EXIT:-0}"
}

#!/bin/sh
# run-valgrind.sh [BATS_FILE...] - the smtp-server test files again, with
# ./smtp-server and ./smtp-maildir run under valgrind's memcheck (see
# t/bin/valgrind-run), then one TAP line per test from the reports (see
# t/valgrind-check.sh).  Test names get a "valgrind: " prefix.
#
# Without arguments: every file that runs the server over pipes or behind
# a real listener.  Not run here: t/20 (smtp-maildir alone, whose LD_PRELOAD
# tests and copies of the binary do not mix with valgrind; t/42 runs it
# under memcheck), t/40 (200 x 50 sessions under memcheck would take an
# hour) and t/42 (memcheck already).
#
# Under memcheck a process starts in about a second instead of a
# millisecond: tests wait for the server's replies (test_helper.bash:
# await_output), not for fixed times, where that matters.
cd "$(dirname "$0")/.." || exit 1
command -v valgrind >/dev/null ||
    { echo "not ok - valgrind is missing: apt-get install -y valgrind"; exit 1; }
[ "$#" -gt 0 ] || set -- t/1[0-5]-*.bats t/3[0-9]-*.bats t/41-*.bats
VALGRIND_LOGS=$(mktemp -d)
export VALGRIND_LOGS
trap 'rm -rf "$VALGRIND_LOGS"' EXIT
trap 'exit 130' INT TERM
# the wrapper and the programs, where nobody (some tests run the server
# as nobody) can read them and write the reports: see t/bin/valgrind-run
chmod 1777 "$VALGRIND_LOGS"
mkdir -m 755 "$VALGRIND_LOGS/bin"
cp t/bin/valgrind-run smtp-server smtp-maildir "$VALGRIND_LOGS/bin/" || exit 1
for p in smtp-server smtp-maildir; do
	ln -s valgrind-run "$VALGRIND_LOGS/bin/valgrind-$p"
done
rc=0
for f; do
	bats --tap "$f" >"$VALGRIND_LOGS/tap" 2>&1
	st=$?
	sed 's/^\(\(not \)\{0,1\}ok [0-9]*\) /\1 valgrind: /' "$VALGRIND_LOGS/tap"
	if [ "$st" -ne 0 ]; then
		rc=1
		grep -q '^not ok ' "$VALGRIND_LOGS/tap" ||
		    echo "not ok - valgrind: $f exited with status $st"
	fi
done
t/valgrind-check.sh "$VALGRIND_LOGS" || rc=1
exit "$rc"

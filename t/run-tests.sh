#!/bin/sh
# Run every test: the core's C drivers (transcripts, API, fuzz corpora, a
# quick pass of the core benchmark under the sanitizers), the bats files,
# and the program's bats files again under valgrind (t/run-valgrind.sh);
# then print one line "N passed, N failed".  A suite that dies without
# reporting (a sanitizer abort, a crash) counts as a failure.
#
# The valgrind pass runs alongside the rest, its report printed at the
# end: it spends most of its time in valgrind's start-up on one core while
# the other suites wait on timers and sockets, so the two together take
# little longer than the slower one.
cd "$(dirname "$0")/.." || exit 1
log=$(mktemp)
vg=$(mktemp)
vgpid=
trap '[ -n "$vgpid" ] && kill -TERM -- "-$vgpid" 2>/dev/null; rm -f "$log" "$log.out" "$vg"' EXIT

suite() {
	name=$1
	shift
	"$@" > "$log.out" 2>&1
	rc=$?
	cat "$log.out"
	cat "$log.out" >> "$log"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$log.out"; then
		echo "not ok - $name exited with status $rc" | tee -a "$log"
	fi
	rm -f "$log.out"
}

# its own process group (set -m), so that an interrupted make test stops
# all of it; an interrupt ends this script through its EXIT trap
trap 'exit 130' INT TERM
set -m
sh t/run-valgrind.sh > "$vg" 2>&1 &
vgpid=$!
set +m

suite transcripts t/core/replay t/core/transcripts/*.t
suite api t/core/api
for t in session path sasl; do
	suite "fuzz-replay-$t" "t/fuzz/replay-$t" "t/fuzz/corpus/$t"
done
suite core-bench sh -c 't/bench/core-bench-san -q >/dev/null &&
    echo "ok - t/bench/core-bench -q under ASan and UBSan: every check passed"'
for f in t/*.bats; do
	suite "$f" bats --tap "$f"
done

echo "# the valgrind pass (t/run-valgrind.sh)"
wait "$vgpid"
rc=$?
vgpid=
cat "$vg"
cat "$vg" >> "$log"
if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$vg"; then
	echo "not ok - t/run-valgrind.sh exited with status $rc" | tee -a "$log"
fi

passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^not ok ' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

#!/bin/sh
# Run every test: the core's C drivers (transcripts, API) and the bats
# files, then print one line "N passed, N failed".  A suite that dies
# without reporting (a sanitizer abort, a crash) counts as a failure.
cd "$(dirname "$0")/.." || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

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

suite transcripts t/core/replay t/core/transcripts/*.t
suite api t/core/api
for t in session path sasl; do
	suite "fuzz-replay-$t" "t/fuzz/replay-$t" "t/fuzz/corpus/$t"
done
for f in t/*.bats; do
	suite "$f" bats --tap "$f"
done

passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^not ok ' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

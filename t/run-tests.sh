#!/bin/sh
# Run every test: the core transcripts (t/core/replay) and the bats files,
# then print one line "N passed, N failed".
cd "$(dirname "$0")/.." || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

t/core/replay t/core/transcripts/*.t 2>&1 | tee -a "$log"
if ls t/*.bats >/dev/null 2>&1; then
	bats --tap t/*.bats 2>&1 | tee -a "$log"
fi

passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^not ok ' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

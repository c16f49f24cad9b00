#!/bin/sh
# t/fuzz/run.sh - what "make fuzz" runs: build the libFuzzer targets with
# clang and run each one for a set time on a scratch copy of its seed
# corpus, then say how many inputs it ran, the coverage it reached and
# what it found.
#
#   FUZZ_SECONDS=300        seconds per target
#   FUZZ_TARGETS="session path sasl"
#   FUZZ_DIR=DIR            scratch directory (default: a new one in $TMPDIR)
#   FUZZ_ARGS="..."         more libFuzzer options
#   CLANG=clang             the compiler
#
# Nothing is written under t/fuzz: new inputs and crashes stay in the
# scratch directory, whose name is printed.  A crash worth keeping is
# minimized (./fuzz_TARGET -minimize_crash=1 -runs=100000 FILE) and copied
# into t/fuzz/corpus/TARGET/ by hand, so that make test replays it.
#
# Needs clang and its fuzzer runtime: on Debian 12 the packages clang and
# libclang-rt-14-dev, installed here with apt-get when run as root.
# Exit status: 0 when every target ran clean, 1 when one crashed or broke
# an invariant, 100 when the tools are missing.
set -u
cd "$(dirname "$0")/../.." || exit 100

FUZZ_SECONDS=${FUZZ_SECONDS:-300}
FUZZ_TARGETS=${FUZZ_TARGETS:-"session path sasl"}
FUZZ_ARGS=${FUZZ_ARGS:-}
CORE="src/smtpd.c src/smtpd_cmd.c src/smtpd_parse.c src/smtpd_data.c src/smtpd_sasl.c"
PKGS="clang libclang-rt-14-dev"

case $FUZZ_SECONDS in
''|*[!0-9]*) echo "run.sh: FUZZ_SECONDS must be a number of seconds" >&2
	exit 100 ;;
esac

if [ -z "${CLANG:-}" ]; then
	CLANG=clang
	command -v clang >/dev/null 2>&1 || CLANG=clang-14
fi

scratch=${FUZZ_DIR:-}
if [ -z "$scratch" ]; then
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/smtpd-fuzz.XXXXXX") || exit 100
fi
mkdir -p "$scratch" || exit 100

# Can clang build a fuzzer?  (clang alone lacks the runtime on Debian 12.)
can_fuzz() {
	command -v "$CLANG" >/dev/null 2>&1 || return 1
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
	    '{ (void)d; (void)n; return 0; }' > "$scratch/probe.c"
	"$CLANG" -fsanitize=fuzzer,address,undefined "$scratch/probe.c" \
	    -o "$scratch/probe" >/dev/null 2>&1
}

if ! can_fuzz; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "run.sh: installing $PKGS"
		export DEBIAN_FRONTEND=noninteractive
		# shellcheck disable=SC2086
		apt-get update -q >/dev/null && apt-get install -y -q $PKGS \
		    >/dev/null
		CLANG=clang
	fi
	if ! can_fuzz; then
		echo "run.sh: clang cannot build a libFuzzer target; run:" >&2
		echo "    sudo apt-get update && sudo apt-get install -y $PKGS" >&2
		exit 100
	fi
fi

echo "run.sh: $FUZZ_SECONDS s per target, scratch directory $scratch"
status=0
summary=""
for t in $FUZZ_TARGETS; do
	src=t/fuzz/fuzz_$t.c
	if [ ! -f "$src" ]; then
		echo "run.sh: no target $src" >&2
		status=1
		continue
	fi
	dir=$scratch/$t
	mkdir -p "$dir/corpus" "$dir/crashes" || exit 100
	bin=$dir/fuzz_$t
	# shellcheck disable=SC2086
	if ! "$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -fno-omit-frame-pointer -Isrc \
	    "$src" $CORE -o "$bin"; then
		echo "not ok - fuzz-$t: build failed"
		status=1
		continue
	fi
	# a copy: libFuzzer adds what it finds to its corpus directory
	if [ -d "t/fuzz/corpus/$t" ]; then
		cp t/fuzz/corpus/"$t"/* "$dir/corpus/" 2>/dev/null
	fi
	dict=""
	case $t in
	sasl) [ -f t/fuzz/sasl.dict ] && dict=-dict=t/fuzz/sasl.dict ;;
	*) [ -f t/fuzz/smtp.dict ] && dict=-dict=t/fuzz/smtp.dict ;;
	esac
	echo "run.sh: fuzzing $t for $FUZZ_SECONDS s (log: $dir/log)"
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$bin" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
	    -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
	    -artifact_prefix="$dir/crashes/" $dict $FUZZ_ARGS \
	    "$dir/corpus" > "$dir/log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" |
	    tail -n 1)
	last=$(grep -E '^#[0-9]+' "$dir/log" | tail -n 1)
	cov=$(printf '%s\n' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(printf '%s\n' "$last" | sed -n 's/.*corp: \([^ ]*\).*/\1/p')
	crashes=$(find "$dir/crashes" -type f | wc -l)
	line="fuzz-$t: ${execs:-?} executions in ${secs} s, cov: ${cov:-?} ft: ${ft:-?}, corpus ${corp:-?}, crashes: $crashes"
	if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ]; then
		echo "ok - $line"
	else
		echo "not ok - $line (libFuzzer exit $rc)"
		status=1
		grep -m 3 -E 'invariant broken|ERROR: AddressSanitizer|runtime error|SUMMARY' \
		    "$dir/log" | sed 's/^/#   /'
		for f in "$dir"/crashes/*; do
			[ -f "$f" ] || continue
			echo "#   $f"
			echo "#   minimize: $bin -minimize_crash=1 -runs=100000 $f"
		done
	fi
	summary="$summary$line
"
done
echo "run.sh: summary"
printf '%s' "$summary" | sed 's/^/  /'
echo "run.sh: new inputs and crashes are in $scratch (not in the repository)"
exit $status

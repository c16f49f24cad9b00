# test_helper.bash - shared by the smtp-server bats files (t/1x-*.bats).
#
# A test pipes client bytes into ./smtp-server and checks the bytes that come
# back, the log lines on stderr and what the child programs (the stubs in
# t/bin, see t/bin/stub-lib.sh) received.
#
#   smtp 'EHLO x\r\nQUIT\r\n' [server args...]
#       runs the server under "timeout 20" with the printf-style input
#       (write a literal % as %%); stdout goes to $SMTP_OUT, stderr to
#       $SMTP_ERR, the exit status to $status, the run time to $SMTP_MS;
#       $output holds stdout exactly (CRs kept)
#       (the server gets descriptors 0, 1 and 2 only, and $SMTP_KEEP_FD
#       if set; $SMTP_PREFIX, if set, are words to run it under)
#   smtp --client 'shell code' [server args...]
#       the same, with the client's bytes from the shell code, e.g.
#       "printf 'EHLO x\r\n'; sleep 3"
#   await_output ERE        in a --client script: wait (20 s at most) until
#                            the server has written a line matching ERE,
#                            so that the client knows where the server
#                            stands instead of guessing with a sleep
#   assert_replies LINE...   the server wrote exactly these lines, each
#                            ending in CRLF, and nothing else
#   assert_reply LINE / refute_reply LINE   one line is (is not) LINE
#   assert_log ERE / refute_log ERE         a stderr line matches (or not)
#   assert_log_line TEXT     a whole stderr line is TEXT
#   refute_grep ERE FILE...  the files exist and no line matches
#   make_stub NAME PROGRAM [VAR=VALUE...]   writes $STUBS/NAME, which runs
#                            t/bin/PROGRAM with these STUB_* variables
#   assert_argv FILE ARG...  the stub's record FILE holds exactly this argv
#   stub_runs NAME           how often stub NAME ran
#   stub_env NAME N VAR      VAR in the environment of NAME's N-th run
#                            (fails if it was not set)
#   stub_environ NAME N      that whole environment, sorted
#   stub_fds NAME N          the descriptors it started with, as "0 1 2"
#   stub_fd_target NAME N FD what that descriptor was ("/dev/null", ...)
#   assert_gone PID          the process is gone (or a zombie)

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

bats_require_minimum_version 1.5.0

TOP=${BATS_TEST_DIRNAME%/*}
SERVER=${VALGRIND_LOGS:-$TOP}/${VALGRIND_LOGS:+bin/valgrind-}smtp-server
MAILDIR_PROG=${VALGRIND_LOGS:-$TOP}/${VALGRIND_LOGS:+bin/valgrind-}smtp-maildir
STUB_BIN=$TOP/t/bin

setup_file() {
	make -s -C "$BATS_TEST_DIRNAME/.." smtp-server smtp-maildir >&2
}

setup() {
	# Only what a test sets reaches the server.
	unset TCPREMOTEIP TCP6REMOTEIP REMOTE_ADDR TCPLOCALIP TCP6LOCALIP \
	    TCPREMOTEHOST TCPREMOTEINFO RELAYCLIENT DATABYTES FOO
	STUB_DIR=$BATS_TEST_TMPDIR/stub
	STUBS=$BATS_TEST_TMPDIR/bin
	# The server's TMPDIR (its spool): a directory of the test's own.
	SPOOL=$BATS_TEST_TMPDIR/spool
	mkdir -p "$STUB_DIR" "$STUBS" "$SPOOL"
}

# Microseconds since the epoch, without a fork.
now_us() {
	local t=${EPOCHREALTIME/[.,]/}

	printf -v "$1" '%s' "$t"
}

# Read a whole file into a variable, exactly, without a fork.
slurp() {
	IFS= read -r -d '' "$1" <"$2" || true
}

smtp() {
	local client input t0 t1 rc fd

	if [ "$1" = --client ]; then
		client=$2
		shift 2
	else
		input=$1
		shift
		client='printf -- "$input"'
	fi
	SMTP_OUT=$BATS_TEST_TMPDIR/smtp.out
	SMTP_ERR=$BATS_TEST_TMPDIR/smtp.err
	# nothing from an earlier run for await_output to find
	: >"$SMTP_OUT"
	now_us t0
	eval "$client" | {
		# The server starts as under inetd or tcpserver, with 0, 1 and 2
		# only (bats keeps its own pipes open), plus $SMTP_KEEP_FD when
		# a test hands it one on purpose.
		for fd in /proc/$BASHPID/fd/*; do
			fd=${fd##*/}
			if [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ] &&
			    [ "$fd" != "${SMTP_KEEP_FD:-}" ]; then
				eval "exec $fd>&-"
			fi
		done
		rc=0
		# shellcheck disable=SC2086 # SMTP_PREFIX: words, e.g. strace
		TMPDIR=$SPOOL timeout 20 ${SMTP_PREFIX:-} "$SERVER" "$@" \
		    >"$SMTP_OUT" \
		    2>"$SMTP_ERR" || rc=$?
		printf '%s %s\n' "$rc" "${EPOCHREALTIME/[.,]/}" \
		    >"$BATS_TEST_TMPDIR/smtp.rc"
	}
	read -r status t1 <"$BATS_TEST_TMPDIR/smtp.rc"
	SMTP_MS=$(((t1 - t0) / 1000))
	slurp output "$SMTP_OUT"
}

await_output() {
	local i

	for ((i = 0; i < 400; i++)); do
		grep -Eq -- "$1" "$SMTP_OUT" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# The reply lines of the last run into the array "replies"; fails unless
# every line ends in CRLF and has no other CR.
read_replies() {
	local all line

	replies=()
	slurp all "$SMTP_OUT"
	[ -n "$all" ] || return 0
	if [ "${all: -1}" != $'\n' ]; then
		fail "server output does not end in a line end: '$all'"
		return 1
	fi
	while [ -n "$all" ]; do
		line=${all%%$'\n'*}
		all=${all#*$'\n'}
		case $line in
		*$'\r') line=${line%$'\r'} ;;
		*) fail "reply line without CRLF: '$line'"; return 1 ;;
		esac
		case $line in
		*$'\r'*) fail "bare CR in reply line: '$line'"; return 1 ;;
		esac
		replies+=("$line")
	done
}

assert_replies() {
	local want got

	read_replies || return 1
	want=$(printf '%s\n' "$@")
	got=$(printf '%s\n' "${replies[@]}")
	[ "$#" -eq 0 ] && want=
	[ "${#replies[@]}" -eq 0 ] && got=
	if [ "$want" != "$got" ]; then
		batslib_print_kv_single_or_multi 8 expected "$want" actual "$got" |
		    batslib_decorate 'server replies differ' | fail
		return 1
	fi
}

assert_reply() {
	local r

	read_replies || return 1
	for r in "${replies[@]}"; do
		[ "$r" = "$1" ] && return 0
	done
	batslib_print_kv_single_or_multi 8 expected "$1" replies \
	    "$(printf '%s\n' "${replies[@]}")" |
	    batslib_decorate 'no such reply line' | fail
}

refute_reply() {
	local r

	read_replies || return 1
	for r in "${replies[@]}"; do
		if [ "$r" = "$1" ]; then
			fail "unexpected reply line: '$1'"
			return 1
		fi
	done
}

assert_log() {
	grep -Eq -- "$1" "$SMTP_ERR" && return 0
	batslib_print_kv_single_or_multi 8 pattern "$1" stderr \
	    "$(cat "$SMTP_ERR")" | batslib_decorate 'no matching log line' | fail
}

refute_log() {
	grep -Eq -- "$1" "$SMTP_ERR" || return 0
	batslib_print_kv_single_or_multi 8 pattern "$1" stderr \
	    "$(cat "$SMTP_ERR")" | batslib_decorate 'unexpected log line' | fail
}

# A whole stderr line equal to the string.
assert_log_line() {
	grep -Fxq -- "$1" "$SMTP_ERR" && return 0
	batslib_print_kv_single_or_multi 8 line "$1" stderr \
	    "$(cat "$SMTP_ERR")" | batslib_decorate 'no such log line' | fail
}

# Single-quote a word for /bin/sh into the variable $1.
shquote() {
	local q=\'

	printf -v "$1" "'%s'" "${2//$q/$q\\$q$q}"
}

make_stub() {
	local name=$1 prog=$2 kv w text

	shift 2
	shquote w "$name"
	text="#!/bin/sh"$'\n'"STUB_NAME=$w STUB_ARGV0=\$0"
	shquote w "$STUB_DIR"
	text+=" STUB_DIR=$w"
	for kv in "$@"; do
		shquote w "${kv#*=}"
		text+=" ${kv%%=*}=$w"
	done
	text+=$'\n'"export STUB_NAME STUB_ARGV0 STUB_DIR"
	for kv in "$@"; do
		text+=" ${kv%%=*}"
	done
	shquote w "$STUB_BIN/$prog"
	text+=$'\n'"exec $w \"\$@\""$'\n'
	printf '%s' "$text" >"$STUBS/$name"
	# a rewritten wrapper keeps its mode: chmod (a fork) only once
	[ -x "$STUBS/$name" ] || chmod +x "$STUBS/$name"
}

assert_argv() {
	local file=$1 want got

	shift
	assert [ -f "$file" ]
	want=$(printf '[%s]\n' "$@")
	got=$(cat "$file")
	assert_equal "$got" "$want"
}

stub_runs() {
	local n=0

	while [ -e "$STUB_DIR/$1.argv.$((n + 1))" ]; do
		n=$((n + 1))
	done
	echo "$n"
}

stub_env() {
	local line

	line=$(grep -m 1 "^$3=" "$STUB_DIR/$1.env.$2") || {
		fail "$3 not in the environment of $1 run $2"
		return 1
	}
	printf '%s\n' "${line#*=}"
}

# The environment of run N of stub NAME, sorted, without what the wrapper
# (STUB_*) and /bin/sh (PWD) added.
stub_environ() {
	grep -v -e '^STUB_' -e '^PWD=' "$STUB_DIR/$1.env.$2" | LC_ALL=C sort
}

# A process that is gone: no such pid, or a zombie waiting for its reaper.
assert_gone() {
	local pid=$1 i

	for i in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$pid" 2>/dev/null || return 0
		grep -q '^[0-9]* ([^)]*) Z' "/proc/$pid/stat" 2>/dev/null &&
		    return 0
		sleep 0.1
	done
	fail "process $pid is still running"
}

# No line of the (existing) files matches the ERE.
refute_grep() {
	local pat=$1 f

	shift
	for f in "$@"; do
		if [ ! -f "$f" ]; then
			fail "no such file: $f"
			return 1
		fi
		if grep -Eq -- "$pat" "$f"; then
			fail "'$pat' found in $f: $(grep -E -- "$pat" "$f")"
			return 1
		fi
	done
}

# The descriptors run N of stub NAME started with, as "0 1 2" (without the
# shell's descriptor for the stub script).
stub_fds() {
	awk -v bin="$STUB_BIN/" 'index($2, bin) != 1 { print $1 }' \
	    "$STUB_DIR/$1.fds.$2" | sort -n | paste -s -d ' ' -
}

# The target of descriptor FD of run N of stub NAME.
stub_fd_target() {
	awk -v fd="$3" '$1 == fd { sub(/^[0-9]+ /, ""); print }' \
	    "$STUB_DIR/$1.fds.$2"
}

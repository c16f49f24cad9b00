# t/attack/helper.bash - shared by t/3x-attack-*.bats, loaded after
# t/test_helper.bash (which it relies on: $SERVER, $STUBS, $STUB_DIR, $SPOOL,
# make_stub, stub_runs, fail).
#
#   ATTACK                   this directory: the helper programs below
#   assert_wellformed [FILE] every line of the server's output (default
#                            $SMTP_OUT) is a well-formed reply line:
#                            ^[2-5][0-9][0-9][ -], printable ASCII, CR LF,
#                            at most 512 octets (t/attack/check-replies)
#   hwm_session ERE CLIENT [server args...]
#                            runs the server with the client's bytes from
#                            the shell code CLIENT; once a reply line
#                            matches ERE, reads the server's peak resident
#                            set (VmHWM, kB) into $HWM_KB, then sends QUIT
#                            and waits; sets $status, $SMTP_OUT, $SMTP_ERR,
#                            $SMTP_MS as smtp does
#   make_attack_stub NAME PROGRAM [VAR=VALUE...]
#                            make_stub for a program in t/attack
#
# Helper programs (each documents itself): check-replies, write-parts,
# big-message, no-read-client; stubs for make_attack_stub: sha-deliver,
# dump-child, checkpw-match.

ATTACK=$BATS_TEST_DIRNAME/attack

assert_wellformed() {
	local out

	out=$("$ATTACK/check-replies" "${1:-$SMTP_OUT}") && return 0
	fail "malformed server output: $out"
}

# The process runs (exists and is not a zombie waiting for us).
server_alive() {
	[ -r "/proc/$1/status" ] &&
	    ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

make_attack_stub() {
	local name=$1 prog=$2

	shift 2
	make_stub "$name" "../attack/$prog" "$@"
}

# shellcheck disable=SC2034 # status, SMTP_MS, output: for the caller
hwm_session() {
	local want=$1 client=$2 fifo pid w i t0 t1

	shift 2
	SMTP_OUT=$BATS_TEST_TMPDIR/smtp.out
	SMTP_ERR=$BATS_TEST_TMPDIR/smtp.err
	fifo=$BATS_TEST_TMPDIR/client.fifo
	rm -f "$fifo" "$SMTP_OUT"
	mkfifo "$fifo"
	HWM_KB=
	now_us t0
	# exec in the subshell: $! is the server itself, whose /proc we read
	(
		for fd in "/proc/$BASHPID/fd/"*; do
			fd=${fd##*/}
			if [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ]; then
				eval "exec $fd>&-"
			fi
		done
		TMPDIR=$SPOOL exec "$SERVER" "$@" <"$fifo" >"$SMTP_OUT" \
		    2>"$SMTP_ERR"
	) &
	pid=$!
	exec {w}>"$fifo"
	# a subshell: a server that went away must not SIGPIPE the test
	(eval "$client") 1>&"$w" || true
	# the reply that says the work is done; VmHWM is a high-water mark, so
	# what remains (QUIT, exit) is the only part not measured
	for ((i = 0; i < 1200; i++)); do
		grep -aqE -- "$want" "$SMTP_OUT" 2>/dev/null && break
		server_alive "$pid" || break
		sleep 0.05
	done
	HWM_KB=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$pid/status" \
	    2>/dev/null) || true
	(printf 'QUIT\r\n') 1>&"$w" 2>/dev/null || true
	exec {w}>&-
	for ((i = 0; i < 200; i++)); do
		server_alive "$pid" || break
		sleep 0.05
	done
	server_alive "$pid" && kill -KILL "$pid"
	status=0
	wait "$pid" || status=$?
	now_us t1
	SMTP_MS=$(((t1 - t0) / 1000))
	slurp output "$SMTP_OUT"
	if [ -z "$HWM_KB" ]; then
		fail "no VmHWM for the server (pid $pid): it exited before '$want'"
		return 1
	fi
}

#!/usr/bin/env bats
# 40-load.bats - smtp-server under load behind tcpserver on 127.0.0.1:
# 200 concurrent sessions of 50 messages each, mixed (one command at a time
# or PIPELINING, plain or STARTTLS, with or without AUTH), delivered by
# ./smtp-maildir; then every message answered 250 must be in the Maildir
# exactly once and byte for byte, nothing else may be, and nothing may be
# left behind (tmp/, the server's TMPDIR, processes).  Long single sessions
# check that descriptors do not leak from message to message.
#
# The client is t/load/smtp-load.py (Python standard library only); it
# prints one "name value" line per figure.  The figures go to the TAP
# output as comments.  tcpserver runs in a session of its own; everything
# in that session is killed in teardown.

load test_helper

eval "helper_$(declare -f setup_file)"
eval "helper_$(declare -f setup)"

LOAD=$TOP/t/load/smtp-load.py
# The issue asks for 200 x 50.  LOAD_SESSIONS and LOAD_MESSAGES override
# them (for a quick run while working; the test name shows the numbers).
SESSIONS=${LOAD_SESSIONS:-200}
MESSAGES=${LOAD_MESSAGES:-50}

setup_file() {
	helper_setup_file
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	    -addext subjectAltName=DNS:localhost \
	    -keyout "$BATS_FILE_TMPDIR/key.pem" \
	    -out "$BATS_FILE_TMPDIR/cert.pem" 2>/dev/null
	# checkpassword: user\0password\0timestamp\0 on fd 3; alice/secret
	# is the one user it knows.
	cat >"$BATS_FILE_TMPDIR/checkpw" <<'EOF'
#!/bin/sh
creds=$(head -c 1024 <&3 | tr '\0' '\n')
user=$(printf '%s\n' "$creds" | sed -n 1p)
pass=$(printf '%s\n' "$creds" | sed -n 2p)
[ "$user" = alice ] && [ "$pass" = secret ] && exit 0
exit 1
EOF
	chmod +x "$BATS_FILE_TMPDIR/checkpw"
}

setup() {
	helper_setup
	CERT=$BATS_FILE_TMPDIR/cert.pem
	KEY=$BATS_FILE_TMPDIR/key.pem
	CHECKPW=$BATS_FILE_TMPDIR/checkpw
	D=$BATS_TEST_TMPDIR
	MD=$D/maildir
	SESSIONS_FILE=$D/sessions
	: >"$SESSIONS_FILE"
}

teardown() {
	local sid pid i

	# tcpserver leads a session (and process group) of its own; what it
	# started, and what they started in process groups of their own, is
	# in that session.  Processes are found by their session id, so that
	# a reused pid is never hit.
	while read -r sid; do
		[ -n "$sid" ] || continue
		for pid in $(session_pids "$sid"); do
			kill -TERM "$pid" 2>/dev/null || true
		done
		for i in $(seq 20); do
			[ -z "$(session_pids "$sid")" ] && break
			sleep 0.1
		done
		for pid in $(session_pids "$sid"); do
			kill -KILL "$pid" 2>/dev/null || true
		done
		wait "$sid" 2>/dev/null || true
	done <"$SESSIONS_FILE"
}

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

wait_port() {
	local i

	for i in $(seq 50); do
		ss -Hltn "sport = :$1" | grep -q . && return 0
		sleep 0.1
	done
	echo "nothing listens on 127.0.0.1:$1" >&2
	return 1
}

# The live processes of session SID, its leader included unless LEADER is
# "no".  Zombies are left out: they are gone, only not yet reaped.
session_pids() {
	local sid=$1 leader=${2:-yes} stat pid rest

	for stat in /proc/[0-9]*/stat; do
		{ IFS= read -r rest <"$stat"; } 2>/dev/null || continue
		pid=${rest%% *}
		[ "$pid" = "$sid" ] && [ "$leader" = no ] && continue
		# after "pid (comm) ": state ppid pgrp session
		# shellcheck disable=SC2086 # split into fields on purpose
		set -- ${rest##*) }
		[ "$4" = "$sid" ] && [ "$1" != Z ] && printf '%s ' "$pid"
	done
	return 0
}

# start_tcpserver [smtp-server options]: tcpserver on 127.0.0.1:$PORT with
# a fresh TMPDIR ($SPOOL), delivering with smtp-maildir into $MD.  Its pid
# (its own process group and session) is $TCPSERVER.
start_tcpserver() {
	PORT=$(free_port)
	LOG=$D/server.log
	(
		# Descriptors 0, 1 and 2 only, as from init (bats has more).
		for fd in /proc/$BASHPID/fd/*; do
			fd=${fd##*/}
			if [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ]; then
				eval "exec $fd>&-"
			fi
		done
		# setsid without a fork: a background job is no group leader
		exec env TMPDIR="$SPOOL" setsid tcpserver -c 250 -q -R -H \
		    127.0.0.1 "$PORT" "$SERVER" -h mx.test "$@" \
		    "$MAILDIR_PROG" "$MD" </dev/null >"$LOG" 2>&1
	) &
	TCPSERVER=$!
	echo "$TCPSERVER" >>"$SESSIONS_FILE"
	wait_port "$PORT"
}

# The value of figure NAME in the client's output (kept in $LOAD_OUT).
figure() {
	sed -n "s/^$1 //p" <<<"$LOAD_OUT"
}

# Nothing is left: no process in tcpserver's session but tcpserver, an
# empty tmp/ and an empty TMPDIR.
assert_nothing_left() {
	local i left

	for i in $(seq 50); do
		left=$(session_pids "$TCPSERVER" no)
		[ -z "$left" ] && break
		sleep 0.1
	done
	[ -z "$left" ] || fail "processes left in tcpserver's session: $(
	    for i in $left; do printf '%s:%s ' "$i" "$(cat "/proc/$i/comm")"
	    done)"
	run ls -A "$MD/tmp"
	assert_output ''
	run ls -A "$SPOOL"
	assert_output ''
}

@test "load: $SESSIONS concurrent sessions x $MESSAGES messages (plain, PIPELINING, STARTTLS, AUTH): each 250 in new/ exactly once and byte-exact, nothing else, nothing left" {
	local t0 t1 acked

	start_tcpserver -c "$CERT" -k "$KEY" -a "$CHECKPW"
	t0=${EPOCHREALTIME/[.,]/}
	run -0 timeout 600 python3 "$LOAD" --port "$PORT" --maildir "$MD" \
	    --server-pid "$TCPSERVER" --ca "$CERT" \
	    --sessions "$SESSIONS" --messages "$MESSAGES"
	t1=${EPOCHREALTIME/[.,]/}
	LOAD_OUT=$output
	# all sessions at once: one smtp-server each, all alive together
	assert_equal "$(figure concurrent_servers)" "$SESSIONS"
	assert_equal "$(figure problems)" 0
	# Every 17th message (the 10th, 27th and 44th of each session) has a
	# bare LF and got 550; every 40th session dropped the connection in
	# its last message; everything else got 250.  For 200 x 50: 9395
	# accepted, 600 refused, 5 cut off.
	acked=$(figure acked)
	assert_equal "$acked" "$(figure planned_ok)"
	assert_equal "$(figure refused)" "$(figure planned_refused)"
	assert_equal "$(figure dropped)" $((SESSIONS / 40))
	if [ "$SESSIONS" = 200 ] && [ "$MESSAGES" = 50 ]; then
		assert_equal "$acked" 9395
		assert_equal "$(figure refused)" 600
	fi
	run ls "$MD/new"
	assert_equal "${#lines[@]}" "$acked"
	assert_nothing_left
	# One connect and one end per session, one accepted message per
	# 250, and the refusals and drops as they were.
	run grep -c 'info: connect ip=127\.0\.0\.1$' "$LOG"
	assert_output "$SESSIONS"
	run grep -c 'info: end ip=127\.0\.0\.1 reason=quit ' "$LOG"
	assert_output $((SESSIONS - SESSIONS / 40))
	run grep -c 'info: end ip=127\.0\.0\.1 reason=client-closed ' "$LOG"
	assert_output $((SESSIONS / 40))
	run grep -c 'info: message .* exit=0 result=accept$' "$LOG"
	assert_output "$acked"
	run grep -c 'info: auth mechanism=PLAIN user="alice" exit=0 result=accept$' "$LOG"
	assert_output $((SESSIONS * 2 / 5))
	run grep -c 'info: tls session="TLSv1\.3 ' "$LOG"
	assert_output $((SESSIONS * 3 / 5))
	run grep -v ': info: ' "$LOG"
	assert_output ''
	printf '# load: %s sessions x %s messages: %s accepted in %s s (client %s s): %s messages/s, %s MB; CPU: server side %s s, client %s s\n' \
	    "$SESSIONS" "$MESSAGES" "$acked" "$(figure wall_s)" \
	    "$(((t1 - t0) / 1000000)).$(((t1 - t0) / 100000 % 10))" \
	    "$(figure msgs_per_s)" \
	    "$(($(figure acked_bytes) / 1000000))" "$(figure server_cpu_s)" \
	    "$(figure client_cpu_s)" >&3
}

# One session of 200 messages of KIND; the descriptors of its smtp-server
# after message 1 and after message 200 are the same ones.
long_session_fds() {
	local after1 after200

	start_tcpserver -c "$CERT" -k "$KEY" -a "$CHECKPW"
	run -0 timeout 300 python3 "$LOAD" --port "$PORT" --maildir "$MD" \
	    --server-pid "$TCPSERVER" --ca "$CERT" --sessions 1 \
	    --messages 200 --only "$1" --fd-probe
	LOAD_OUT=$output
	assert_equal "$(figure problems)" 0
	assert_equal "$(figure acked)" 200
	after1=$(sed -n 's/^fds 1 //p' <<<"$output")
	after200=$(sed -n 's/^fds 200 //p' <<<"$output")
	[ -n "$after1" ] || fail "no descriptor count after message 1"
	# "COUNT pid=PID fd:target ...": the same count and the same
	# descriptors (the socket on 0 and 1, the log on 2, nothing else)
	assert_equal "$after200" "$after1"
	assert_regex "$after1" '^3 pid=[0-9]+ 0:socket:\[[0-9]+\] 1:socket:\[[0-9]+\] 2:(pipe:\[[0-9]+\]|/.*)$'
	run ls "$MD/new"
	assert_equal "${#lines[@]}" 200
	assert_nothing_left
}

@test "load: one plain session of 200 messages: smtp-server has the same 3 descriptors after message 1 and message 200" {
	long_session_fds plain
}

@test "load: one STARTTLS+AUTH pipelined session of 200 messages: the same 3 descriptors after message 1 and message 200" {
	long_session_fds tls-auth-pipelined
}

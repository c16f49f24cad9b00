#!/usr/bin/env bats
# 41-faults.bats - smtp-server and smtp-maildir when things go wrong: the
# client goes away in the middle of DATA, AUTH or the TLS handshake; the
# delivery program crashes, hangs, fails or prints nonsense; the spool or the
# Maildir fills up; smtp-server or smtp-maildir is killed with SIGKILL.
#
# Each case checks its own outcome, and every case checks the two promises
# of the whole design: what was acknowledged with 250 is in new/ (exactly
# once, complete), and no partial message ever appears in new/.
#
# Sessions run over pipes: either the helper's smtp (t/test_helper.bash), or
# start_session below, which keeps the server's pid so that a test can look
# at its descriptors or kill it.  Mounts (tmpfs, root only) and every
# process a test started are removed in teardown.

load test_helper

eval "helper_$(declare -f setup_file)"
eval "helper_$(declare -f setup)"

MKMSG=$TOP/t/load/make-message.py
FROM=a@example.org
TO=b@example.net

setup_file() {
	helper_setup_file
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	    -keyout "$BATS_FILE_TMPDIR/key.pem" \
	    -out "$BATS_FILE_TMPDIR/cert.pem" 2>/dev/null
	# The first flight of a real TLS client (a ClientHello), to cut short.
	python3 - "$BATS_FILE_TMPDIR/clienthello" <<'EOF'
import ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
out = ssl.MemoryBIO()
tls = ctx.wrap_bio(ssl.MemoryBIO(), out, server_hostname="localhost")
try:
    tls.do_handshake()
except ssl.SSLWantReadError:
    pass
open(sys.argv[1], "wb").write(out.read())
EOF
}

setup() {
	helper_setup
	CERT=$BATS_FILE_TMPDIR/cert.pem
	KEY=$BATS_FILE_TMPDIR/key.pem
	D=$BATS_TEST_TMPDIR
	MD=$D/maildir
	mkdir -p "$MD/new" "$MD/cur" "$MD/tmp"
	: >"$D/sessions"
	: >"$D/mounts"
	: >"$D/modes"
	write_deliver
}

teardown() {
	local sid pid mnt

	exec 8>&- 2>/dev/null || true
	# Every process still in a session a test started (the server, and
	# what it ran in process groups of its own), found by its session id,
	# so that a reused pid is never hit.
	while read -r sid; do
		[ -n "$sid" ] || continue
		for pid in $(session_pids "$sid"); do
			kill -KILL "$pid" 2>/dev/null || true
		done
		wait "$sid" 2>/dev/null || true
	done <"$D/sessions"
	while read -r mnt; do
		[ -n "$mnt" ] || continue
		umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true
	done <"$D/mounts"
}

# The live processes of session SID (even those in process groups of
# their own, as delivery programs are), its leader included unless LEADER
# is "no".  Zombies are left out: they are gone, only not yet reaped.
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

# The delivery program: run N (counted in $D/run.N, which holds its pid)
# does what line N of $D/modes says:
#   ok (or no line)   exec smtp-maildir $MD RCPT...
#   segv              read a little, then kill itself with SIGSEGV
#   hang              start a child that sleeps, wait for it
#   say CODE LINE     read the message, print LINE (printf %b), exit CODE
#   deliver-say LINE  deliver with smtp-maildir, then print LINE, exit 0
#   kill9             start smtp-maildir, feed it 150000 octets, wait
#                     until its file in tmp/ holds at least 64 KiB, kill it
#                     with SIGKILL; exit with its status (137)
write_deliver() {
	DELIVER=$D/deliver
	cat >"$DELIVER" <<EOF
#!/bin/sh
D='$D' MD='$MD' MAILDIR_PROG='$MAILDIR_PROG'
EOF
	cat >>"$DELIVER" <<'EOF'
n=1
while [ -e "$D/run.$n" ]; do n=$((n + 1)); done
echo $$ >"$D/run.$n"
mode=$(sed -n "${n}p" "$D/modes")
case $mode in
'' | ok)
	exec "$MAILDIR_PROG" "$MD" "$@" ;;
segv)
	head -c 1000 >/dev/null
	ulimit -c 0
	kill -SEGV $$
	sleep 5
	exit 0 ;;
hang)
	sleep 60 &
	echo $! >"$D/hang.child.$n"
	wait
	exit 0 ;;
'say '*)
	cat >/dev/null
	set -- ${mode#say }
	code=$1
	line=${mode#say $code}
	printf '%b\n' "${line# }"
	exit "$code" ;;
'deliver-say '*)
	"$MAILDIR_PROG" "$MD" "$@" >/dev/null || exit $?
	printf '%b\n' "${mode#deliver-say }"
	exit 0 ;;
kill9)
	mkfifo "$D/feed.$n"
	"$MAILDIR_PROG" "$MD" "$@" <"$D/feed.$n" >/dev/null &
	mpid=$!
	echo $mpid >"$D/maildir.pid.$n"
	exec 4>"$D/feed.$n"
	head -c 150000 >&4
	i=0
	size=0
	while [ $i -lt 200 ]; do
		size=$(find "$MD/tmp" -type f -printf '%s\n' | head -n 1)
		[ "${size:-0}" -ge 65536 ] && break
		sleep 0.05
		i=$((i + 1))
	done
	echo "${size:-0}" >"$D/partial.$n"
	kill -KILL $mpid
	wait $mpid
	st=$?
	exec 4>&-
	exit $st ;;
esac
echo "deliver: unknown mode: $mode" >&2
exit 100
EOF
	chmod +x "$DELIVER"
}

# Modes of the delivery runs, in order.
modes() {
	printf '%s\n' "$@" >"$D/modes"
}

runs() {
	local n=0

	while [ -e "$D/run.$((n + 1))" ]; do
		n=$((n + 1))
	done
	echo "$n"
}

# message SIZE NAME...: $D/NAME.wire (to send after 354, without the
# final dot) and $D/NAME.expect (what the Maildir must hold after the
# headers), about SIZE octets each.
message() {
	python3 "$MKMSG" "$1" "$D" "${@:2}"
}

# The printf-ready words of one transaction: MAIL, RCPT, DATA.
TX="MAIL FROM:<$FROM>\r\nRCPT TO:<$TO>\r\nDATA\r\n"

# client NAME...: shell code for the helper's "smtp --client": EHLO, then
# one transaction per message NAME ($D/NAME.wire and the final dot), QUIT.
client() {
	local name code="printf 'EHLO c\\r\\n'"

	for name in "$@"; do
		code+="; printf '$TX'; cat '$D/$name.wire'; printf '.\\r\\n'"
	done
	printf '%s; printf '\''QUIT\\r\\n'\''\n' "$code"
}

# ------------------------------------------------------------ sessions

# start_session ARGS...: smtp-server ARGS in a session of its own (pid and
# session id $SPID), stdin from the FIFO $D/in whose writing end this shell
# holds on fd 8, replies into $D/out, log into $D/err; TMPDIR is $SPOOL.
start_session() {
	rm -f "$D/in"
	mkfifo "$D/in"
	SMTP_OUT=$D/out
	SMTP_ERR=$D/err
	(
		for fd in /proc/$BASHPID/fd/*; do
			fd=${fd##*/}
			if [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ]; then
				eval "exec $fd>&-"
			fi
		done
		exec env TMPDIR="$SPOOL" setsid "$SERVER" "$@" \
		    <"$D/in" >"$D/out" 2>"$D/err"
	) &
	SPID=$!
	echo "$SPID" >>"$D/sessions"
	exec 8>"$D/in"
}

send() {
	printf -- "$1" >&8
}

send_file() {
	cat -- "$1" >&8
}

# wait_reply LINE [SECONDS]: until the server has written the reply line
# LINE (an ERE for the whole line, without its CRLF).
wait_reply() {
	local i

	for i in $(seq $((${2:-10} * 20))); do
		grep -Eq "^($1)"$'\r$' "$D/out" && return 0
		sleep 0.05
	done
	fail "no reply line '$1' in $(cat -v "$D/out")"
}

# end_session: close the server's stdin, wait (10 s at most) for its exit
# status into $status.
end_session() {
	local i

	exec 8>&-
	for i in $(seq 100); do
		kill -0 "$SPID" 2>/dev/null || break
		grep -q '^[0-9]* ([^)]*) Z' "/proc/$SPID/stat" 2>/dev/null && break
		sleep 0.1
	done
	status=0
	wait "$SPID" || status=$?
}

# A descriptor of the server open on a file in $SPOOL (its spool file).
spool_fd() {
	local fd

	for fd in /proc/"$SPID"/fd/*; do
		case $(readlink "$fd") in
		"$SPOOL"/valgrind_*) ;;	# valgrind's own (t/run-valgrind.sh)
		"$SPOOL"/*) echo "${fd##*/}"; return 0 ;;
		esac
	done
	return 1
}

# wait_spool OCTETS: until the server's spool file holds that much.
wait_spool() {
	local i fd size

	for i in $(seq 200); do
		if fd=$(spool_fd); then
			size=$(stat -L -c %s "/proc/$SPID/fd/$fd" 2>/dev/null)
			[ "${size:-0}" -ge "$1" ] && return 0
		fi
		sleep 0.05
	done
	fail "the spool file of $SPID never reached $1 octets"
}

# ------------------------------------------------------------- checks

# assert_delivered NAME...: new/ holds exactly these messages, each once
# and complete: Return-Path, Delivered-To, the Received: line, then
# NAME.expect byte for byte.  tmp/ is empty unless ALLOW_TMP is set.
assert_delivered() {
	local f name n files=()

	[ -d "$MD/new" ] || fail "no $MD/new"
	for f in "$MD"/new/*; do
		[ -e "$f" ] && files+=("$f")
	done
	assert_equal "${#files[@]}" "$#"
	for name in "$@"; do
		n=0
		for f in "${files[@]}"; do
			grep -qFx "Message-ID: <$name@faults.test>" "$f" || continue
			n=$((n + 1))
			sed -n '1,2p' "$f" >"$D/got.head"
			printf 'Return-Path: <%s>\nDelivered-To: %s\n' "$FROM" \
			    "$TO" >"$D/want.head"
			cmp -s "$D/got.head" "$D/want.head" ||
			    fail "$f: headers: $(cat "$D/got.head")"
			sed -n 3p "$f" | grep -q '^Received: from ' ||
			    fail "$f: no Received: line third"
			# the Received: line has three lines (one recipient)
			tail -n +6 "$f" >"$D/got.body"
			cmp -s "$D/got.body" "$D/$name.expect" ||
			    fail "$f differs from $name.expect: $(cmp "$D/got.body" "$D/$name.expect")"
		done
		[ "$n" = 1 ] || fail "$name is in new/ $n times"
	done
	if [ -z "${ALLOW_TMP:-}" ]; then
		run ls -A "$MD/tmp"
		assert_output ''
	fi
}

# Nothing of the server is left: its spool directory is empty and no
# process of its session remains.
assert_nothing_left() {
	local i left

	run ls -A "$SPOOL"
	assert_output ''
	for i in $(seq 50); do
		left=$(session_pids "$SPID" no)
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	fail "processes left in the session of $SPID: $left"
}

# The server's output after "220 2.0.0 Ready to start TLS" is nothing but
# TLS alert records (content type 21), if anything; the part up to and
# including that line is put into $D/smtp-part.
assert_tls_after_220() {
	local all head

	slurp all "$SMTP_OUT"
	head=${all%%$'220 2.0.0 Ready to start TLS\r\n'*}
	[ "$head" != "$all" ] || fail "no 220 to STARTTLS"
	head+=$'220 2.0.0 Ready to start TLS\r\n'
	printf '%s' "$head" >"$D/smtp-part"
	tail -c +"$(($(stat -c %s "$D/smtp-part") + 1))" "$SMTP_OUT" >"$D/after-220"
	run python3 "$TOP/t/load/tls-records.py" --only 21 "$D/after-220"
	assert_success
}

# mount_tmpfs DIR SIZE (root only; the only reason to skip).
mount_tmpfs() {
	[ "$(id -u)" = 0 ] || skip "mounting a tmpfs needs root"
	mkdir -p "$1"
	mount -t tmpfs -o "size=$2" tmpfs "$1"
	echo "$1" >>"$D/mounts"
}

# ======================================================== the client goes

@test "client disconnects mid-DATA: no delivery program run, nothing in new/ or tmp/, the spool file gone" {
	message 200000 m1
	start_session -h mx.test "$DELIVER"
	send "EHLO c\r\n$TX"
	wait_reply '354 .*'
	head -c 100000 "$D/m1.wire" >&8
	# The message was being spooled: an unnamed file in $SPOOL.
	wait_spool 32768
	end_session
	assert_equal "$status" 0
	assert_log 'info: end ip=unknown reason=client-closed messages=0 accepted=0$'
	refute_log 'info: message '
	assert_equal "$(runs)" 0
	assert_delivered
	assert_nothing_left
}

@test "client disconnects mid-DATA after a delivered message: the first stays, the second never runs" {
	message 3000 m1
	message 200000 m2
	start_session -h mx.test "$DELIVER"
	send "EHLO c\r\n$TX"
	wait_reply '354 .*'
	send_file "$D/m1.wire"
	send ".\r\n$TX"
	wait_reply '250 2\.0\.0 Ok: delivered as .*'
	wait_reply '354 .*'
	head -c 150000 "$D/m2.wire" >&8
	wait_spool 32768
	end_session
	assert_equal "$status" 0
	assert_log 'reason=client-closed messages=1 accepted=1$'
	assert_equal "$(runs)" 1
	assert_delivered m1
	assert_nothing_left
}

@test "client disconnects mid-AUTH: checkpassword is never run" {
	local cred

	make_stub checkpw fake-checkpassword
	cred=$(printf '\0alice\0secret' | base64)
	# the control: a whole exchange runs it
	smtp "EHLO c\r\nAUTH PLAIN $cred\r\nQUIT\r\n" -A -a "$STUBS/checkpw" \
	    -h mx.test "$DELIVER"
	assert_reply '235 2.7.0 Authentication successful'
	assert_equal "$(stub_runs checkpw)" 1
	rm -f "$STUB_DIR"/checkpw.*

	# AUTH LOGIN: the user name, then the client goes
	smtp --client "printf 'EHLO c\r\nAUTH LOGIN\r\n'; sleep 0.2; printf 'YWxpY2U=\r\n'; sleep 0.3" \
	    -A -a "$STUBS/checkpw" -h mx.test "$DELIVER"
	assert_success
	assert_reply '334 VXNlcm5hbWU6'
	assert_reply '334 UGFzc3dvcmQ6'
	assert_log 'reason=client-closed '
	refute_log 'info: auth '
	# AUTH PLAIN, 334, then half a response line without its CRLF
	smtp --client "printf 'EHLO c\r\nAUTH PLAIN\r\n'; sleep 0.2; printf '${cred:0:8}'; sleep 0.3" \
	    -A -a "$STUBS/checkpw" -h mx.test "$DELIVER"
	assert_success
	assert_reply '334 '
	assert_log 'reason=client-closed '
	refute_log 'info: auth '
	# AUTH PLAIN with its initial response cut before the CRLF
	smtp --client "printf 'EHLO c\r\nAUTH PLAIN $cred'; sleep 0.3" \
	    -A -a "$STUBS/checkpw" -h mx.test "$DELIVER"
	assert_success
	refute_reply '235 2.7.0 Authentication successful'
	assert_log 'reason=client-closed '
	refute_log 'info: auth '
	assert_equal "$(stub_runs checkpw)" 0
	assert_equal "$(runs)" 0
}

@test "client disconnects mid-TLS-handshake: exit 0, tls result=failed, not another byte" {
	local size

	size=$(stat -c %s "$BATS_FILE_TMPDIR/clienthello")
	[ "$size" -gt 100 ]
	# half a ClientHello, then the connection is gone
	smtp --client "printf 'EHLO c\r\nSTARTTLS\r\n'; sleep 0.3; head -c $((size / 2)) '$BATS_FILE_TMPDIR/clienthello'; sleep 0.3" \
	    -h mx.test -c "$CERT" -k "$KEY" "$DELIVER"
	assert_success
	# After the 220 only TLS may speak: a fatal alert, no SMTP byte.
	assert_tls_after_220
	SMTP_OUT=$D/smtp-part
	assert_replies '220 mx.test ESMTP' 250-mx.test 250-PIPELINING \
	    '250-SIZE 10485760' 250-STARTTLS 250-8BITMIME \
	    250-ENHANCEDSTATUSCODES '250 SMTPUTF8' '220 2.0.0 Ready to start TLS'
	assert_log 'info: tls result=failed error='
	assert_log 'info: end ip=unknown reason=tls-failed messages=0 accepted=0$'
	# no wait for the -t timeout (300 s): the end of input ended it
	assert [ "$SMTP_MS" -lt 5000 ]

	# nothing at all after the 220
	smtp --client "printf 'EHLO c\r\nSTARTTLS\r\n'; sleep 0.3" \
	    -h mx.test -c "$CERT" -k "$KEY" "$DELIVER"
	assert_success
	assert_tls_after_220
	SMTP_OUT=$D/smtp-part
	read_replies
	assert_equal "${replies[-1]}" '220 2.0.0 Ready to start TLS'
	assert_log 'info: tls result=failed error='
	assert_log 'reason=tls-failed '

	# implicit TLS (-T): half a ClientHello and no greeting at all
	smtp --client "head -c $((size / 2)) '$BATS_FILE_TMPDIR/clienthello'; sleep 0.3" \
	    -T -h mx.test -c "$CERT" -k "$KEY" "$DELIVER"
	assert_success
	run python3 "$TOP/t/load/tls-records.py" --only 21 "$SMTP_OUT"
	assert_success
	assert_log 'info: tls result=failed error='
	assert_log 'reason=tls-failed '
	assert_equal "$(runs)" 0
}

# ================================================ the delivery program

@test "delivery program crashes (SIGSEGV): 451 4.3.0, nothing in new/; the next message is delivered" {
	message 5000 m1 m2
	modes segv ok
	smtp --client "$(client m1 m2)" -h mx.test "$DELIVER"
	assert_success
	assert_reply '451 4.3.0 Message not accepted now, try again later'
	assert_log 'info: message from="a@example\.org" rcpts=1 size=[0-9]+ signal=11 result=tempfail$'
	read_replies
	assert_regex "${replies[-2]}" '^250 2\.0\.0 Ok: delivered as '
	assert_equal "$(runs)" 2
	assert_delivered m2
}

@test "delivery program hangs past -w 1: 451 4.3.0 within 1-2 s, it and its child killed; the next message is delivered" {
	local t0 t1 ms

	message 5000 m1 m2
	modes hang ok
	start_session -w 1 -h mx.test "$DELIVER"
	send "EHLO c\r\n$TX"
	wait_reply '354 .*'
	send_file "$D/m1.wire"
	now_us t0
	send ".\r\n"
	wait_reply '451 4\.3\.0 Message not accepted now, try again later' 5
	now_us t1
	ms=$(((t1 - t0) / 1000))
	[ "$ms" -ge 900 ] || fail "451 after $ms ms, before the 1 s limit"
	[ "$ms" -le 2500 ] || fail "451 only after $ms ms"
	assert_log 'info: message .* child=timeout result=tempfail$'
	# the program and the child it started are gone
	assert_gone "$(cat "$D/run.1")"
	assert_gone "$(cat "$D/hang.child.1")"
	send "$TX"
	wait_reply '354 .*'
	send_file "$D/m2.wire"
	send ".\r\nQUIT\r\n"
	wait_reply '221 .*'
	end_session
	assert_equal "$status" 0
	assert_delivered m2
	assert_nothing_left
}

@test "delivery program exits 100 / 111 / 75: 554 5.6.0 / 451 4.3.0 / 451 4.3.0; only the accepted message in new/" {
	message 2000 m1 m2 m3 m4
	modes 'say 100' 'say 111' 'say 75' ok
	smtp --client "$(client m1 m2 m3 m4)" -h mx.test "$DELIVER"
	assert_success
	read_replies
	# greeting, 6 EHLO lines, then 4 x (MAIL, RCPT, 354, final), QUIT
	assert_equal "${#replies[@]}" 24
	assert_equal "${replies[10]}" '554 5.6.0 Message refused by the delivery program'
	assert_equal "${replies[14]}" '451 4.3.0 Message not accepted now, try again later'
	assert_equal "${replies[18]}" '451 4.3.0 Message not accepted now, try again later'
	assert_regex "${replies[22]}" '^250 2\.0\.0 Ok: delivered as '
	assert_log ' exit=100 result=reject$'
	assert_log ' exit=111 result=tempfail$'
	assert_log ' exit=75 result=tempfail$'
	assert_delivered m4
}

@test "delivery program writes a malformed reply line: the default reply is used" {
	local long i want=()

	long="250 2.0.0 $(printf '%0600d' 0)"
	# exit 0 after a real delivery, then a line that must not be the reply
	modes 'deliver-say 250-2.0.0 a continuation line' \
	    'deliver-say 25 short' \
	    'deliver-say hello world' \
	    'deliver-say ' \
	    'deliver-say 451 4.3.0 a 4xx line for a success' \
	    'deliver-say 554 5.0.0 a 5xx line for a success' \
	    'deliver-say 250 2.0.0 a bare\rCR inside' \
	    'deliver-say 250 2.0.0 caf\0303\0251 8-bit' \
	    "deliver-say $long" \
	    'say 111 250 2.0.0 a success line for a failure' \
	    'say 100 250 2.0.0 a success line for a refusal' \
	    'say 100 451 4.3.0 a 4xx line for a refusal'
	message 1000 m1 m2 m3 m4 m5 m6 m7 m8 m9 m10 m11 m12
	smtp --client "$(client m1 m2 m3 m4 m5 m6 m7 m8 m9 m10 m11 m12)" \
	    -h mx.test "$DELIVER"
	assert_success
	read_replies
	assert_equal "${#replies[@]}" $((7 + 12 * 4 + 1))
	for i in $(seq 9); do
		want+=('250 2.0.0 Message accepted')
	done
	want+=('451 4.3.0 Message not accepted now, try again later'
	    '554 5.6.0 Message refused by the delivery program'
	    '554 5.6.0 Message refused by the delivery program')
	for i in $(seq 0 11); do
		assert_equal "${replies[$((7 + i * 4 + 3))]}" "${want[$i]}"
	done
	assert_equal "$(runs)" 12
	assert_delivered m1 m2 m3 m4 m5 m6 m7 m8 m9
}

# ======================================================== full disks

@test "spool full (TMPDIR on a 256 KiB tmpfs): a 1 MiB message gets 451 4.3.0 or 452 at the end, nothing delivered; then a small one is" {
	mount_tmpfs "$SPOOL" 256k
	message 1048576 big
	message 2000 small
	smtp --client "$(client big small)" -h mx.test "$DELIVER"
	assert_success
	read_replies
	assert_equal "${#replies[@]}" 16
	# no reply before the end of the message: MAIL, RCPT, 354, then the
	# verdict on the whole message
	assert_equal "${replies[9]}" '354 End data with <CR><LF>.<CR><LF>'
	assert_regex "${replies[10]}" '^(451 4\.3\.0|452) '
	assert_regex "${replies[14]}" '^250 2\.0\.0 Ok: delivered as '
	# the delivery program ran for the small message only
	assert_equal "$(runs)" 1
	assert_delivered small
	# the space is back: nothing of the spool file remains
	run ls -A "$SPOOL"
	assert_output ''
	run df --output=used "$SPOOL"
	assert_line --index 1 --regexp '^ *0$'
}

@test "Maildir full (a 64 KiB tmpfs): 451 4.3.0, nothing in new/ or tmp/; then a small message is delivered" {
	MD=$D/full/Maildir
	mount_tmpfs "$D/full" 64k
	write_deliver
	message 262144 big
	message 2000 small
	smtp --client "$(client big small)" -h mx.test "$DELIVER"
	assert_success
	read_replies
	assert_equal "${#replies[@]}" 16
	assert_regex "${replies[10]}" '^451 4\.3\.0 '
	assert_regex "${replies[14]}" '^250 2\.0\.0 Ok: delivered as '
	assert_log ' exit=111 result=tempfail$'
	assert_log '^smtp-maildir: fatal: unable to .*: No space left on device$'
	assert_equal "$(runs)" 2
	assert_delivered small
}

# ======================================================== SIGKILL

@test "kill -9 of smtp-server mid-message: no delivery, nothing in new/ or tmp/, no spool file" {
	message 3000 m1
	message 300000 m2
	start_session -h mx.test "$DELIVER"
	send "EHLO c\r\n$TX"
	wait_reply '354 .*'
	send_file "$D/m1.wire"
	send ".\r\n$TX"
	wait_reply '250 2\.0\.0 Ok: delivered as .*'
	wait_reply '354 .*'
	head -c 200000 "$D/m2.wire" >&8
	wait_spool 65536
	kill -KILL "$SPID"
	end_session
	assert_equal "$status" 137
	assert_equal "$(runs)" 1
	# the acknowledged message is there, the killed one is not
	assert_delivered m1
	assert_nothing_left
}

@test "kill -9 of smtp-maildir mid-delivery: the client gets 451, no partial message in new/; the next message is delivered" {
	local partial

	message 300000 m1
	message 3000 m2
	modes kill9 ok
	start_session -h mx.test "$DELIVER"
	send "EHLO c\r\n$TX"
	wait_reply '354 .*'
	send_file "$D/m1.wire"
	send ".\r\n"
	wait_reply '451 4\.3\.0 Message not accepted now, try again later'
	assert_log ' exit=137 result=tempfail$'
	# smtp-maildir had written part of the message when it was killed
	partial=$(cat "$D/partial.1")
	[ "$partial" -ge 65536 ] || fail "smtp-maildir was killed before writing (file size $partial)"
	assert_gone "$(cat "$D/maildir.pid.1")"
	send "$TX"
	wait_reply '354 .*'
	send_file "$D/m2.wire"
	send ".\r\nQUIT\r\n"
	wait_reply '221 .*'
	end_session
	assert_equal "$status" 0
	# Maildir allows the dead delivery's file in tmp/: it is partial
	# and stays there; new/ holds only the acknowledged message.
	ALLOW_TMP=1 assert_delivered m2
	run find "$MD/tmp" -type f -size -"$(stat -c %s "$D/m1.expect")"c
	assert_equal "$(find "$MD/tmp" -type f | wc -l)" "${#lines[@]}"
	refute_grep 'end of m1 --' "$MD"/new/*
	assert_nothing_left
}

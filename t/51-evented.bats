#!/usr/bin/env bats
# 51-evented.bats - smtpd-evented, the event-loop host: many sessions in one
# thread (per worker) on 127.0.0.1, recipients decided later (-r), discard
# (-D) or Maildir delivery; real clients (swaks, curl, smtplib), the core's
# transcripts over a socket, 500 concurrent pipelined sessions, the memory
# of idle sessions, back-pressure, timeouts, workers.
#
# Every server listens on a port the kernel picked (-p 0), read from its
# "listen" log line; it is stopped by pid in teardown.  Every client runs
# under timeout; the helpers in t/evented/ use Python's standard library.

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

bats_require_minimum_version 1.5.0

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
# SMTPD_EVENTED: test another build (a sanitizer's, say) instead.
EVENTED=${SMTPD_EVENTED:-$TOP/smtpd-evented}
HELPERS=$BATS_TEST_DIRNAME/evented
TRANSCRIPTS=$BATS_TEST_DIRNAME/core/transcripts
# Debian's interpreter: a version manager's shim can take seconds to start
# on a loaded machine.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

FROM=a@example.org
TO=b@example.net

setup_file() {
	if [ -n "${SMTPD_EVENTED:-}" ]; then
		return 0
	elif make -s -C "$TOP" -n smtpd-evented >/dev/null 2>&1; then
		make -s -C "$TOP" smtpd-evented >&2
	else
		# Until the Makefile knows the program.
		(cd "$TOP" && gcc -std=c11 -Wall -Wextra -Werror -O2 \
		    -D_POSIX_C_SOURCE=200809L -D_GNU_SOURCE -Isrc \
		    src/smtpd-evented.c src/evented_loop.c \
		    src/evented_policy.c src/spool.c src/log.c src/maildir.c \
		    src/smtpd.c src/smtpd_cmd.c src/smtpd_parse.c \
		    src/smtpd_data.c src/smtpd_sasl.c -o smtpd-evented) >&2
	fi
}

setup() {
	D=$BATS_TEST_TMPDIR
	MD=$D/maildir
	PIDS=$D/pids
	: >"$PIDS"
	export TMPDIR=$D
}

teardown() {
	local pid i

	while read -r pid; do
		[ -n "$pid" ] || continue
		kill -TERM "$pid" 2>/dev/null || true
		for i in $(seq 30); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
	done <"$PIDS"
}

# start OPTION... (-D | maildir): smtpd-evented -h mx.test on 127.0.0.1;
# sets SERVER_PID, PORT and LOG.
start() {
	local i

	LOG=$D/server.log
	"$EVENTED" -h mx.test -l 127.0.0.1 -p 0 "$@" 2>"$LOG" 3>&- &
	SERVER_PID=$!
	echo "$SERVER_PID" >>"$PIDS"
	for i in $(seq 200); do
		PORT=$(sed -n 's/.* info: listen .* port=\([0-9]*\) .*/\1/p' \
		    "$LOG")
		[ -n "$PORT" ] && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.05
	done
	fail "smtpd-evented did not start: $(cat "$LOG")"
}

# Wait (at most about 10 s) until the log matches the ERE.
wait_log() {
	local i

	for i in $(seq 100); do
		grep -Eq -- "$1" "$LOG" && return 0
		sleep 0.1
	done
	fail "no log line matches '$1': $(cat "$LOG")"
}

assert_log_match() {
	grep -Eq -- "$1" "$LOG" || fail "no log line matches '$1': $(cat "$LOG")"
}

# Wait for the server to exit; its status in $rc.
reap() {
	rc=0
	wait "$1" || rc=$?
}

# quits N: N sessions of one QUIT each, one after another; prints how
# many got their 221.
quits() {
	timeout 60 "$PY" - "$PORT" "$1" <<'EOF'
import socket, sys
port, n, ok = int(sys.argv[1]), int(sys.argv[2]), 0
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    s.sendall(b"QUIT\r\n")
    s.shutdown(socket.SHUT_WR)
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    s.close()
    ok += data.startswith(b"220 ") and b"\r\n221 " in data
print(ok)
EOF
}

# The pids of PID's children, one a line (from /proc: no procps needed).
children() {
	local f stat ppid

	for f in /proc/[0-9]*/stat; do
		# 2> first: a process gone since the glob says nothing
		read -r stat 2>/dev/null <"$f" || continue
		read -r _ ppid _ <<<"${stat##*) }"
		if [ "$ppid" = "$1" ]; then
			f=${f#/proc/}
			echo "${f%/stat}"
		fi
	done
}

# A value "key N" from helper output in $output.
figure() {
	sed -n "s/^$1 //p" <<<"$output"
}

# Send stdin in one write, print the replies with CR removed.
session() {
	timeout 30 "$PY" "$HELPERS/oneshot.py" "$@" "$PORT" 20 | tr -d '\r'
}

write_lf_message() {
	printf 'Subject: %s\n\n.a line with a leading dot\nplain line\n..two dots\nlast line' \
	    "$1" >"$D/msg.txt"
	printf 'Subject: %s\n\n.a line with a leading dot\nplain line\n..two dots\nlast line\n' \
	    "$1" >"$D/expected"
}

swaks_send() {
	run timeout 30 swaks --server "127.0.0.1:$PORT" --helo swaks.test \
	    --from "$FROM" --to "$TO" "$@" --data - <"$D/msg.txt"
}

# check_delivery HELO EXPECTED-BODY-FILE: exactly one message in new/: the
# envelope lines, our Received: line (peer 127.0.0.1, by mx.test), then the
# expected body byte for byte.  The file is moved aside afterwards.
check_delivery() {
	local helo=$1 expected=$2 files msg

	files=("$MD"/new/*)
	[ -e "${files[0]}" ] || fail "nothing delivered into $MD/new"
	assert_equal "${#files[@]}" 1
	msg=${files[0]}
	run sed -n 1,5p "$msg"
	assert_line --index 0 "Return-Path: <$FROM>"
	assert_line --index 1 "Delivered-To: $TO"
	assert_line --index 2 "Received: from $helo (unknown [127.0.0.1])"
	assert_line --index 3 "	by mx.test (smtpd-evented) with ESMTP"
	assert_line --index 4 --regexp \
	    "^	for <$TO>; [A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} \\+0000\$"
	tail -n +6 "$msg" >"$D/body"
	run cmp "$expected" "$D/body"
	assert_success
	mkdir -p "$D/checked"
	mv "$msg" "$D/checked/"
}

EHLO_REPLY=$'250-mx.test\n250-PIPELINING\n250-SIZE 10485760\n250-8BITMIME\n250-ENHANCEDSTATUSCODES\n250 SMTPUTF8'

# ------------------------------------------------------------- the program

@test "usage: one line and exit 100; bad options 100; a port in use 111" {
	local held i

	run "$EVENTED"
	assert_failure 100
	assert_output "usage: smtpd-evented [-q] [-h name] [-l addr] [-p port] [-w workers] [-t seconds] [-m maxsessions] [-s bytes] [-r delay_ms] (-D | maildir)"
	run "$EVENTED" -D "$MD"		# both ways to deliver
	assert_failure 100
	assert_output --partial "usage: smtpd-evented "
	run "$EVENTED" -x -D
	assert_failure 100
	run "$EVENTED" -w 0 -D
	assert_failure 100
	assert_output --regexp '^smtpd-evented\[[0-9]+\]: fatal: -w: not a number in range$'
	run "$EVENTED" -r 1x -D
	assert_failure 100
	assert_output --partial "fatal: -r: not a number"
	run "$EVENTED" -l localhost -D
	assert_failure 100
	assert_output --partial "fatal: -l: not a numeric IPv4 or IPv6 address"
	run "$EVENTED" -h 'two words' -D
	assert_failure 100
	assert_output --partial "fatal: -h: not a host name"

	# A port someone else listens on (without SO_REUSEPORT): 111.
	"$PY" -c 'import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
print(s.getsockname()[1], flush=True)
time.sleep(60)' >"$D/held" 3>&- &
	echo "$!" >>"$PIDS"
	for i in $(seq 100); do
		held=$(cat "$D/held")
		[ -n "$held" ] && break
		sleep 0.1
	done
	run timeout 10 "$EVENTED" -l 127.0.0.1 -p "$held" -D
	assert_failure 111
	assert_output --regexp "fatal: unable to listen on 127\\.0\\.0\\.1 port $held: Address already in use\$"
}

@test "manual page: clean under mandoc -T lint, every option of the usage" {
	local o

	run mandoc -T lint -W warning "$TOP/man/smtpd-evented.8"
	assert_success
	assert_output ""
	awk '/^\.Sh SYNOPSIS/ {f=1; next} /^\.Sh/ {f=0} f' \
	    "$TOP/man/smtpd-evented.8" >"$D/synopsis"
	for o in D q h l p w t m s r; do
		grep -q "Fl $o\\( \\|\$\\)" "$D/synopsis" ||
		    fail "-$o is not in the SYNOPSIS"
		grep -q "^\\.It Fl $o" "$TOP/man/smtpd-evented.8" ||
		    fail "-$o is not described"
	done
}

# ------------------------------------------------------------ real clients

@test "swaks into a Maildir: the message byte for byte; connect, message, end logged" {
	start "$MD"
	write_lf_message "swaks plain"
	swaks_send
	assert_success
	assert_line --regexp '^<-  250 2\.0\.0 Ok: delivered as [^ ]+$'
	check_delivery swaks.test "$D/expected"
	wait_log 'info: end id=1 ip=127\.0\.0\.1 port=[0-9]+ reason=quit messages=1 accepted=1 '
	run grep -c '' "$LOG"
	assert_output 4		# listen, connect, message, end
	assert_log_match 'info: connect id=1 ip=127\.0\.0\.1 port=[0-9]+$'
	assert_log_match "info: message id=1 from=\"$FROM\" rcpts=1 size=[0-9]+ result=accept file=\"[^\"]+\"\$"
}

@test "swaks --pipeline: MAIL, RCPT and DATA in one group, replies in order" {
	local n

	start -r 10 "$MD"
	write_lf_message "swaks pipeline"
	swaks_send --pipeline
	assert_success
	n=$(grep -n '^ -> MAIL FROM:<' <<<"$output" | cut -d: -f1)
	[ -n "$n" ]
	assert_line --index "$((n - 1))" " -> MAIL FROM:<$FROM>"
	assert_line --index "$n" " -> RCPT TO:<$TO>"
	assert_line --index "$((n + 1))" ' -> DATA'
	assert_line --index "$((n + 2))" '<-  250 2.1.0 Sender OK'
	assert_line --index "$((n + 3))" '<-  250 2.1.5 Recipient OK'
	assert_line --index "$((n + 4))" '<-  354 End data with <CR><LF>.<CR><LF>'
	assert_line --regexp '^<-  250 2\.0\.0 Ok: delivered as '
	check_delivery swaks.test "$D/expected"
}

@test "curl into a Maildir" {
	start "$MD"
	printf 'Subject: curl\r\n\r\n.leading dot\r\nline\r\n' >"$D/msg.txt"
	printf 'Subject: curl\n\n.leading dot\nline\n' >"$D/expected"
	run timeout 30 curl -sS --url "smtp://127.0.0.1:$PORT/curl.test" \
	    --mail-from "$FROM" --mail-rcpt "$TO" --upload-file "$D/msg.txt"
	assert_success
	check_delivery curl.test "$D/expected"
}

@test "Python smtplib: 8-bit UTF-8, leading dots; the 250 names the file" {
	start "$MD"
	printf 'Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n.a dot leads this line\r\nGr\303\274\303\237e, \342\234\223\r\n..\r\n.\r\nend\r\n' \
	    >"$D/msg.txt"
	tr -d '\r' <"$D/msg.txt" >"$D/expected"
	run timeout 30 "$PY" - "$PORT" "$D/msg.txt" "$FROM" "$TO" <<'EOF'
import smtplib, sys
port, path, sender, rcpt = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
s = smtplib.SMTP("127.0.0.1", port, local_hostname="python.test", timeout=20)
s.ehlo()
assert s.has_extn("8bitmime") and s.has_extn("pipelining")
code, text = s.mail(sender, ["BODY=8BITMIME"])
assert code == 250, (code, text)
code, text = s.rcpt(rcpt)
assert code == 250, (code, text)
code, text = s.data(open(path, "rb").read())
print(code, text.decode())
s.quit()
EOF
	assert_success
	assert_output --regexp '^250 2\.0\.0 Ok: delivered as [^ ]+$'
	[ -f "$MD/new/${output#250 2.0.0 Ok: delivered as }" ]
	check_delivery python.test "$D/expected"
}

# ---------------------------------------------------------------- delivery

@test "-D discards: 250, nothing stored, only connect and end logged" {
	local octets

	start -D
	write_lf_message "discarded"
	swaks_send
	assert_success
	assert_line '<-  250 2.0.0 Message accepted'
	run ls "$D"
	refute_output --partial maildir
	# the content as received: dot-unstuffed, with CRLF line ends
	octets=$(($(wc -c <"$D/expected") + $(wc -l <"$D/expected")))
	wait_log "info: end id=1 .* reason=quit messages=1 accepted=1 octets=$octets\$"
	run grep -c '' "$LOG"
	assert_output 3		# listen, connect, end
}

@test "-q logs nothing for a session" {
	local i pid rc

	"$EVENTED" -q -h mx.test -l 127.0.0.1 -p 0 -D 2>"$D/quiet.log" 3>&- &
	pid=$!
	echo "$pid" >>"$PIDS"
	# No listen line to read the port from: find it in the socket table.
	for i in $(seq 100); do
		PORT=$(ss -Hltnp 2>/dev/null | awk -v p="pid=$pid," \
		    'index($0, p) { n = split($4, a, ":"); print a[n] }')
		[ -n "$PORT" ] && break
		sleep 0.1
	done
	[ -n "$PORT" ] || fail "no listening socket for pid $pid"
	write_lf_message "quiet"
	swaks_send
	assert_success
	assert_line '<-  221 2.0.0 mx.test closing connection'
	kill -TERM "$pid"
	reap "$pid"
	assert_equal "$rc" 0
	run cat "$D/quiet.log"
	assert_output ""
}

@test "Maildir failure: 451 4.3.0 and a warning; the session goes on" {
	: >"$D/not-a-dir"
	start "$D/not-a-dir/md"
	run session <<<$'EHLO client.test\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\nhello\r\n.\r\nMAIL FROM:<a@example.org>\r\nQUIT\r'
	assert_success
	assert_line --index 10 '451 4.3.0 Unable to store the message'
	assert_line --index 11 '250 2.1.0 Sender OK'
	assert_line --index 12 '221 2.0.0 mx.test closing connection'
	wait_log 'warning: message id=1 from="a@example\.org" rcpts=1 size=[0-9]+ result=tempfail error="unable to [^"]*Not a directory"'
}

@test "-s: SIZE advertised, a larger message refused with 552" {
	start -s 1000 -D
	{
		printf 'EHLO client.test\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n'
		head -c 2000 /dev/zero | tr '\0' x
		printf '\r\n.\r\nQUIT\r\n'
	} >"$D/in"
	run session <"$D/in"
	assert_success
	assert_line --index 3 '250-SIZE 1000'
	assert_line --index 10 '552 5.3.4 Message size exceeds fixed maximum message size'
	assert_line --index 11 '221 2.0.0 mx.test closing connection'
}

# ------------------------------------------------------ deferred decisions

@test "-r 50: MAIL, 5 RCPT (one reject), DATA, body, QUIT in one write: replies in order" {
	start -r 50 -D
	run session <<<$'EHLO client.test\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<r1@example.net>\r\nRCPT TO:<r2@example.net>\r\nRCPT TO:<reject@example.net>\r\nRCPT TO:<r4@example.net>\r\nRCPT TO:<r5@example.net>\r\nDATA\r\nSubject: pipelined\r\n\r\nbody\r\n.\r\nQUIT\r'
	assert_success
	assert_output "220 mx.test ESMTP
$EHLO_REPLY
250 2.1.0 Sender OK
250 2.1.5 Recipient OK
250 2.1.5 Recipient OK
550 5.1.1 Recipient refused
250 2.1.5 Recipient OK
250 2.1.5 Recipient OK
354 End data with <CR><LF>.<CR><LF>
250 2.0.0 Message accepted
221 2.0.0 mx.test closing connection"
	wait_log 'info: end id=1 .* reason=quit messages=1 accepted=1 '
}

@test "the core's transcripts over a socket: the same replies (and with -r 0)" {
	local files=(
		rfc5321-3.1-greeting.t
		rfc2920-pipelining-coalesced.t
		rfc2920-pipelining-failure-keeps-input.t
		rfc5321-4.1.1.4-data-sequence.t
		data-dot-unstuffing.t
		data-two-messages.t
		smuggling-crlf-dot-lf.t
		smuggling-lf-dot-lf.t
		rfc5321-3.8-http-request-421.t
		rfc5321-4.5.3.1.4-line-too-long.t
		rfc5321-3.8-unknown-command-limit.t
		rfc5321-4.1.1-nul-in-command.t
		rfc5321-4.5.1-postmaster.t
		limit-body-line-1mib.t
	)
	local deferred=(
		rfc2920-pipelining-coalesced.t
		rfc2920-pipelining-failure-keeps-input.t
		data-two-messages.t
		rfc5321-4.5.1-postmaster.t
		limit-recipients-452-not-an-error.t
	)

	start -D
	run timeout 120 "$PY" "$HELPERS/transcript.py" "$PORT" \
	    "${files[@]/#/$TRANSCRIPTS/}"
	assert_success
	run grep -c '^ok ' <<<"$output"
	assert_output "${#files[@]}"
	kill -TERM "$SERVER_PID"
	reap "$SERVER_PID"

	start -r 0 -D
	run timeout 120 "$PY" "$HELPERS/transcript.py" "$PORT" \
	    "${deferred[@]/#/$TRANSCRIPTS/}"
	assert_success
	run grep -c '^ok ' <<<"$output"
	assert_output "${#deferred[@]}"
}

# -------------------------------------------------------------------- load

@test "500 concurrent pipelined sessions, -r 20, -D: every reply in order, every message counted" {
	local secs

	start -r 20 -D
	run timeout 120 "$PY" "$HELPERS/many.py" --port "$PORT" \
	    --sessions 500 --transactions 3 --seed 7 \
	    --server-pid "$SERVER_PID" --log "$LOG" --timeout 90
	assert_success
	assert_line 'problems 0'
	assert_line 'messages 1500'
	# All 500 were open at once in the server.
	[ "$(figure fds_peak)" -ge 500 ] || fail "fds_peak $(figure fds_peak)"
	# About 3700 recipient decisions of 0..20 ms (10 on average): one
	# after another they would take over 30 s.  They overlap.
	secs=$(figure seconds)
	[ "${secs%.*}" -lt 15 ] || fail "took $secs s"
	echo "# 500 sessions, 1500 messages in $secs s; peak descriptors $(figure fds_peak)" >&3
}

@test "50 concurrent pipelined sessions into a Maildir, -r 20: each message stored once, byte for byte" {
	start -r 20 "$MD"
	run timeout 120 "$PY" "$HELPERS/many.py" --port "$PORT" \
	    --sessions 50 --transactions 3 --seed 11 --maildir "$MD" \
	    --timeout 90
	assert_success
	assert_line 'problems 0'
	assert_line 'messages 150'
	run grep -c 'info: message id=[0-9]* .* result=accept ' "$LOG"
	assert_output 150
}

@test "500 idle sessions cost at most 16 KiB each" {
	local per

	start -D
	run timeout 120 "$PY" "$HELPERS/idle.py" "$PORT" "$SERVER_PID" 500
	assert_success
	[ "$(figure fds)" -ge 500 ] || fail "fds $(figure fds)"
	per=$(figure per_session_kib)
	echo "# idle: rss0 $(figure rss0) KiB, rss500 $(figure rssN) KiB, $per KiB per session" >&3
	[ "${per%.*}" -lt 16 ] || fail "$per KiB per idle session"
}

# ------------------------------------------------------------ back-pressure

@test "back-pressure: a client that never reads is capped and dropped; another is served meanwhile" {
	local unsent grown

	start -t 2 -D
	# 100000 EHLO (100 octets of reply for 17 sent): the queue fills, the
	# server stops reading that client, and drops it at the idle timeout.
	run timeout 60 "$PY" "$HELPERS/flood.py" "$PORT" "$SERVER_PID" \
	    "EHLO flood.test" 100000
	assert_success
	assert_line 'second_ok 1'
	[ "$(figure second_seconds | cut -d. -f1)" -lt 2 ] ||
	    fail "second session took $(figure second_seconds) s"
	assert_line 'dropped 1'
	grown=$(($(figure rss_peak) - $(figure rss_start)))
	echo "# flood: RSS grew by $grown KiB" >&3
	[ "$grown" -lt 2048 ] || fail "RSS grew by $grown KiB"
	wait_log 'info: end id=1 .* reason=timeout .* unsent=[0-9]+$'
	unsent=$(sed -n 's/.* info: end id=1 .* unsent=\([0-9]*\)$/\1/p' "$LOG")
	# Queued up to the soft cap (64 KiB), then no more reading.
	[ "$unsent" -ge 65536 ] && [ "$unsent" -le 262144 ] ||
	    fail "unsent $unsent"

	# 100000 NOOP: the core itself ends that (100 free, then 20 errors:
	# 421 Too many errors); the server drains and drops it.
	run timeout 60 "$PY" "$HELPERS/flood.py" "$PORT" "$SERVER_PID" \
	    NOOP 100000
	assert_success
	assert_line 'second_ok 1'
	assert_line 'dropped 1'
	wait_log 'info: end id=3 .* reason=refused '
}

# ------------------------------------------------------------ timeouts etc.

@test "-t 1: an idle client gets 421 4.4.2 and is closed" {
	start -t 1 -D
	SECONDS=0
	run session -k <<<$'EHLO client.test\r\nMAIL FROM:<a@example.org>\r'
	assert_success
	assert_line --index 8 '421 4.4.2 mx.test Timeout, closing connection'
	[ "${#lines[@]}" -eq 9 ]
	[ "$SECONDS" -ge 1 ]
	wait_log 'info: end id=1 .* reason=timeout '
}

@test "close after QUIT is graceful: input after it never resets the 221 away" {
	start -D
	{
		printf 'EHLO client.test\r\nQUIT\r\n'
		head -c 300000 /dev/zero | tr '\0' x
	} >"$D/in"
	run session <"$D/in"
	assert_success		# no reset (oneshot.py exits 3 on one)
	assert_line --index 7 '221 2.0.0 mx.test closing connection'
}

@test "-m 2: a third client waits for a free session" {
	start -m 2 -D
	run timeout 30 "$PY" - "$PORT" <<'EOF'
import socket, sys
port = int(sys.argv[1])
def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    return s
a, b = connect(), connect()
assert a.recv(100).startswith(b"220"), "a"
assert b.recv(100).startswith(b"220"), "b"
c = connect()               # queued by the kernel, not served
c.settimeout(0.5)
try:
    c.recv(100)
    print("c served early")
    sys.exit(1)
except socket.timeout:
    pass
a.sendall(b"QUIT\r\n")
a.settimeout(10)
while a.recv(100):
    pass
a.close()
c.settimeout(10)
print(c.recv(100).decode().strip())
EOF
	assert_success
	assert_output '220 mx.test ESMTP'
}

@test "SIGTERM: exit 0, open sessions logged as shutdown" {
	local rc

	start -D
	"$PY" -c 'import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.recv(100)
time.sleep(30)' "$PORT" 3>&- &
	echo "$!" >>"$PIDS"
	wait_log 'info: connect id=1 '
	kill -TERM "$SERVER_PID"
	reap "$SERVER_PID"
	assert_equal "$rc" 0
	assert_log_match 'info: end id=1 .* reason=shutdown '
}

# ------------------------------------------------------------------ workers

@test "-w 2: two workers listen and both serve; one killed is restarted; SIGTERM stops all" {
	local workers pids i w rc

	start -w 2 -D
	wait_log 'info: worker n=2$'
	wait_log 'info: worker n=1$'
	run children "$SERVER_PID"
	assert_success
	workers=$output
	assert_equal "$(wc -l <<<"$workers")" 2
	run ss -Hltn "sport = :$PORT"
	assert_equal "${#lines[@]}" 2	# two sockets share the port
	# SO_REUSEPORT spreads connections by their addresses: 24 sessions
	# all on one worker would be a 1 in 8 million chance.
	run quits 24
	assert_output 24
	for w in $workers; do
		grep -q "^smtpd-evented\\[$w\\]: info: connect " "$LOG" ||
		    fail "worker $w served nothing: $(cat "$LOG")"
	done

	w=$(head -n 1 <<<"$workers")
	kill -KILL "$w"
	wait_log "warning: worker n=[12] pid=$w signal=9 action=restart"
	for i in $(seq 50); do
		[ "$(children "$SERVER_PID" | grep -cvx "$w")" -eq 2 ] && break
		sleep 0.1
	done
	run children "$SERVER_PID"
	assert_equal "${#lines[@]}" 2
	refute_line "$w"
	run quits 4
	assert_output 4

	pids=$(children "$SERVER_PID")
	kill -TERM "$SERVER_PID"
	reap "$SERVER_PID"
	assert_equal "$rc" 0
	for w in $pids; do
		for i in $(seq 30); do
			kill -0 "$w" 2>/dev/null || break
			sleep 0.1
		done
		run kill -0 "$w"
		assert_failure
	done
}

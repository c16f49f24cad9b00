#!/usr/bin/env bats
# 15-smtp-server-real-clients.bats - real SMTP clients (swaks, curl,
# Python's smtplib, openssl s_client) against ./smtp-server behind tcpserver
# (ucspi-tcp) and behind systemd-socket-activate --inetd -a, on 127.0.0.1
# only, delivering with ./smtp-maildir into a fresh Maildir per test; and a
# smoke test of "make run".
#
# Every server is started in its own process group on a free port the
# kernel picked, and the whole group is killed in teardown.  Every client
# runs under timeout.  Self-contained: the checkpassword program and the
# delivery wrapper are written here.

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

bats_require_minimum_version 1.5.0

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
SERVER=${VALGRIND_LOGS:-$TOP}/${VALGRIND_LOGS:+bin/valgrind-}smtp-server
MAILDIR_PROG=${VALGRIND_LOGS:-$TOP}/${VALGRIND_LOGS:+bin/valgrind-}smtp-maildir

FROM=a@example.org
TO=b@example.net

setup_file() {
	make -s -C "$BATS_TEST_DIRNAME/.." smtp-server smtp-maildir >&2
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	    -keyout "$BATS_FILE_TMPDIR/key.pem" \
	    -out "$BATS_FILE_TMPDIR/cert.pem" 2>/dev/null
}

setup() {
	unset TCPREMOTEIP TCP6REMOTEIP REMOTE_ADDR TCPLOCALIP TCP6LOCALIP \
	    TCPREMOTEHOST TCPREMOTEINFO RELAYCLIENT DATABYTES
	CERT=$BATS_FILE_TMPDIR/cert.pem
	KEY=$BATS_FILE_TMPDIR/key.pem
	D=$BATS_TEST_TMPDIR
	MD=$D/maildir
	mkdir -p "$MD/new" "$MD/cur" "$MD/tmp" "$D/rec" "$D/checked" "$D/spool"
	GROUPS_FILE=$D/process-groups
	: >"$GROUPS_FILE"
	MAKE_RUN_MESSAGE=

	# Delivery: record the environment of run N as rec/env.N, then
	# smtp-maildir into the test's Maildir (recipients follow as args).
	DELIVER=$D/deliver
	cat >"$DELIVER" <<EOF
#!/bin/sh
i=1
while [ -e "$D/rec/env.\$i" ]; do i=\$((i + 1)); done
env >"$D/rec/env.\$i"
exec "$MAILDIR_PROG" "$MD" "\$@"
EOF
	# checkpassword: user\0password\0timestamp\0 on fd 3; alice/secret
	# only.
	CHECKPW=$D/checkpw
	cat >"$CHECKPW" <<EOF
#!/bin/sh
creds=\$(head -c 1024 <&3 | tr '\\0' '\\n')
user=\$(printf '%s\n' "\$creds" | sed -n 1p)
pass=\$(printf '%s\n' "\$creds" | sed -n 2p)
[ "\$user" = alice ] && [ "\$pass" = secret ] && exit 0
exit 1
EOF
	chmod +x "$DELIVER" "$CHECKPW"
}

teardown() {
	local pgid i

	while read -r pgid; do
		[ -n "$pgid" ] || continue
		kill -TERM -- "-$pgid" 2>/dev/null || true
		for i in $(seq 20); do
			kill -0 -- "-$pgid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL -- "-$pgid" 2>/dev/null || true
	done <"$GROUPS_FILE"
	# The one file "make run" delivered into the repository's Maildir.
	if [ -n "$MAKE_RUN_MESSAGE" ]; then
		rm -f "$TOP/maildir/new/$MAKE_RUN_MESSAGE"
	fi
}

# A TCP port on 127.0.0.1 that is free now (the kernel's choice).
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Wait (at most about 5 s) until something listens on 127.0.0.1:$1.
wait_port() {
	local i

	for i in $(seq 50); do
		ss -Hltn "sport = :$1" | grep -q . && return 0
		sleep 0.1
	done
	echo "nothing listens on 127.0.0.1:$1" >&2
	return 1
}

# start_server tcpserver|socket-activate: one smtp-server per connection
# on 127.0.0.1:$PORT, with STARTTLS and AUTH, delivering through $DELIVER.
# The front end runs in a process group of its own (setsid without a fork:
# a background job is no group leader), recorded for teardown.
start_server() {
	local server=("$SERVER" -h mx.test -c "$CERT" -k "$KEY" -a "$CHECKPW"
	    "$DELIVER")

	PORT=$(free_port)
	LOG=$D/server.log
	case $1 in
	tcpserver)
		TMPDIR=$D/spool setsid tcpserver -q -R -H -l localhost \
		    127.0.0.1 "$PORT" "${server[@]}" >"$LOG" 2>&1 3>&- &
		;;
	socket-activate)
		# No TCPREMOTEIP here: the address comes from getpeername(0)
		# (or REMOTE_ADDR if the front end sets it).
		TMPDIR=$D/spool setsid systemd-socket-activate --inetd -a \
		    -l "127.0.0.1:$PORT" "${server[@]}" >"$LOG" 2>&1 3>&- &
		;;
	esac
	echo "$!" >>"$GROUPS_FILE"
	wait_port "$PORT"
}

# check_delivery PROTO HELO EXPECTED-BODY-FILE: exactly one new message in
# the Maildir; its header lines are Return-Path, Delivered-To and the
# Received: line (from HELO, peer 127.0.0.1, by mx.test with PROTO), and
# the rest equals EXPECTED-BODY-FILE byte for byte.  The message is then
# moved aside so that the next check sees only the next delivery.
check_delivery() {
	local proto=$1 helo=$2 expected=$3 files msg tls=

	files=("$MD"/new/*)
	[ -e "${files[0]}" ] || fail "nothing delivered into $MD/new"
	assert_equal "${#files[@]}" 1
	msg=${files[0]}
	case $proto in
	ESMTPS | ESMTPSA) tls=' \(TLSv1\.[23] [A-Z0-9_-]+\)' ;;
	esac
	run sed -n 1,5p "$msg"
	assert_line --index 0 "Return-Path: <$FROM>"
	assert_line --index 1 "Delivered-To: $TO"
	assert_line --index 2 "Received: from $helo (unknown [127.0.0.1])"
	assert_line --index 3 --regexp \
	    "^	by mx\\.test \\(smtp-server\\) with $proto$tls\$"
	assert_line --index 4 --regexp \
	    "^	for <$TO>; [A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}\$"
	tail -n +6 "$msg" >"$D/body"
	run diff -u "$expected" "$D/body"
	assert_success
	mv "$msg" "$D/checked/"
}

# The variable NAME in the environment of delivery N (fails if unset).
deliver_env() {
	grep "^$2=" "$D/rec/env.$1" | sed "s/^$2=//"
	grep -q "^$2=" "$D/rec/env.$1"
}

# A message for swaks and s_client (LF line ends; they send CRLF and stuff
# dots), and what must arrive: swaks ends the last line for us.
write_lf_message() {
	printf 'Subject: %s\n\n.a line with a leading dot\nplain line\n..two dots\nlast line' \
	    "$1" >"$D/msg.txt"
	printf 'Subject: %s\n\n.a line with a leading dot\nplain line\n..two dots\nlast line\n' \
	    "$1" >"$D/expected"
}

# swaks [OPTION...]: one swaks session with $D/msg.txt, transcript in
# $output.
swaks_send() {
	run timeout 20 swaks --server "127.0.0.1:$PORT" --helo swaks.test \
	    --from "$FROM" --to "$TO" "$@" --data - <"$D/msg.txt"
}

# ---------------------------------------------------------------- swaks

do_swaks_plain() {
	start_server "$1"
	write_lf_message "swaks plain"
	swaks_send
	assert_success
	assert_line --regexp '^<-  250 2\.0\.0 Ok: delivered as '
	check_delivery ESMTP swaks.test "$D/expected"
	# The peer address reached the child environment and the log.
	assert_equal "$(deliver_env 1 TCPREMOTEIP)" 127.0.0.1
	assert_equal "$(deliver_env 1 TCPLOCALIP)" 127.0.0.1
	assert_equal "$(deliver_env 1 SMTP_PROTOCOL)" ESMTP
	assert_equal "$(deliver_env 1 SENDER)" "$FROM"
	run grep -c 'info: connect ip=127\.0\.0\.1$' "$LOG"
	assert_output 1
}

do_swaks_tls() {
	start_server "$1"
	write_lf_message "swaks tls"
	swaks_send --tls
	assert_success
	assert_line --regexp '^<~  250 2\.0\.0 Ok: delivered as '
	check_delivery ESMTPS swaks.test "$D/expected"
	assert_equal "$(deliver_env 1 SMTP_PROTOCOL)" ESMTPS
	run deliver_env 1 SMTP_TLS
	assert_output --regexp '^TLSv1\.[23] '
}

do_swaks_auth() {
	local mech n=0

	start_server "$1"
	for mech in PLAIN LOGIN; do
		n=$((n + 1))
		write_lf_message "swaks auth $mech"
		swaks_send --tls --auth "$mech" --auth-user alice \
		    --auth-password secret
		assert_success
		assert_line '<~  235 2.7.0 Authentication successful'
		assert_line --regexp '^<~  250 2\.0\.0 Ok: delivered as '
		check_delivery ESMTPSA swaks.test "$D/expected"
		assert_equal "$(deliver_env "$n" SMTP_AUTH_USER)" alice
		assert_equal "$(deliver_env "$n" SMTP_PROTOCOL)" ESMTPSA
	done
	# A wrong password: 535, swaks gives up (its status 28), no delivery.
	swaks_send --tls --auth PLAIN --auth-user alice --auth-password wrong
	assert_failure 28
	assert_line '<~* 535 5.7.8 Authentication credentials invalid'
	run ls "$MD/new"
	assert_output ''
	run grep -c 'info: auth mechanism=PLAIN user="alice" exit=1 result=reject' "$LOG"
	assert_output 1
	run grep -e secret -e wrong "$LOG"
	assert_failure
}

do_swaks_pipeline() {
	local n

	start_server "$1"
	write_lf_message "swaks pipeline"
	swaks_send --pipeline
	assert_success
	# MAIL, RCPT and DATA went out as one group before any reply
	# (RFC 2920), and the replies came back in order.
	n=$(grep -n '^ -> MAIL FROM:<' <<<"$output" | cut -d: -f1)
	[ -n "$n" ]
	assert_line --index "$((n - 1))" " -> MAIL FROM:<$FROM>"
	assert_line --index "$n" " -> RCPT TO:<$TO>"
	assert_line --index "$((n + 1))" ' -> DATA'
	assert_line --index "$((n + 2))" '<-  250 2.1.0 Sender OK'
	assert_line --index "$((n + 3))" '<-  250 2.1.5 Recipient OK'
	assert_line --index "$((n + 4))" '<-  354 End data with <CR><LF>.<CR><LF>'
	assert_line --regexp '^<-  250 2\.0\.0 Ok: delivered as '
	check_delivery ESMTP swaks.test "$D/expected"
}

# ----------------------------------------------------------------- curl

do_curl() {
	start_server "$1"
	# curl sends the file as it is (CRLF needed) and stuffs the dots.
	printf 'Subject: curl\r\n\r\n.leading dot\r\nline\r\n' >"$D/msg.txt"
	printf 'Subject: curl\n\n.leading dot\nline\n' >"$D/expected"

	run timeout 20 curl -sS --url "smtp://127.0.0.1:$PORT/curl.test" \
	    --mail-from "$FROM" --mail-rcpt "$TO" --upload-file "$D/msg.txt"
	assert_success
	check_delivery ESMTP curl.test "$D/expected"

	run timeout 20 curl -sS --url "smtp://127.0.0.1:$PORT/curl.test" \
	    --ssl-reqd --insecure \
	    --mail-from "$FROM" --mail-rcpt "$TO" --upload-file "$D/msg.txt"
	assert_success
	check_delivery ESMTPS curl.test "$D/expected"
	assert_equal "$(deliver_env 2 SMTP_PROTOCOL)" ESMTPS
}

# --------------------------------------------------------------- smtplib

do_smtplib() {
	start_server "$1"
	printf 'Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n.a dot leads this line\r\nGr\303\274\303\237e, \342\234\223 \360\237\223\254\r\n..\r\n.\r\nend\r\n' \
	    >"$D/msg.txt"
	tr -d '\r' <"$D/msg.txt" >"$D/expected"
	run timeout 20 python3 - "$PORT" "$D/msg.txt" "$FROM" "$TO" <<'EOF'
import smtplib, sys
port, path, sender, rcpt = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
msg = open(path, "rb").read()
s = smtplib.SMTP("127.0.0.1", port, local_hostname="python.test", timeout=10)
s.starttls()
s.ehlo("python.test")
s.login("alice", "secret")
code, text = s.mail(sender, ["BODY=8BITMIME"])
assert code == 250, (code, text)
code, text = s.rcpt(rcpt)
assert code == 250, (code, text)
code, text = s.data(msg)
print(code, text.decode())
s.quit()
EOF
	assert_success
	assert_output --regexp '^250 2\.0\.0 Ok: delivered as '
	check_delivery ESMTPSA python.test "$D/expected"
	assert_equal "$(deliver_env 1 SMTP_AUTH_USER)" alice
}

# -------------------------------------------------------------- s_client

do_s_client() {
	start_server "$1"
	printf 'Subject: s_client\n\n.leading dot\nline\n' >"$D/expected"
	# -ign_eof: lines starting with Q or R are data, not commands, and
	# s_client waits for the server to close after QUIT; -crlf: LF → CRLF.
	run timeout 20 openssl s_client -starttls smtp \
	    -connect "127.0.0.1:$PORT" -crlf -ign_eof -quiet < <(printf '%s\n' \
	    'EHLO sclient.test' "MAIL FROM:<$FROM>" "RCPT TO:<$TO>" DATA \
	    'Subject: s_client' '' '..leading dot' 'line' . QUIT)
	assert_success
	# s_client passes the server's CRLF through.
	assert_line --regexp $'^250 2\\.0\\.0 Ok: delivered as [^ ]+\r$'
	assert_line $'221 2.0.0 mx.test closing connection\r'
	check_delivery ESMTPS sclient.test "$D/expected"
}

# ----------------------------------------------------------------- tests

@test "tcpserver: swaks, plain ESMTP; TCPREMOTEIP reaches Received and child" {
	do_swaks_plain tcpserver
}

@test "tcpserver: swaks --tls (ESMTPS)" {
	do_swaks_tls tcpserver
}

@test "tcpserver: swaks --tls --auth PLAIN and LOGIN (ESMTPSA), bad password" {
	do_swaks_auth tcpserver
}

@test "tcpserver: swaks --pipeline" {
	do_swaks_pipeline tcpserver
}

@test "tcpserver: curl, plain and --ssl-reqd" {
	do_curl tcpserver
}

@test "tcpserver: Python smtplib starttls, login, leading dots, 8-bit UTF-8" {
	do_smtplib tcpserver
}

@test "tcpserver: openssl s_client -starttls smtp" {
	do_s_client tcpserver
}

@test "systemd-socket-activate: swaks, plain ESMTP; peer from getpeername" {
	do_swaks_plain socket-activate
}

@test "systemd-socket-activate: swaks --tls (ESMTPS)" {
	do_swaks_tls socket-activate
}

@test "systemd-socket-activate: swaks --tls --auth PLAIN and LOGIN (ESMTPSA), bad password" {
	do_swaks_auth socket-activate
}

@test "systemd-socket-activate: swaks --pipeline" {
	do_swaks_pipeline socket-activate
}

@test "systemd-socket-activate: curl, plain and --ssl-reqd" {
	do_curl socket-activate
}

@test "systemd-socket-activate: Python smtplib starttls, login, leading dots, 8-bit UTF-8" {
	do_smtplib socket-activate
}

@test "systemd-socket-activate: openssl s_client -starttls smtp" {
	do_s_client socket-activate
}

@test "make run: serves, the printed swaks line delivers into ./maildir" {
	local before swaks_line i

	PORT=$(free_port)
	mkdir -p "$TOP/maildir/new"
	before=$(ls "$TOP/maildir/new")
	setsid make -s -C "$TOP" run RUN_PORT="$PORT" >"$D/run.log" 2>&1 3>&- &
	echo "$!" >>"$GROUPS_FILE"
	# "make run" may have to build first: wait for the port a bit longer.
	for i in $(seq 100); do
		ss -Hltn "sport = :$PORT" | grep -q . && break
		sleep 0.1
	done
	run ss -Hltn "sport = :$PORT"
	assert_output --partial "127.0.0.1:$PORT"

	swaks_line=$(grep -o 'swaks --server .*' "$D/run.log")
	[[ $swaks_line == "swaks --server 127.0.0.1:$PORT "* ]]
	local cmd
	read -ra cmd <<<"$swaks_line"
	run timeout 20 "${cmd[@]}"
	assert_success
	assert_line --regexp '^<~  250 2\.0\.0 Ok: delivered as '
	MAKE_RUN_MESSAGE=$(sed -n 's/^<~  250 2\.0\.0 Ok: delivered as //p' <<<"$output")
	[ -n "$MAKE_RUN_MESSAGE" ]
	# A new file, the one the server named (other files may arrive at
	# the same time: make test runs this file twice at once, once under
	# valgrind)
	assert [ -f "$TOP/maildir/new/$MAKE_RUN_MESSAGE" ]
	run grep -Fx -- "$MAKE_RUN_MESSAGE" <<<"$before"
	assert_failure
	run grep -c -e '^Delivered-To: you@localhost$' \
	    -e '^	by localhost (smtp-server) with ESMTPS (TLSv1\.[23] ' \
	    "$TOP/maildir/new/$MAKE_RUN_MESSAGE"
	assert_output 2
}

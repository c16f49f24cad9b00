#!/usr/bin/env bats
# 60-bench-tools.bats - the benchmark's own tools (t/bench) do what the
# figures rely on: the floor speaks the exchange and runs its delivery
# program once per message, and smtp-blast counts a message as accepted
# only on 250, pipelined or not, over STARTTLS too.  make bench itself is
# not run here (it takes minutes and downloads the peers).

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

bats_require_minimum_version 1.5.0

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
B=$TOP/t/bench

setup_file() {
	make -s -C "$TOP" smtpd-evented smtpd-threaded t/bench/floor \
	    t/bench/discard t/bench/smtp-blast >&2
}

setup() {
	D=$BATS_TEST_TMPDIR
	SERVER_PID=
}

teardown() {
	[ -n "$SERVER_PID" ] || return 0
	kill "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
}

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# start PROGRAM ARGS...: a resident host on 127.0.0.1:$PORT (-l and -p
# are added), listening within 10 s
start() {
	local i

	PORT=$(free_port)
	"$@" -l 127.0.0.1 -p "$PORT" >"$D/server.log" 2>&1 &
	SERVER_PID=$!
	for i in $(seq 200); do
		ss -Hltn "sport = :$PORT" | grep -q LISTEN && return 0
		sleep 0.05
	done
	fail "no listener on $PORT: $(cat "$D/server.log")"
}

@test "floor: the exchange, pipelined, and the delivery program once per message with the message as sent" {
	printf '#!/bin/sh\ncat >>"%s/delivered"\necho run >>"%s/runs"\n' \
	    "$D" "$D" >"$D/count"
	chmod +x "$D/count"
	run --separate-stderr sh -c 'printf "EHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nline\r\n..dot\r\n.\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n.\r\nQUIT\r\n" | "$0" -x "$1"' \
	    "$B/floor" "$D/count"
	assert_success
	assert_output "$(printf '%s\r\n' '220 floor ESMTP' '250-floor' \
	    '250-PIPELINING' '250-8BITMIME' '250 SIZE 104857600' \
	    '250 2.0.0 ok' '250 2.0.0 ok' '354 go ahead' '250 2.0.0 accepted' \
	    '250 2.0.0 ok' '250 2.0.0 ok' '354 go ahead' '250 2.0.0 accepted' \
	    '221 2.0.0 bye')"
	assert_equal "$(wc -l <"$D/runs")" 2
	# the floor streams what follows DATA up to and including the dot
	cmp "$D/delivered" <(printf 'line\r\n..dot\r\n.\r\n.\r\n')
}

@test "floor -x: a delivery program that fails gets 451, not 250" {
	run --separate-stderr sh -c 'printf "EHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n" | "$0" -x /bin/false' \
	    "$B/floor"
	assert_success
	assert_line $'451 4.3.0 delivery failed\r'
	refute_line $'250 2.0.0 accepted\r'
}

@test "discard: reads the message, and an envelope on fd 1 where it can, and exits 0" {
	run sh -c 'head -c 300000 /dev/zero | "$0" 1</dev/null' "$B/discard"
	assert_success
	run sh -c 'printf x | "$0" >/dev/null' "$B/discard"
	assert_success
}

@test "smtp-blast: plain, pipelined and one message per connection, against smtpd-evented" {
	start "$TOP/smtpd-evented" -q -w 1 -D
	run "$B/smtp-blast" -p 3 -n 30 127.0.0.1 "$PORT"
	assert_success
	assert_output --regexp '^messages=30 accepted=30 '
	run "$B/smtp-blast" -P -p 4 -n 2002 -k 1000 -s 3000 127.0.0.1 "$PORT"
	assert_success
	assert_output --regexp '^messages=2002 accepted=2002 '
	run "$B/smtp-blast" -k 1 -p 2 -n 10 127.0.0.1 "$PORT"
	assert_success
	assert_output --regexp '^messages=10 accepted=10 '
}

@test "smtp-blast: a refused message fails the run (exit 1, said on stderr)" {
	start "$TOP/smtpd-evented" -q -w 1 -s 2000 -D
	run --separate-stderr "$B/smtp-blast" -P -n 3 -s 5000 127.0.0.1 "$PORT"
	assert_failure 1
	assert_output --regexp '^messages=3 accepted=0 '
	[[ $stderr == *'end of data: got "552'* ]]
}

@test "smtp-blast -T: STARTTLS against smtpd-threaded, pipelined" {
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	    -keyout "$D/key.pem" -out "$D/cert.pem" 2>/dev/null
	start "$TOP/smtpd-threaded" -c "$D/cert.pem" -k "$D/key.pem" -D
	run "$B/smtp-blast" -T -P -p 2 -n 20 127.0.0.1 "$PORT"
	assert_success
	assert_output --regexp '^messages=20 accepted=20 '
}

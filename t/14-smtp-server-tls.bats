#!/usr/bin/env bats
# 14-smtp-server-tls.bats - STARTTLS (RFC 3207) and implicit TLS (RFC 8314)
# through ./smtp-server over two pipes, driven by t/bin/smtp-tls-pipe.
#
# smtp-tls-pipe prints "S: line" per reply line, "TLS: VERSION CIPHER" after
# a handshake, "EOF" for expect-eof and "EXIT n" for the server's status; it
# fails (status 2) when plaintext bytes are waiting as TLS starts, which is
# how a server answering commands injected after STARTTLS would show up.
#
# Self-contained: the delivery program and the checkpassword program are
# tiny sh scripts written here, not the stubs in t/bin.

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

bats_require_minimum_version 1.5.0

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
SERVER=${VALGRIND_LOGS:-$TOP}/${VALGRIND_LOGS:+bin/valgrind-}smtp-server
PIPE=$TOP/t/bin/smtp-tls-pipe

# base64 of "alice\0alice\0secret": a PLAIN response the checkpassword
# stub accepts.
PLAIN_OK=YWxpY2UAYWxpY2UAc2VjcmV0

setup_file() {
	make -s -C "$BATS_TEST_DIRNAME/.." smtp-server smtp-maildir >&2
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	    -keyout "$BATS_FILE_TMPDIR/key.pem" \
	    -out "$BATS_FILE_TMPDIR/cert.pem" 2>/dev/null
}

setup() {
	CERT=$BATS_FILE_TMPDIR/cert.pem
	KEY=$BATS_FILE_TMPDIR/key.pem
	REC=$BATS_TEST_TMPDIR/rec
	SPOOL=$BATS_TEST_TMPDIR/spool
	mkdir -p "$REC" "$SPOOL"

	# Delivery stub: records run N as env.N, argv.N and msg.N.
	DELIVER=$BATS_TEST_TMPDIR/deliver
	cat >"$DELIVER" <<EOF
#!/bin/sh
i=1
while [ -e "$REC/env.\$i" ]; do i=\$((i + 1)); done
env >"$REC/env.\$i"
printf '%s\n' "\$@" >"$REC/argv.\$i"
cat >"$REC/msg.\$i"
EOF
	# checkpassword stub: user\0password\0timestamp\0 on fd 3; accepts
	# alice/secret, refuses anything else; records every run.
	CHECKPW=$BATS_TEST_TMPDIR/checkpw
	cat >"$CHECKPW" <<EOF
#!/bin/sh
creds=\$(dd bs=1 <&3 2>/dev/null | tr '\\0' '\\n')
user=\$(printf '%s\n' "\$creds" | sed -n 1p)
pass=\$(printf '%s\n' "\$creds" | sed -n 2p)
echo "\$user" >>"$REC/auth"
[ "\$user" = alice ] && [ "\$pass" = secret ] && exit 0
exit 1
EOF
	chmod +x "$DELIVER" "$CHECKPW"
}

# tls_session [PIPE-OPTION...] -- [SERVER-OPTION...] <<<SCRIPT
# Runs smtp-tls-pipe with the script on stdin against
# "smtp-server -h mx.test SERVER-OPTION... $DELIVER" in a clean environment.
# $output: the client's transcript; $stderr: the server's log (and any
# smtp-tls-pipe diagnostic); $TRANSCRIPT: $output with the TLS cipher cut
# off the "TLS:" line; $CIPHER: "VERSION CIPHER" of the last handshake.
tls_session() {
	local popts=()

	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		popts+=("$1")
		shift
	done
	shift
	run --separate-stderr timeout 40 "$PIPE" "${popts[@]}" -- \
	    env -i PATH=/usr/bin:/bin TMPDIR="$SPOOL" \
	    "$SERVER" -h mx.test "$@" "$DELIVER"
	TRANSCRIPT=$(sed -E 's/^(TLS: TLSv1\.[23]) .*/\1/' <<<"$output")
	CIPHER=$(sed -n 's/^TLS: //p' <<<"$output" | tail -n 1)
}

# The variable NAME in the environment of delivery run N (fails if unset).
deliver_env() {
	grep "^$2=" "$REC/env.$1" | sed "s/^$2=//"
	grep -q "^$2=" "$REC/env.$1"
}

deliveries() {
	local n=0 f

	for f in "$REC"/env.*; do
		[ -e "$f" ] && n=$((n + 1))
	done
	echo "$n"
}

@test "RFC 3207: STARTTLS offered only with -c/-k; not implemented without" {
	run --separate-stderr timeout 10 env -i PATH=/usr/bin:/bin \
	    "$SERVER" -h mx.test "$DELIVER" \
	    < <(printf 'EHLO a\r\nSTARTTLS\r\nQUIT\r\n')
	assert_success
	assert_equal "$output" "$(printf '%s\r\n' \
	    '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-8BITMIME' '250-ENHANCEDSTATUSCODES' \
	    '250 SMTPUTF8' '502 5.5.1 Command not implemented' \
	    '221 2.0.0 mx.test closing connection')"
}

@test "RFC 3207: STARTTLS, not offered again, session reset, SMTP_TLS and ESMTPS" {
	tls_session -- -c "$CERT" -k "$KEY" <<'EOF'
<
> EHLO a
<
> STARTTLS
<
starttls
> MAIL FROM:<a@b>
<
> EHLO b
<
> MAIL FROM:<a@b>
<
> RCPT TO:<c@d>
<
> DATA
<
> Subject: over TLS
>
> ..dot
> .
<
> QUIT
<
EOF
	assert_success
	assert_equal "$TRANSCRIPT" "S: 220 mx.test ESMTP
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-STARTTLS
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
S: 220 2.0.0 Ready to start TLS
TLS: TLSv1.3
S: 503 5.5.1 Send HELO/EHLO first
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
S: 250 2.1.0 Sender OK
S: 250 2.1.5 Recipient OK
S: 354 End data with <CR><LF>.<CR><LF>
S: 250 2.0.0 Message accepted
S: 221 2.0.0 mx.test closing connection
EXIT 0"
	[[ $CIPHER == "TLSv1.3 "?* ]]
	assert_equal "$(deliveries)" 1
	assert_equal "$(deliver_env 1 SMTP_TLS)" "$CIPHER"
	assert_equal "$(deliver_env 1 SMTP_PROTOCOL)" ESMTPS
	assert_equal "$(deliver_env 1 SMTP_HELO)" b
	# The certificate and key paths never reach a child.
	run ! grep -e "$CERT" -e "$KEY" "$REC/env.1"
	local cr=$'\r'
	assert_equal "$(sed -n 2p "$REC/msg.1")" \
	    "	by mx.test (smtp-server) with ESMTPS ($CIPHER)$cr"
	assert_equal "$(tail -n +4 "$REC/msg.1")" \
	    "Subject: over TLS$cr
$cr
.dot$cr"
	[[ $stderr == *"info: tls session=\"$CIPHER\""* ]]
}

# CVE-2011-0411 class: commands sent in the same write as STARTTLS, before
# the handshake, must be discarded, not answered or executed under TLS.
# After the handshake: RCPT (no transaction), MAIL (no EHLO), then a clean
# EHLO (AUTH offered, STARTTLS not) and a delivery that shows no AUTH user.
injection() {
	tls_session -- -a "$CHECKPW" -A -c "$CERT" -k "$KEY" <<EOF
<
> EHLO a
<
>raw STARTTLS\\r\\n$1
<
starttls
> RCPT TO:<c@d>
<
> MAIL FROM:<a@b>
<
> EHLO b
<
> MAIL FROM:<a@b>
<
> RCPT TO:<c@d>
<
> DATA
<
> hi
> .
<
> QUIT
<
EOF
	assert_success
	assert_equal "$TRANSCRIPT" "S: 220 mx.test ESMTP
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-STARTTLS
S: 250-AUTH PLAIN LOGIN
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
S: 220 2.0.0 Ready to start TLS
TLS: TLSv1.3
S: 503 5.5.1 Need MAIL before RCPT
S: 503 5.5.1 Send HELO/EHLO first
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-AUTH PLAIN LOGIN
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
S: 250 2.1.0 Sender OK
S: 250 2.1.5 Recipient OK
S: 354 End data with <CR><LF>.<CR><LF>
S: 250 2.0.0 Message accepted
S: 221 2.0.0 mx.test closing connection
EXIT 0"
	assert_equal "$(deliveries)" 1
	run ! deliver_env 1 SMTP_AUTH_USER
	assert_equal "$(deliver_env 1 SMTP_PROTOCOL)" ESMTPS
	assert_equal "$(deliver_env 1 SMTP_HELO)" b
	# The injected AUTH never reached the checkpassword program.
	[ ! -e "$REC/auth" ]
}

@test "CVE-2011-0411: NOOP in the STARTTLS write is discarded" {
	injection 'NOOP\r\n'
	# No reply to the NOOP anywhere, in plaintext or under TLS.
	[[ $TRANSCRIPT != *"250 2.0.0 OK"* ]]
}

@test "CVE-2011-0411: EHLO in the STARTTLS write is discarded" {
	injection 'EHLO evil\r\n'
	[[ $stderr != *'name="evil"'* ]]
	[[ $stderr == *'info: ehlo name="b"'* ]]
}

@test "CVE-2011-0411: AUTH PLAIN in the STARTTLS write is discarded (-A)" {
	injection "AUTH PLAIN $PLAIN_OK\\r\\n"
	[[ $stderr != *'info: auth '* ]]
}

@test "CVE-2011-0411: MAIL, RCPT, DATA in the STARTTLS write are discarded" {
	injection 'MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n'
	# Only the transaction sent over TLS was logged.
	assert_equal "$(grep -c 'info: mail from=' <<<"$stderr")" 1
}

@test "TLS 1.2: handshake, delivery with SMTP_TLS TLSv1.2" {
	tls_session --tls12 --ca "$CERT" -- -c "$CERT" -k "$KEY" <<'EOF'
<
> EHLO a
<
> STARTTLS
<
starttls
> EHLO b
<
> MAIL FROM:<a@b>
<
> RCPT TO:<c@d>
<
> DATA
<
> hi
> .
<
> QUIT
<
EOF
	assert_success
	assert_line --regexp '^TLS: TLSv1\.2 '
	# STARTTLS offered in the first EHLO reply only.
	assert_equal "$(grep -c '^S: 250-STARTTLS$' <<<"$output")" 1
	assert_line 'S: 250 2.0.0 Message accepted'
	assert_line 'EXIT 0'
	[[ $CIPHER == "TLSv1.2 "?* ]]
	assert_equal "$(deliver_env 1 SMTP_TLS)" "$CIPHER"
	run grep -c "with ESMTPS (TLSv1.2 " "$REC/msg.1"
	assert_output 1
}

@test "failed handshake: plaintext junk after 220 ends the session, no plaintext byte" {
	tls_session -- -c "$CERT" -k "$KEY" <<'EOF'
<
> EHLO a
<
> STARTTLS
<
> garbage
expect-eof
EOF
	assert_success
	assert_equal "${lines[-3]}" 'S: 220 2.0.0 Ready to start TLS'
	assert_equal "${lines[-2]}" 'EOF'
	assert_equal "${lines[-1]}" 'EXIT 0'
	[[ $stderr == *"info: tls result=failed"* ]]
	[[ $stderr == *"reason=tls-failed"* ]]
	assert_equal "$(deliveries)" 0
}

@test "-T implicit TLS: handshake first, no STARTTLS, AUTH without -A, ESMTPSA" {
	tls_session --implicit --ca "$CERT" -- -T -a "$CHECKPW" \
	    -c "$CERT" -k "$KEY" <<EOF
<
> EHLO a
<
> STARTTLS
<
> AUTH PLAIN $PLAIN_OK
<
> MAIL FROM:<a@b>
<
> RCPT TO:<c@d>
<
> DATA
<
> hi
> .
<
> QUIT
<
EOF
	assert_success
	assert_equal "${lines[0]}" "TLS: $CIPHER"
	assert_equal "${lines[1]}" 'S: 220 mx.test ESMTP'
	assert_line 'S: 250-AUTH PLAIN LOGIN'
	refute_line 'S: 250-STARTTLS'
	assert_line --regexp '^S: 50[23] 5\.5\.1 '
	assert_line 'S: 235 2.7.0 Authentication successful'
	assert_line 'S: 250 2.0.0 Message accepted'
	assert_equal "$(deliver_env 1 SMTP_PROTOCOL)" ESMTPSA
	assert_equal "$(deliver_env 1 SMTP_AUTH_USER)" alice
	assert_equal "$(deliver_env 1 SMTP_TLS)" "$CIPHER"
	run grep -c "with ESMTPSA ($CIPHER)" "$REC/msg.1"
	assert_output 1
}

@test "AUTH: 538 before STARTTLS, 235 after it without -A" {
	tls_session -- -a "$CHECKPW" -c "$CERT" -k "$KEY" <<EOF
<
> EHLO a
<
> AUTH PLAIN $PLAIN_OK
<
> STARTTLS
<
starttls
> EHLO b
<
> AUTH PLAIN $PLAIN_OK
<
> QUIT
<
EOF
	assert_success
	assert_equal "$TRANSCRIPT" "S: 220 mx.test ESMTP
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-STARTTLS
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
S: 538 5.7.11 Encryption required for requested authentication mechanism
S: 220 2.0.0 Ready to start TLS
TLS: TLSv1.3
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-AUTH PLAIN LOGIN
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
S: 235 2.7.0 Authentication successful
S: 221 2.0.0 mx.test closing connection
EXIT 0"
	# checkpassword ran once: for the AUTH under TLS only.
	assert_equal "$(cat "$REC/auth")" alice
	[[ $stderr != *"$PLAIN_OK"* ]]
	[[ $stderr != *secret* ]]
}

@test "configuration: missing or unreadable -c/-k file, -T without -c: exit 100" {
	local missing=$BATS_TEST_TMPDIR/no-such-cert.pem

	run --separate-stderr "$SERVER" -c "$missing" -k "$KEY" "$DELIVER" </dev/null
	assert_failure 100
	assert_output ''
	[[ $stderr == *"fatal: TLS: unable to read $missing"* ]]

	run --separate-stderr "$SERVER" -c "$CERT" -k "$missing" "$DELIVER" </dev/null
	assert_failure 100
	assert_output ''
	[[ $stderr == *"fatal: TLS: unable to read $missing"* ]]

	# A directory opens but cannot be read.
	run --separate-stderr "$SERVER" -c "$CERT" -k "$BATS_TEST_TMPDIR" \
	    "$DELIVER" </dev/null
	assert_failure 100
	[[ $stderr == *"unable to read $BATS_TEST_TMPDIR"* ]]

	# A file without read permission (root reads anything: drop to nobody).
	local dir=$BATS_TEST_TMPDIR/perm
	mkdir -m 755 "$dir"
	cp "$CERT" "$dir/cert.pem"
	chmod 000 "$dir/cert.pem"
	local asuser=()
	[ "$(id -u)" = 0 ] && asuser=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	run --separate-stderr "${asuser[@]}" "$SERVER" -c "$dir/cert.pem" -k "$KEY" \
	    "$DELIVER" </dev/null
	assert_failure 100
	assert_output ''
	[[ $stderr == *"unable to read $dir/cert.pem"* ]]

	run --separate-stderr "$SERVER" -T "$DELIVER" </dev/null
	assert_failure 100
	assert_output ''
	[[ $stderr == *fatal:* ]]
}

@test "handshake timeout: STARTTLS then silence, -t 1: exit 0, nothing after the 220" {
	local out=$BATS_TEST_TMPDIR/out err=$BATS_TEST_TMPDIR/err
	local res=$BATS_TEST_TMPDIR/res

	{ printf 'EHLO x\r\nSTARTTLS\r\n'; sleep 4; } | {
		t0=${EPOCHREALTIME/[.,]/}
		rc=0
		timeout 10 "$SERVER" -t 1 -h mx.test -c "$CERT" -k "$KEY" \
		    "$DELIVER" >"$out" 2>"$err" || rc=$?
		t1=${EPOCHREALTIME/[.,]/}
		echo "$rc $(((t1 - t0) / 1000))" >"$res"
	}
	read -r rc ms <"$res"
	assert_equal "$rc" 0
	# Gone after about one second, long before the client's 4 s silence.
	[ "$ms" -ge 900 ]
	[ "$ms" -lt 3500 ]
	run tail -c 30 "$out"
	assert_output "$(printf '220 2.0.0 Ready to start TLS\r\n')"
	run grep -c $'^220 2\\.0\\.0 Ready to start TLS\r$' "$out"
	assert_output 1
	run cat "$err"
	assert_line --partial 'info: tls result=failed'
}

@test "libtls is not linked and is loaded only on STARTTLS" {
	# the binary itself, even under make test-valgrind: this is about
	# what it links and opens, which valgrind would change
	run ldd "$TOP/smtp-server"
	assert_success
	refute_output --regexp 'libtls|libssl|libcrypto'

	if ! command -v strace >/dev/null; then
		if [ "$(id -u)" != 0 ]; then
			skip "strace is missing and installing it needs root (apt-get install strace)"
		fi
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q strace >/dev/null 2>&1 ||
		    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q strace >/dev/null; }
	fi
	local trace=$BATS_TEST_TMPDIR/trace

	printf 'EHLO x\r\nMAIL FROM:<a@b>\r\nQUIT\r\n' |
	    timeout 20 strace -f -e trace=openat -o "$trace.plain" \
	    "$TOP/smtp-server" -h mx.test -c "$CERT" -k "$KEY" "$DELIVER" >/dev/null 2>&1
	# The trace itself worked: the server opened the C library.
	run grep -c 'libc\.so' "$trace.plain"
	refute_output 0
	run grep -E 'libtls|libssl|libcrypto' "$trace.plain"
	assert_failure

	printf 'EHLO x\r\nSTARTTLS\r\n' |
	    timeout 20 strace -f -e trace=openat -o "$trace.tls" \
	    "$TOP/smtp-server" -h mx.test -c "$CERT" -k "$KEY" "$DELIVER" >/dev/null 2>&1
	run grep -E 'openat\(.*libtls[^"]*\.so[^"]*", .*= [0-9]+$' "$trace.tls"
	assert_success
	run grep -E 'openat\(.*libssl[^"]*\.so[^"]*", .*= [0-9]+$' "$trace.tls"
	assert_success
}

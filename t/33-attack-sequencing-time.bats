#!/usr/bin/env bats
# 33-attack-sequencing-time.bats - attacks on the order and the timing of
# commands, through ./smtp-server with stub children: AUTH state changes
# (RFC 4954), pipelined groups ending at DATA, EHLO and STARTTLS (RFC 2920,
# RFC 3207), BDAT without CHUNKING (the class of CVE-2017-16943, Exim's
# use-after-free reached by BDAT after a reset), the error limits, and
# clients that drip bytes (slowloris) or never read (the -t deadline, per
# complete line and per write).

load test_helper
load attack/helper

PIPE=$TOP/t/bin/smtp-tls-pipe

EHLO=('250-mx.test' '250-PIPELINING' '250-SIZE 10485760' '250-8BITMIME'
    '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8')
EHLO_AUTH=('250-mx.test' '250-PIPELINING' '250-SIZE 10485760'
    '250-AUTH PLAIN LOGIN' '250-8BITMIME' '250-ENHANCEDSTATUSCODES'
    '250 SMTPUTF8')

# base64 of "\0alice\0secret", "alice", "secret", "mallory", "wrong"
PLAIN_ALICE=AGFsaWNlAHNlY3JldA==
B64_ALICE=YWxpY2U=
B64_SECRET=c2VjcmV0
B64_MALLORY=bWFsbG9yeQ==
B64_WRONG=d3Jvbmc=

# checkpassword knowing alice/secret only, and a recording delivery program
auth_stubs() {
	make_attack_stub checkpassword checkpw-match STUB_USER=alice \
	    STUB_PASS=secret
	make_stub deliver fake-deliver
}

# Shell code for smtp --client: wait (at most 10 s) until the server's
# output has COUNT lines matching the ERE, then copy that output to FILE.
wait_reply() {
	printf 'for i in $(seq 200); do [ "$(grep -acE %q "$SMTP_OUT" 2>/dev/null)" -ge %d ] && break; sleep 0.05; done; cp "$SMTP_OUT" %q' \
	    "$1" "$2" "$3"
}

@test "RFC 4954 4: a mechanism switch after a failure: AUTH LOGIN refused, then AUTH PLAIN succeeds; the delivery sees the PLAIN user" {
	auth_stubs
	smtp "EHLO c\r\nAUTH LOGIN\r\n$B64_MALLORY\r\n$B64_WRONG\r\nAUTH PLAIN $PLAIN_ALICE\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n" \
	    -h mx.test -a "$STUBS/checkpassword" -A "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO_AUTH[@]}" \
	    '334 VXNlcm5hbWU6' '334 UGFzc3dvcmQ6' \
	    '535 5.7.8 Authentication credentials invalid' \
	    '235 2.7.0 Authentication successful' \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' '250 2.0.0 Message accepted' \
	    '221 2.0.0 mx.test closing connection'
	assert_wellformed
	assert_equal "$(stub_runs checkpassword)" 2
	run cat "$STUB_DIR/checkpassword.fd3.1"
	assert_output --regexp '^mallory\\0wrong\\0<'
	run cat "$STUB_DIR/checkpassword.fd3.2"
	assert_output --regexp '^alice\\0secret\\0<'
	assert_equal "$(stub_env deliver 1 SMTP_AUTH_USER)" alice
	assert_equal "$(stub_env deliver 1 SMTP_PROTOCOL)" ESMTPA
}

@test "RFC 4954 4: AUTH inside a transaction -> 503 5.5.1, no checkpassword, the message goes on unauthenticated; after it AUTH works" {
	auth_stubs
	smtp "EHLO c\r\nMAIL FROM:<a@example.com>\r\nAUTH PLAIN $PLAIN_ALICE\r\nAUTH LOGIN\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nAUTH PLAIN $PLAIN_ALICE\r\nQUIT\r\n" \
	    -h mx.test -a "$STUBS/checkpassword" -A "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO_AUTH[@]}" \
	    '250 2.1.0 Sender OK' \
	    '503 5.5.1 AUTH not permitted during a mail transaction' \
	    '503 5.5.1 AUTH not permitted during a mail transaction' \
	    '250 2.1.5 Recipient OK' '354 End data with <CR><LF>.<CR><LF>' \
	    '250 2.0.0 Message accepted' '235 2.7.0 Authentication successful' \
	    '221 2.0.0 mx.test closing connection'
	assert_wellformed
	assert_equal "$(stub_runs checkpassword)" 1
	refute_grep '^SMTP_AUTH_USER=' "$STUB_DIR/deliver.env.1"
	assert_equal "$(stub_env deliver 1 SMTP_PROTOCOL)" ESMTP
}

@test "RFC 4954 4: '*' cancels AUTH at every step (PLAIN prompt, LOGIN user, LOGIN password, after an initial response) -> 501 5.7.0, no checkpassword, no failure counted" {
	auth_stubs
	smtp "EHLO c\r\nAUTH PLAIN\r\n*\r\nAUTH LOGIN\r\n*\r\nAUTH LOGIN\r\n$B64_ALICE\r\n*\r\nAUTH LOGIN $B64_ALICE\r\n*\r\nAUTH LOGIN\r\n$B64_ALICE\r\n$B64_SECRET\r\nQUIT\r\n" \
	    -h mx.test -a "$STUBS/checkpassword" -A "$STUBS/deliver"
	assert_equal "$status" 0
	# four cancels, more than the 3 refused logins that would close:
	# a cancel is not a refusal
	assert_replies '220 mx.test ESMTP' "${EHLO_AUTH[@]}" \
	    '334 ' '501 5.7.0 Authentication cancelled' \
	    '334 VXNlcm5hbWU6' '501 5.7.0 Authentication cancelled' \
	    '334 VXNlcm5hbWU6' '334 UGFzc3dvcmQ6' \
	    '501 5.7.0 Authentication cancelled' \
	    '334 UGFzc3dvcmQ6' '501 5.7.0 Authentication cancelled' \
	    '334 VXNlcm5hbWU6' '334 UGFzc3dvcmQ6' \
	    '235 2.7.0 Authentication successful' \
	    '221 2.0.0 mx.test closing connection'
	assert_wellformed
	assert_equal "$(stub_runs checkpassword)" 1
}

@test "RFC 4954 4: AUTH twice -> 503 5.5.1 Already authenticated; the second identity is never checked nor used" {
	auth_stubs
	smtp "EHLO c\r\nAUTH PLAIN $PLAIN_ALICE\r\nAUTH LOGIN\r\nAUTH PLAIN AG1hbGxvcnkAd3Jvbmc=\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n" \
	    -h mx.test -a "$STUBS/checkpassword" -A "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO_AUTH[@]}" \
	    '235 2.7.0 Authentication successful' \
	    '503 5.5.1 Already authenticated' '503 5.5.1 Already authenticated' \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' '250 2.0.0 Message accepted' \
	    '221 2.0.0 mx.test closing connection'
	assert_wellformed
	assert_equal "$(stub_runs checkpassword)" 1
	assert_equal "$(stub_env deliver 1 SMTP_AUTH_USER)" alice
}

@test "RFC 2920 3.1: a pipelined group ending at DATA is answered up to the 354 before any body byte is sent" {
	local snap=$BATS_TEST_TMPDIR/at354

	make_stub mail-check fake-check
	make_stub rcpt-check fake-check
	make_stub deliver fake-deliver
	rm -f "$BATS_TEST_TMPDIR/smtp.out"
	smtp --client "printf 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\nDATA\r\n'; $(wait_reply '^354 ' 1 "$snap"); printf 'body\r\n.\r\nQUIT\r\n'" \
	    -h mx.test -m "$STUBS/mail-check" -R "$STUBS/rcpt-check" \
	    "$STUBS/deliver"
	assert_equal "$status" 0
	assert_wellformed
	# what the client had before it sent the body: every reply of the group
	assert_equal "$(cat "$snap")" "$(printf '%s\r\n' '220 mx.test ESMTP' \
	    "${EHLO[@]}" '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '250 2.1.5 Recipient OK' '354 End data with <CR><LF>.<CR><LF>')"
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_runs deliver)" 1
	assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" b@example.com \
	    c@example.com
}

@test "RFC 2920 3.1, CVE-2017-16943 class: a group ending at EHLO resets the transaction; commands after it in the same write find no MAIL" {
	local snap=$BATS_TEST_TMPDIR/at-ehlo

	make_stub mail-check fake-check
	make_stub rcpt-check fake-check
	make_stub deliver fake-deliver
	rm -f "$BATS_TEST_TMPDIR/smtp.out"
	smtp --client "printf 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nEHLO d\r\n'; $(wait_reply '^250 SMTPUTF8' 2 "$snap"); printf 'RCPT TO:<c@example.com>\r\nDATA\r\nMAIL FROM:<x@example.com>\r\nRCPT TO:<y@example.com>\r\nEHLO e\r\nRCPT TO:<z@example.com>\r\nDATA\r\nMAIL FROM:<n@example.com>\r\nRCPT TO:<m@example.com>\r\nDATA\r\nnew\r\n.\r\nQUIT\r\n'" \
	    -h mx.test -m "$STUBS/mail-check" -R "$STUBS/rcpt-check" \
	    "$STUBS/deliver"
	assert_equal "$status" 0
	assert_wellformed
	assert_replies '220 mx.test ESMTP' "${EHLO[@]}" \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' "${EHLO[@]}" \
	    '503 5.5.1 Need MAIL before RCPT' '503 5.5.1 Need RCPT before DATA' \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' "${EHLO[@]}" \
	    '503 5.5.1 Need MAIL before RCPT' '503 5.5.1 Need RCPT before DATA' \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' '250 2.0.0 Message accepted' \
	    '221 2.0.0 mx.test closing connection'
	# the group was answered up to its EHLO before the client went on
	assert_equal "$(cat "$snap")" "$(printf '%s\r\n' '220 mx.test ESMTP' \
	    "${EHLO[@]}" '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    "${EHLO[@]}")"
	# the message has its own envelope only
	assert_equal "$(stub_runs deliver)" 1
	assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" m@example.com
	assert_equal "$(stub_env deliver 1 SENDER)" n@example.com
	assert_equal "$(stub_env deliver 1 SMTP_HELO)" e
	assert_equal "$(stub_runs rcpt-check)" 3
}

@test "RFC 3207 4.2, RFC 2920: a pipelined group ending at STARTTLS is answered; the MAIL, RCPT and DATA after it in the same write are discarded" {
	local cert=$BATS_TEST_TMPDIR/cert.pem key=$BATS_TEST_TMPDIR/key.pem

	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -days 2 -subj /CN=localhost -keyout "$key" -out "$cert" 2>/dev/null
	make_stub mail-check fake-check
	make_stub rcpt-check fake-check
	make_stub deliver fake-deliver
	run --separate-stderr timeout 40 "$PIPE" -- env -i PATH="$PATH" \
	    TMPDIR="$SPOOL" "$SERVER" -h mx.test -c "$cert" -k "$key" \
	    -m "$STUBS/mail-check" -R "$STUBS/rcpt-check" "$STUBS/deliver" <<'EOF'
<
>raw EHLO c\r\nNOOP\r\nSTARTTLS\r\nMAIL FROM:<evil@attacker.example>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\n
<
<
<
starttls
> EHLO c
<
> MAIL FROM:<a@example.com>
<
> RCPT TO:<b@example.com>
<
> DATA
<
> hello
> .
<
> QUIT
<
expect-eof
EOF
	assert_success
	assert_equal "$(sed -E 's/^(TLS: TLSv1\.[23]) .*/\1/' <<<"$output")" \
	    "$(printf '%s\n' 'S: 220 mx.test ESMTP' 'S: 250-mx.test' \
	    'S: 250-PIPELINING' 'S: 250-SIZE 10485760' 'S: 250-STARTTLS' \
	    'S: 250-8BITMIME' 'S: 250-ENHANCEDSTATUSCODES' 'S: 250 SMTPUTF8' \
	    'S: 250 2.0.0 OK' 'S: 220 2.0.0 Ready to start TLS' 'TLS: TLSv1.3' \
	    'S: 250-mx.test' 'S: 250-PIPELINING' 'S: 250-SIZE 10485760' \
	    'S: 250-8BITMIME' 'S: 250-ENHANCEDSTATUSCODES' 'S: 250 SMTPUTF8' \
	    'S: 250 2.1.0 Sender OK' 'S: 250 2.1.5 Recipient OK' \
	    'S: 354 End data with <CR><LF>.<CR><LF>' \
	    'S: 250 2.0.0 Message accepted' \
	    'S: 221 2.0.0 mx.test closing connection' 'EOF' 'EXIT 0')"
	assert_equal "$(stub_runs mail-check)" 1
	assert_argv "$STUB_DIR/mail-check.argv.1" "$STUBS/mail-check" \
	    a@example.com
	assert_equal "$(stub_runs deliver)" 1
	assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" b@example.com
	refute_grep 'evil@|victim@' "$STUB_DIR"/*.argv.* "$STUB_DIR"/*.env.*
}

@test "RFC 3030, CVE-2017-16943 class: BDAT without CHUNKING offered -> 502 5.5.1, and the octets after it are commands, not a chunk" {
	make_stub rcpt-check fake-check
	make_stub deliver fake-deliver
	# "RCPT TO:<c@example.com>\r\n" is 25 octets: as a chunk it would
	# vanish; "EHLO d\r\n" and "BD" are 10
	smtp "EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nBDAT 25 LAST\r\nRCPT TO:<c@example.com>\r\nBDAT 10\r\nEHLO d\r\nBDAT 1 LAST\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<d@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n" \
	    -h mx.test -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_equal "$status" 0
	refute_output --partial CHUNKING
	refute_output --partial BINARYMIME
	assert_replies '220 mx.test ESMTP' "${EHLO[@]}" \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '502 5.5.1 Command not implemented' '250 2.1.5 Recipient OK' \
	    '502 5.5.1 Command not implemented' "${EHLO[@]}" \
	    '502 5.5.1 Command not implemented' \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' '250 2.0.0 Message accepted' \
	    '221 2.0.0 mx.test closing connection'
	assert_wellformed
	assert_equal "$(stub_runs rcpt-check)" 3
	assert_equal "$(stub_runs deliver)" 1
	assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" d@example.com
}

@test "RFC 5321 3.8: 19 errors of every kind are answered, the 20th error reply is 421 4.7.0; nothing after it runs, exit 0" {
	make_stub mail-check fake-check
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nRCPT TO:<b@example.com>\r\nDATA\r\nMAIL FROM:a@example.com\r\nMAIL FROM:<a@example.com> FOO=bar\r\nMAIL FROM:<a@example.com> SIZE=99999999999999999999\r\nEXPN x\r\nVRFY\r\nNO\x01OP\r\nXYZZY\r\nHELO\r\nSTARTTLS\r\nAUTH PLAIN\r\nRSET x\r\nQUIT x\r\nMAIL FROM:<a@example.com> BODY=9BIT\r\nMAIL FROM:<$(id)@example.com>\r\nBDAT 1\r\nTURN\r\nDATA x\r\nRCPT TO:<b@example.com>\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' \
	    -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO[@]}" \
	    '503 5.5.1 Need MAIL before RCPT' '503 5.5.1 Need RCPT before DATA' \
	    '501 5.1.7 Bad sender address syntax' \
	    '555 5.5.4 Unsupported parameter' \
	    '552 5.3.4 Message size exceeds fixed maximum message size' \
	    '502 5.5.1 Command not implemented' \
	    '501 5.5.4 Syntax: VRFY address' \
	    '500 5.5.2 Invalid character in command' \
	    '500 5.5.2 Command unrecognized' '501 Syntax: HELO hostname' \
	    '502 5.5.1 Command not implemented' \
	    '502 5.5.1 Command not implemented' '501 5.5.4 Syntax: RSET' \
	    '501 5.5.4 Syntax: QUIT' '501 5.5.4 Invalid parameter' \
	    '501 5.1.7 Bad sender address syntax' \
	    '502 5.5.1 Command not implemented' \
	    '502 5.5.1 Command not implemented' '501 5.5.4 Syntax: DATA' \
	    '421 4.7.0 mx.test Too many errors, closing'
	assert_wellformed
	assert_equal "$(stub_runs mail-check)" 0
	assert_equal "$(stub_runs deliver)" 0
	assert_log ': info: end ip=unknown reason=[a-z-]+ messages=0 accepted=0$'
}

@test "RFC 5321 3.8: 9 unknown commands are answered 500 5.5.2, the 10th is 421 4.7.0; the session ends, exit 0" {
	local i in='' want=()

	make_stub deliver fake-deliver
	for i in 1 2 3 4 5 6 7 8 9; do
		in+="XCMD$i\r\n"
		want+=('500 5.5.2 Command unrecognized')
	done
	smtp "EHLO c\r\n${in}XCMD10\r\nNOOP\r\nQUIT\r\n" -h mx.test \
	    "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO[@]}" "${want[@]}" \
	    '421 4.7.0 mx.test Too many unknown commands, closing'
	assert_wellformed
}

@test "slowloris, -t 2: one byte a second, never a whole line -> 421 4.4.2 after ~2 s although bytes keep coming; exit 0" {
	make_stub deliver fake-deliver
	smtp --client "printf 'EHLO c\r\n'; for i in \$(seq 15); do printf N || exit 0; sleep 1; done" \
	    -h mx.test -t 2 "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO[@]}" \
	    '421 4.4.2 mx.test Timeout, closing connection'
	assert_wellformed
	assert_log ': info: end ip=unknown reason=timeout '
	echo "# slowloris: closed after $SMTP_MS ms" >&3
	((SMTP_MS >= 1900)) || fail "closed after $SMTP_MS ms, before -t 2"
	((SMTP_MS < 5000)) || fail "closed after $SMTP_MS ms: the drip kept it open"
}

@test "slowloris mid-DATA, -t 2: a message line dripping a byte a second -> 421 4.4.2 after ~2 s, nothing delivered, no spool left" {
	make_stub deliver fake-deliver
	smtp --client "printf 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n'; for i in \$(seq 15); do printf S || exit 0; sleep 1; done" \
	    -h mx.test -t 2 "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO[@]}" \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' \
	    '421 4.4.2 mx.test Timeout, closing connection'
	assert_wellformed
	echo "# slowloris in DATA: closed after $SMTP_MS ms" >&3
	((SMTP_MS >= 1900)) || fail "closed after $SMTP_MS ms, before -t 2"
	((SMTP_MS < 5000)) || fail "closed after $SMTP_MS ms: the drip kept it open"
	assert_equal "$(stub_runs deliver)" 0
	run ls -A "$SPOOL"
	assert_output ''
}

@test "-t 2 is per complete line: whole message lines 1.2 s apart (longer than 2 s in all) are not cut off" {
	make_stub deliver fake-deliver
	smtp --client "printf 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n'; for i in 1 2 3; do sleep 1.2; printf 'line %s\r\n' \$i; done; printf '.\r\nQUIT\r\n'" \
	    -h mx.test -t 2 "$STUBS/deliver"
	assert_equal "$status" 0
	assert_reply '250 2.0.0 Message accepted'
	refute_reply '421 4.4.2 mx.test Timeout, closing connection'
	assert_equal "$(tail -n 3 "$STUB_DIR/message.1")" \
	    "$(printf 'line %s\r\n' 1 2 3)"
}

@test "RFC 5321 4.5.3.2.7, -t 2: a client that never reads (pipelined EHLOs whose replies fill the pipe) -> the server gives up within seconds and exits; no stray process" {
	local in=$BATS_TEST_TMPDIR/ehlo.in rc ms stray unread

	make_stub deliver fake-deliver
	# 3000 EHLO replies, 330 kB: five times the pipe's 64 KiB
	awk 'BEGIN { for (i = 0; i < 3000; i++) printf "EHLO c\r\n" }' >"$in"
	run --separate-stderr "$ATTACK/no-read-client" 10 "$in" -- \
	    env TMPDIR="$SPOOL" "$SERVER" -h mx.test -t 2 "$STUBS/deliver"
	assert_success
	echo "# never-reading client: $output" >&3
	[[ $output =~ ^exit=([0-9a-z]+)\ ms=([0-9]+)\ stray=([0-9]+)\ unread=([0-9]+)$ ]] ||
	    fail "no-read-client said: $output"
	rc=${BASH_REMATCH[1]} ms=${BASH_REMATCH[2]}
	stray=${BASH_REMATCH[3]} unread=${BASH_REMATCH[4]}
	if [ "$rc" = none ]; then
		fail "the server was still blocked after 10 s (-t 2) and had to be killed"
	fi
	assert_equal "$rc" 0
	((ms < 8000)) || fail "the server took $ms ms to give up"
	assert_equal "$stray" 0
	# the replies did fill the pipe: the server was stuck on a write
	((unread >= 4096)) || fail "only $unread octets unread: no back-pressure"
	[[ $stderr =~ info:\ end\ ip=unknown\ reason=(write-failed|timeout)\  ]] ||
	    fail "no end line with reason=write-failed in the log: ${stderr: -300}"
}

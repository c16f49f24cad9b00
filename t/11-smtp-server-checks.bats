#!/usr/bin/env bats
# smtp-server(8): the sender check (-m) and the recipient check (-R) -- how
# their exit status and first output line become the reply, the argv and the
# environment each child sees, RELAYCLIENT, and addresses full of shell
# metacharacters that must reach a child as one untouched argument.

load test_helper

MAIL='EHLO client.example\r\nMAIL FROM:<a@example.com>\r\nQUIT\r\n'
RCPT='EHLO client.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nQUIT\r\n'

@test "RFC 5321 4.1.1.2: -m exit 0 -> 250 2.1.0; argv is the sender alone" {
	make_stub mail-check fake-check STUB_EXIT=0
	make_stub deliver fake-deliver
	smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_equal "$status" 0
	assert_reply '250 2.1.0 Sender OK'
	assert_equal "$(stub_runs mail-check)" 1
	assert_argv "$STUB_DIR/mail-check.argv.1" "$STUBS/mail-check" a@example.com
	assert_log ': info: mail-check address="a@example\.com" exit=0 result=accept$'
}

@test "RFC 5321 4.5.5: -m gets an empty argument and SENDER= for the null sender <>" {
	make_stub mail-check fake-check
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<>\r\nQUIT\r\n' -h mx.test -m "$STUBS/mail-check" \
	    "$STUBS/deliver"
	assert_reply '250 2.1.0 Sender OK'
	assert_argv "$STUB_DIR/mail-check.argv.1" "$STUBS/mail-check" ''
	run grep -cx 'SENDER=' "$STUB_DIR/mail-check.env.1"
	assert_output 1
}

@test "RFC 5321 4.2.2: -m exit 100 -> 550 5.7.1 Sender refused, and no transaction follows" {
	make_stub mail-check fake-check STUB_EXIT=100
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nQUIT\r\n' \
	    -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-8BITMIME' '250-ENHANCEDSTATUSCODES' \
	    '250 SMTPUTF8' '550 5.7.1 Sender refused' \
	    '503 5.5.1 Need MAIL before RCPT' '503 5.5.1 Need RCPT before DATA' \
	    '221 2.0.0 mx.test closing connection'
	assert_log ': info: mail-check address="a@example\.com" exit=100 result=reject$'
	assert_equal "$(stub_runs deliver)" 0
}

@test "RFC 5321 4.2.2: -m exit 111, any other exit, or a signal -> 451 4.7.1" {
	make_stub deliver fake-deliver
	make_stub mail-check fake-check STUB_EXIT=111
	smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_reply '451 4.7.1 Sender not accepted now, try again later'
	assert_log ': info: mail-check address="a@example\.com" exit=111 result=tempfail$'
	make_stub mail-check fake-check STUB_EXIT=3
	smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_reply '451 4.7.1 Sender not accepted now, try again later'
	assert_log 'exit=3 result=tempfail$'
	make_stub mail-check fake-check STUB_SIGNAL=KILL
	smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_reply '451 4.7.1 Sender not accepted now, try again later'
	assert_log ': info: mail-check address="a@example\.com" signal=9 result=tempfail$'
	refute_reply '250 2.1.0 Sender OK'
}

@test "RFC 5321 4.2.2: -m exec failure (no such program) -> 451 4.7.1" {
	make_stub deliver fake-deliver
	smtp "$MAIL" -h mx.test -m "$STUBS/no-such-check" "$STUBS/deliver"
	assert_equal "$status" 0
	assert_reply '451 4.7.1 Sender not accepted now, try again later'
}

@test "-w: a sender check past the limit is killed with its children -> 451 4.7.1" {
	local pid sleeper

	make_stub mail-check fake-check STUB_SLEEP=30
	make_stub deliver fake-deliver
	smtp "$MAIL" -h mx.test -w 1 -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_equal "$status" 0
	assert_reply '451 4.7.1 Sender not accepted now, try again later'
	assert [ "$SMTP_MS" -lt 5000 ]
	assert_log ': info: mail-check address="a@example\.com" child=timeout result=tempfail$'
	pid=$(cat "$STUB_DIR/mail-check.pid.1")
	sleeper=$(cat "$STUB_DIR/mail-check.sleeppid.1")
	assert_gone "$pid"
	assert_gone "$sleeper"
}

@test "RFC 5321 4.2: a check's reply line replaces the default when its class matches the decision" {
	make_stub deliver fake-deliver
	make_stub mail-check fake-check STUB_EXIT=0 \
	    'STUB_REPLY=250 2.1.0 Hello friend'
	smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_reply '250 2.1.0 Hello friend'
	make_stub mail-check fake-check STUB_EXIT=100 \
	    'STUB_REPLY=553 5.7.1 You are on the list'
	smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_reply '553 5.7.1 You are on the list'
	make_stub mail-check fake-check STUB_EXIT=111 \
	    'STUB_REPLY=452 4.3.1 Try later please'
	smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_reply '452 4.3.1 Try later please'
	make_stub rcpt-check fake-check STUB_EXIT=100 \
	    'STUB_REPLY=550 5.1.1 No such mailbox here'
	smtp "$RCPT" -h mx.test -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_reply '550 5.1.1 No such mailbox here'
	make_stub rcpt-check fake-check STUB_EXIT=111 \
	    'STUB_REPLY=450 4.2.1 Mailbox busy'
	smtp "$RCPT" -h mx.test -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_reply '450 4.2.1 Mailbox busy'
}

@test "RFC 3463: a check's reply line without an enhanced code gets x.0.0 of its class" {
	make_stub deliver fake-deliver
	make_stub mail-check fake-check STUB_EXIT=100 'STUB_REPLY=554 Go away'
	smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_reply '554 5.0.0 Go away'
}

@test "RFC 5321 4.2: a check's reply line of another class than the decision is ignored" {
	make_stub deliver fake-deliver
	make_stub mail-check fake-check STUB_EXIT=100 'STUB_REPLY=250 2.1.0 Fine'
	smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_reply '550 5.7.1 Sender refused'
	refute_reply '250 2.1.0 Fine'
	make_stub mail-check fake-check STUB_EXIT=0 'STUB_REPLY=550 5.7.1 No'
	smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_reply '250 2.1.0 Sender OK'
	make_stub mail-check fake-check STUB_EXIT=111 'STUB_REPLY=554 5.7.1 No'
	smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_reply '451 4.7.1 Sender not accepted now, try again later'
	make_stub rcpt-check fake-check STUB_EXIT=0 'STUB_REPLY=450 4.2.0 No'
	smtp "$RCPT" -h mx.test -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_reply '250 2.1.5 Recipient OK'
}

@test "RFC 5321 4.2: a malformed reply line from a check is ignored" {
	local line

	make_stub deliver fake-deliver
	for line in 'go away' '5500 5.7.1 x' '550-5.7.1 multi' '550' '55 x' \
	    '650 6.0.0 x'; do
		make_stub mail-check fake-check STUB_EXIT=100 "STUB_REPLY=$line"
		smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
		assert_reply '550 5.7.1 Sender refused'
	done
}

@test "RFC 5321 4.1.1.3: -R exit 0 -> 250 2.1.5; argv is the recipient, RECIPIENT and SENDER are set" {
	make_stub rcpt-check fake-check
	make_stub deliver fake-deliver
	smtp "$RCPT" -h mx.test -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_reply '250 2.1.5 Recipient OK'
	assert_argv "$STUB_DIR/rcpt-check.argv.1" "$STUBS/rcpt-check" b@example.com
	assert_equal "$(stub_env rcpt-check 1 RECIPIENT)" b@example.com
	assert_equal "$(stub_env rcpt-check 1 SENDER)" a@example.com
	assert_log ': info: rcpt-check address="b@example\.com" exit=0 result=accept$'
}

@test "RFC 5321 4.1.1.4: -R exit 100 -> 550 5.1.1, and DATA with no valid recipient -> 554 5.5.1" {
	make_stub rcpt-check fake-check STUB_EXIT=100
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nQUIT\r\n' \
	    -h mx.test -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-8BITMIME' '250-ENHANCEDSTATUSCODES' \
	    '250 SMTPUTF8' '250 2.1.0 Sender OK' '550 5.1.1 Recipient refused' \
	    '554 5.5.1 No valid recipients' \
	    '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs deliver)" 0
}

@test "RFC 5321 4.2.2: -R exit 111, any other exit, a signal -> 450 4.2.0" {
	make_stub deliver fake-deliver
	make_stub rcpt-check fake-check STUB_EXIT=111
	smtp "$RCPT" -h mx.test -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_reply '450 4.2.0 Recipient not accepted now, try again later'
	make_stub rcpt-check fake-check STUB_EXIT=42
	smtp "$RCPT" -h mx.test -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_reply '450 4.2.0 Recipient not accepted now, try again later'
	assert_log 'rcpt-check address="b@example\.com" exit=42 result=tempfail$'
	make_stub rcpt-check fake-check STUB_SIGNAL=TERM
	smtp "$RCPT" -h mx.test -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_reply '450 4.2.0 Recipient not accepted now, try again later'
	assert_log 'rcpt-check address="b@example\.com" signal=15 result=tempfail$'
}

@test "-w: a recipient check past the limit is killed with its children -> 450 4.2.0" {
	local pid sleeper

	make_stub rcpt-check fake-check STUB_SLEEP=30
	make_stub deliver fake-deliver
	smtp "$RCPT" -h mx.test -w 1 -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_equal "$status" 0
	assert_reply '450 4.2.0 Recipient not accepted now, try again later'
	assert [ "$SMTP_MS" -lt 5000 ]
	assert_log 'rcpt-check address="b@example\.com" child=timeout result=tempfail$'
	pid=$(cat "$STUB_DIR/rcpt-check.pid.1")
	sleeper=$(cat "$STUB_DIR/rcpt-check.sleeppid.1")
	assert_gone "$pid"
	assert_gone "$sleeper"
}

@test "RFC 5321 4.1.1.3: a recipient refused by -R is not handed to the delivery program" {
	make_stub rcpt-check fake-check STUB_MATCH=bad@example.com STUB_MATCH_EXIT=100
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<bad@example.com>\r\nRCPT TO:<c@example.com>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n' \
	    -h mx.test -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_reply '550 5.1.1 Recipient refused'
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_runs rcpt-check)" 3
	assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" \
	    b@example.com c@example.com
}

@test "RELAYCLIENT set (even empty) skips -R entirely, and is passed to the children" {
	make_stub rcpt-check fake-check STUB_EXIT=100
	make_stub deliver fake-deliver
	RELAYCLIENT= smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n' \
	    -h mx.test -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_reply '250 2.1.5 Recipient OK'
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_runs rcpt-check)" 0
	run grep -cx 'RELAYCLIENT=' "$STUB_DIR/deliver.env.1"
	assert_output 1
	assert_log ': info: rcpt to="b@example\.com"$'
}

@test "child environment: exactly the listed variables; FOO and certificate paths from ours are not passed" {
	local cert key name

	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -days 2 -subj /CN=mx.test -keyout "$BATS_TEST_TMPDIR/key.pem" \
	    -out "$BATS_TEST_TMPDIR/cert.pem" 2>/dev/null
	cert=$BATS_TEST_TMPDIR/cert.pem
	key=$BATS_TEST_TMPDIR/key.pem
	make_stub mail-check fake-check
	make_stub rcpt-check fake-check
	make_stub deliver fake-deliver
	FOO=bar CERTFILE=$cert KEYFILE=$key TLS_CERT=$cert TLS_KEY=$key \
	    SSL_CERT_FILE=$cert TCPREMOTEIP=192.0.2.7 TCPLOCALIP=192.0.2.1 \
	    smtp 'EHLO client.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n' \
	    -h mx.test -c "$cert" -k "$key" -m "$STUBS/mail-check" \
	    -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_environ mail-check 1)" "$(printf '%s\n' \
	    "PATH=$PATH" SENDER=a@example.com SMTP_HELO=client.example \
	    SMTP_PROTOCOL=ESMTP TCPLOCALIP=192.0.2.1 TCPREMOTEIP=192.0.2.7)"
	assert_equal "$(stub_environ rcpt-check 1)" "$(printf '%s\n' \
	    "PATH=$PATH" RECIPIENT=b@example.com SENDER=a@example.com \
	    SMTP_HELO=client.example SMTP_PROTOCOL=ESMTP TCPLOCALIP=192.0.2.1 \
	    TCPREMOTEIP=192.0.2.7)"
	assert_equal "$(stub_environ deliver 1)" "$(printf '%s\n' \
	    "PATH=$PATH" SENDER=a@example.com SMTP_HELO=client.example \
	    SMTP_PROTOCOL=ESMTP TCPLOCALIP=192.0.2.1 TCPREMOTEIP=192.0.2.7)"
	for name in mail-check.env.1 rcpt-check.env.1 deliver.env.1; do
		refute_grep '^FOO=|pem' "$STUB_DIR/$name"
	done
}

@test "child environment: TCPREMOTEHOST and TCPREMOTEINFO are passed when set, SMTP_HELO follows HELO" {
	make_stub mail-check fake-check
	make_stub deliver fake-deliver
	TCPREMOTEHOST=client.example TCPREMOTEINFO=alice \
	    smtp 'HELO helo.example\r\nMAIL FROM:<a@example.com>\r\nQUIT\r\n' \
	    -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_reply '250 2.1.0 Sender OK'
	assert_equal "$(stub_env mail-check 1 TCPREMOTEHOST)" client.example
	assert_equal "$(stub_env mail-check 1 TCPREMOTEINFO)" alice
	assert_equal "$(stub_env mail-check 1 SMTP_HELO)" helo.example
	assert_equal "$(stub_env mail-check 1 SMTP_PROTOCOL)" SMTP
}

@test "child environment: TCPLOCALIP from TCP6LOCALIP when TCPLOCALIP is not set, else \"unknown\" on a pipe" {
	make_stub mail-check fake-check
	make_stub deliver fake-deliver
	TCP6LOCALIP=2001:db8::25 smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" \
	    "$STUBS/deliver"
	assert_equal "$(stub_env mail-check 1 TCPLOCALIP)" 2001:db8::25
	TCPLOCALIP=192.0.2.25 TCP6LOCALIP=2001:db8::25 smtp "$MAIL" -h mx.test \
	    -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_equal "$(stub_env mail-check 2 TCPLOCALIP)" 192.0.2.25
	smtp "$MAIL" -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_equal "$(stub_env mail-check 3 TCPLOCALIP)" unknown
}

@test "shell metacharacters in addresses reach -m, -R and the delivery program verbatim, one argument each, never run" {
	local mark=$BATS_TEST_TMPDIR/marker

	make_stub mail-check fake-check
	make_stub rcpt-check fake-check
	make_stub deliver fake-deliver
	smtp "EHLO c\r\nMAIL FROM:<\"a;rm -rf /\"@example.com>\r\nRCPT TO:<\`touch\${IFS}$mark\`@example.com>\r\nRCPT TO:<\"\$(touch $mark)\"@example.com>\r\nRCPT TO:<x|touch\${IFS}$mark&&id@example.com>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n" \
	    -h mx.test -m "$STUBS/mail-check" -R "$STUBS/rcpt-check" \
	    "$STUBS/deliver"
	assert_reply '250 2.0.0 Message accepted'
	assert_argv "$STUB_DIR/mail-check.argv.1" "$STUBS/mail-check" \
	    '"a;rm -rf /"@example.com'
	assert_argv "$STUB_DIR/rcpt-check.argv.1" "$STUBS/rcpt-check" \
	    "\`touch\${IFS}$mark\`@example.com"
	assert_argv "$STUB_DIR/rcpt-check.argv.2" "$STUBS/rcpt-check" \
	    "\"\$(touch $mark)\"@example.com"
	assert_argv "$STUB_DIR/rcpt-check.argv.3" "$STUBS/rcpt-check" \
	    "x|touch\${IFS}$mark&&id@example.com"
	assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" \
	    "\`touch\${IFS}$mark\`@example.com" "\"\$(touch $mark)\"@example.com" \
	    "x|touch\${IFS}$mark&&id@example.com"
	assert_equal "$(stub_env deliver 1 SENDER)" '"a;rm -rf /"@example.com'
	assert_equal "$(stub_env rcpt-check 2 RECIPIENT)" \
	    "\"\$(touch $mark)\"@example.com"
	assert [ ! -e "$mark" ]
}

@test "RFC 5321 4.1.2: <\$(id)@example.com> is no address: 501 5.1.7 and no check runs" {
	make_stub mail-check fake-check
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<$(id)@example.com>\r\nQUIT\r\n' -h mx.test \
	    -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_reply '501 5.1.7 Bad sender address syntax'
	assert_equal "$(stub_runs mail-check)" 0
}

#!/usr/bin/env bats
# smtp-server(8): the session as the client sees it -- greeting, EHLO
# extensions, the commands through the program, pipelining, usage errors,
# the end of a session, the peer address, the size limit, the log lines and
# bare line ends in a message.  Replies are compared exactly (t/core/FORMAT.md
# "Default replies of the core").

load test_helper

EHLO_PLAIN=('250-mx.test' '250-PIPELINING' '250-SIZE 10485760' '250-8BITMIME'
    '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8')

USAGE='usage: smtp-server [-AQT] [-h name] [-c certfile -k keyfile] [-a checkpassword] [-s bytes] [-r count] [-t seconds] [-w seconds] [-m program] [-R program] program [arg ...]'

# A certificate and key that libtls would accept (only read at start here).
make_cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -days 2 -subj /CN=mx.test -keyout "$BATS_TEST_TMPDIR/key.pem" \
	    -out "$BATS_TEST_TMPDIR/cert.pem" 2>/dev/null
}

@test "RFC 5321 4.2, 4.1.1.10: greeting names the -h host, QUIT answers 221 and exits 0" {
	make_stub deliver fake-deliver
	smtp 'QUIT\r\n' -h mx.test "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' '221 2.0.0 mx.test closing connection'
	assert_log ': info: end ip=unknown reason=quit messages=0 accepted=0$'
	assert_equal "$(stub_runs deliver)" 0
}

@test "RFC 5321 4.1.1.1: without -h the greeting names gethostname()" {
	local host

	host=$(hostname)
	make_stub deliver fake-deliver
	smtp 'QUIT\r\n' "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies "220 $host ESMTP" "221 2.0.0 $host closing connection"
}

@test "usage: a -h name with a space or a control character is refused (exit 100)" {
	make_stub deliver fake-deliver
	smtp 'QUIT\r\n' -h 'mx test' "$STUBS/deliver"
	assert_equal "$status" 100
	assert_equal "$output" ''
	assert_log '^smtp-server\[[0-9]+\]: fatal: -h'
	smtp 'QUIT\r\n' -h "$(printf 'mx\ttest')" "$STUBS/deliver"
	assert_equal "$status" 100
	assert_equal "$output" ''
}

@test "RFC 5321 4.1.1.1, RFC 1870, RFC 2920: EHLO lists the extensions; no STARTTLS or AUTH without -c/-k or -a" {
	make_stub deliver fake-deliver
	smtp 'EHLO client.example\r\nQUIT\r\n' -h mx.test "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" \
	    '221 2.0.0 mx.test closing connection'
}

@test "RFC 3207 2: EHLO offers STARTTLS with -c/-k, and AUTH only after TLS (not with -a alone)" {
	make_cert
	make_stub deliver fake-deliver
	make_stub fake-checkpassword fake-checkpassword
	smtp 'EHLO client.example\r\nQUIT\r\n' -h mx.test \
	    -c "$BATS_TEST_TMPDIR/cert.pem" -k "$BATS_TEST_TMPDIR/key.pem" \
	    -a "$STUBS/fake-checkpassword" "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-STARTTLS' '250-8BITMIME' \
	    '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8' \
	    '221 2.0.0 mx.test closing connection'
}

@test "RFC 4954 3: -a with -A offers AUTH PLAIN LOGIN without TLS, after STARTTLS" {
	make_cert
	make_stub deliver fake-deliver
	make_stub fake-checkpassword fake-checkpassword
	smtp 'EHLO client.example\r\nQUIT\r\n' -h mx.test -A \
	    -a "$STUBS/fake-checkpassword" "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-AUTH PLAIN LOGIN' '250-8BITMIME' \
	    '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8' \
	    '221 2.0.0 mx.test closing connection'
	smtp 'EHLO client.example\r\nQUIT\r\n' -h mx.test -A \
	    -c "$BATS_TEST_TMPDIR/cert.pem" -k "$BATS_TEST_TMPDIR/key.pem" \
	    -a "$STUBS/fake-checkpassword" "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-STARTTLS' '250-AUTH PLAIN LOGIN' \
	    '250-8BITMIME' '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8' \
	    '221 2.0.0 mx.test closing connection'
}

@test "RFC 4954 3: -A without -a offers no AUTH, and AUTH is not implemented" {
	make_stub deliver fake-deliver
	smtp 'EHLO client.example\r\nAUTH PLAIN AHUAcA==\r\nQUIT\r\n' \
	    -h mx.test -A "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" \
	    '502 5.5.1 Command not implemented' \
	    '221 2.0.0 mx.test closing connection'
}

@test "RFC 5321 4.1.1.1: HELO answers 250 with the host name and the protocol is SMTP" {
	make_stub deliver fake-deliver
	smtp 'HELO client.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' '250 mx.test' '250 2.1.0 Sender OK' \
	    '250 2.1.5 Recipient OK' '354 End data with <CR><LF>.<CR><LF>' \
	    '250 2.0.0 Message accepted' '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_env deliver 1 SMTP_PROTOCOL)" SMTP
	assert_equal "$(stub_env deliver 1 SMTP_HELO)" client.example
	run grep -c $'^\tby mx.test (smtp-server) with SMTP\r$' "$STUB_DIR/message.1"
	assert_output 1
}

@test "RFC 5321 4.1.1.1: HELO/EHLO without a name or with two words is a syntax error" {
	make_stub deliver fake-deliver
	smtp 'HELO\r\nEHLO\r\nHELO a b\r\nEHLO a b\r\nQUIT\r\n' -h mx.test \
	    "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' '501 Syntax: HELO hostname' \
	    '501 Syntax: EHLO hostname' '501 Syntax: HELO hostname' \
	    '501 Syntax: EHLO hostname' '221 2.0.0 mx.test closing connection'
}

@test "RFC 5321 3.3: a whole transaction (EHLO, MAIL, RCPT, DATA, dot, QUIT) through the program" {
	make_stub deliver fake-deliver
	smtp 'EHLO client.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nSubject: t\r\n\r\nbody\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' '250 2.0.0 Message accepted' \
	    '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs deliver)" 1
	assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" b@example.com
}

@test "RFC 5321 4.1.1.5, 4.1.1.6, 4.1.1.8, 4.1.1.9: RSET, VRFY, HELP and NOOP" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nRSET\r\nRSET x\r\nVRFY postmaster\r\nVRFY\r\nHELP\r\nNOOP\r\nQUIT x\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" \
	    '250 2.0.0 OK' '501 5.5.4 Syntax: RSET' \
	    '252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery' \
	    '501 5.5.4 Syntax: VRFY address' '214 2.0.0 See RFC 5321' \
	    '250 2.0.0 OK' '501 5.5.4 Syntax: QUIT' \
	    '221 2.0.0 mx.test closing connection'
}

@test "RFC 5321 4.1.1.5: RSET ends the transaction, so RCPT needs a new MAIL" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRSET\r\nRCPT TO:<b@example.com>\r\nDATA\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" \
	    '250 2.1.0 Sender OK' '250 2.0.0 OK' \
	    '503 5.5.1 Need MAIL before RCPT' '503 5.5.1 Need RCPT before DATA' \
	    '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs deliver)" 0
}

@test "RFC 5321 4.1.4: MAIL before HELO/EHLO and a nested MAIL are refused with 503" {
	make_stub deliver fake-deliver
	smtp 'MAIL FROM:<a@example.com>\r\nEHLO c\r\nMAIL FROM:<a@example.com>\r\nMAIL FROM:<b@example.com>\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' '503 5.5.1 Send HELO/EHLO first' \
	    "${EHLO_PLAIN[@]}" '250 2.1.0 Sender OK' \
	    '503 5.5.1 Nested MAIL command' \
	    '221 2.0.0 mx.test closing connection'
}

@test "RFC 2920 3.1: a pipelined group, sent in one write, is answered in order" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<bad address>\r\nRCPT TO:<b@example.com>\r\nNOOP\r\nRCPT TO:<c@example.com>\r\nDATA\r\nline\r\n.\r\nRSET\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" \
	    '250 2.1.0 Sender OK' '501 5.1.3 Bad recipient address syntax' \
	    '250 2.1.5 Recipient OK' '250 2.0.0 OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' '250 2.0.0 Message accepted' \
	    '250 2.0.0 OK' '221 2.0.0 mx.test closing connection'
	assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" \
	    b@example.com c@example.com
}

@test "RFC 2920 3.1: the replies to a pipelined group go out in one write" {
	local trace=$BATS_TEST_TMPDIR/trace

	make_stub deliver fake-deliver
	SMTP_PREFIX="strace -qq -e trace=write -e signal=none -o $trace" \
	    smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\nNOOP\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '250 2.1.5 Recipient OK' '250 2.0.0 OK' \
	    '221 2.0.0 mx.test closing connection'
	# the greeting before the first read, then the whole group at once
	run grep -c '^write(1, ' "$trace"
	assert_output 2
}

@test "RFC 5321 4.2.4: an unknown command gets 500 5.5.2, EXPN 502 5.5.1, and the session goes on" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nFROB x\r\nEXPN staff\r\nNOOP\r\nQUIT\r\n' -h mx.test \
	    "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" \
	    '500 5.5.2 Command unrecognized' '502 5.5.1 Command not implemented' \
	    '250 2.0.0 OK' '221 2.0.0 mx.test closing connection'
}

@test "RFC 5321 4.5.3.1.4: a 100 kB command line (longer than a read) gets 500 5.5.6 once, and the session goes on" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nNOOP %0100000d\r\nNOOP\r\nQUIT\r\n' -h mx.test \
	    "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" \
	    '500 5.5.6 Line too long' '250 2.0.0 OK' \
	    '221 2.0.0 mx.test closing connection'
}

@test "usage: no delivery program -> exit 100 and the usage line on stderr, nothing on stdout" {
	smtp 'QUIT\r\n' -h mx.test
	assert_equal "$status" 100
	assert_equal "$output" ''
	assert_equal "$(cat "$SMTP_ERR")" "$USAGE"
}

@test "usage: an unknown option -> exit 100 and the usage line" {
	make_stub deliver fake-deliver
	smtp 'QUIT\r\n' -x "$STUBS/deliver"
	assert_equal "$status" 100
	assert_equal "$output" ''
	assert_log_line "$USAGE"
}

@test "usage: -c without -k (or -k without -c) -> exit 100 naming both" {
	make_cert
	make_stub deliver fake-deliver
	smtp 'QUIT\r\n' -c "$BATS_TEST_TMPDIR/cert.pem" "$STUBS/deliver"
	assert_equal "$status" 100
	assert_equal "$output" ''
	assert_log '^smtp-server\[[0-9]+\]: fatal: -c and -k: give both or neither$'
	smtp 'QUIT\r\n' -k "$BATS_TEST_TMPDIR/key.pem" "$STUBS/deliver"
	assert_equal "$status" 100
	assert_log '^smtp-server\[[0-9]+\]: fatal: -c and -k: give both or neither$'
}

@test "usage: -T (implicit TLS, RFC 8314) without -c/-k -> exit 100" {
	make_stub deliver fake-deliver
	smtp 'QUIT\r\n' -T "$STUBS/deliver"
	assert_equal "$status" 100
	assert_equal "$output" ''
	assert_log '^smtp-server\[[0-9]+\]: fatal: -T'
}

@test "usage: an unreadable certificate or key file -> exit 100, the message names the file" {
	make_cert
	make_stub deliver fake-deliver
	smtp 'QUIT\r\n' -c "$BATS_TEST_TMPDIR/missing-cert.pem" \
	    -k "$BATS_TEST_TMPDIR/key.pem" "$STUBS/deliver"
	assert_equal "$status" 100
	assert_equal "$output" ''
	assert_log "^smtp-server\[[0-9]+\]: fatal: TLS: unable to read $BATS_TEST_TMPDIR/missing-cert\.pem: "
	smtp 'QUIT\r\n' -c "$BATS_TEST_TMPDIR/cert.pem" \
	    -k "$BATS_TEST_TMPDIR/missing-key.pem" "$STUBS/deliver"
	assert_equal "$status" 100
	assert_equal "$output" ''
	assert_log "^smtp-server\[[0-9]+\]: fatal: TLS: unable to read $BATS_TEST_TMPDIR/missing-key\.pem: "
	# a directory opens, but is no certificate file
	smtp 'QUIT\r\n' -c "$BATS_TEST_TMPDIR" -k "$BATS_TEST_TMPDIR/key.pem" \
	    "$STUBS/deliver"
	assert_equal "$status" 100
	assert_equal "$output" ''
	assert_log "^smtp-server\[[0-9]+\]: fatal: TLS: unable to read $BATS_TEST_TMPDIR: "
}

@test "usage: a malformed -s, -r, -t or -w value -> exit 100 naming the option" {
	local opt val opt_val

	make_stub deliver fake-deliver
	for opt_val in '-s abc' '-s 10k' '-s -1' '-s 1.5' '-r x' '-r 5x' \
	    '-t soon' '-t -1' '-t 1.5' '-w x'; do
		opt=${opt_val% *}
		val=${opt_val#* }
		smtp 'QUIT\r\n' -h mx.test "$opt" "$val" "$STUBS/deliver"
		assert_equal "$opt_val: $status" "$opt_val: 100"
		assert_equal "$output" ''
		assert_log "^smtp-server\[[0-9]+\]: fatal: $opt"
	done
}

@test "exit 0 when the client closes stdin mid-session (between and inside commands)" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\n' -h mx.test "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" '250 2.1.0 Sender OK'
	assert_log ': info: end ip=unknown reason=client-closed messages=0 accepted=0$'
	smtp 'EHLO c\r\nNOO' -h mx.test "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}"
	assert_log 'reason=client-closed'
	assert_equal "$(stub_runs deliver)" 0
}

@test "RFC 5321 4.5.3.2.7: -t 1 and an idle client -> 421 4.4.2 and exit 0 within seconds" {
	make_stub deliver fake-deliver
	smtp --client "printf 'EHLO x\r\n'; sleep 3" -h mx.test -t 1 \
	    "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" \
	    '421 4.4.2 mx.test Timeout, closing connection'
	# the server ended by itself, before the client's 3 seconds
	assert [ "$SMTP_MS" -ge 900 ]
	assert [ "$SMTP_MS" -lt 2900 ]
	assert_log ': info: end ip=unknown reason=timeout '
}

@test "peer address: TCPREMOTEIP in the log, the Received: line and the children's TCPREMOTEIP" {
	make_stub deliver fake-deliver
	TCPREMOTEIP=192.0.2.7 TCP6REMOTEIP=2001:db8::7 REMOTE_ADDR=198.51.100.7 \
	    smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_reply '250 2.0.0 Message accepted'
	assert_log ': info: connect ip=192\.0\.2\.7$'
	assert_equal "$(stub_env deliver 1 TCPREMOTEIP)" 192.0.2.7
	run head -n 1 "$STUB_DIR/message.1"
	assert_output $'Received: from c (unknown [192.0.2.7])\r'
}

@test "peer address: TCP6REMOTEIP when TCPREMOTEIP is not set" {
	make_stub deliver fake-deliver
	TCP6REMOTEIP=2001:db8::7 REMOTE_ADDR=198.51.100.7 \
	    smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_reply '250 2.0.0 Message accepted'
	assert_log ': info: connect ip=2001:db8::7$'
	assert_equal "$(stub_env deliver 1 TCPREMOTEIP)" 2001:db8::7
	run head -n 1 "$STUB_DIR/message.1"
	assert_output $'Received: from c (unknown [2001:db8::7])\r'
}

@test "peer address: REMOTE_ADDR (systemd) when neither TCPREMOTEIP nor TCP6REMOTEIP is set" {
	make_stub deliver fake-deliver
	REMOTE_ADDR=198.51.100.7 \
	    smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_reply '250 2.0.0 Message accepted'
	assert_log ': info: connect ip=198\.51\.100\.7$'
	assert_equal "$(stub_env deliver 1 TCPREMOTEIP)" 198.51.100.7
	run head -n 1 "$STUB_DIR/message.1"
	assert_output $'Received: from c (unknown [198.51.100.7])\r'
}

@test "peer address: \"unknown\" on a pipe with no address in the environment; TCPREMOTEHOST names the peer" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_log ': info: connect ip=unknown$'
	assert_equal "$(stub_env deliver 1 TCPREMOTEIP)" unknown
	run head -n 1 "$STUB_DIR/message.1"
	assert_output $'Received: from c (unknown [unknown])\r'
	TCPREMOTEIP=192.0.2.7 TCPREMOTEHOST=client.example \
	    smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	run head -n 1 "$STUB_DIR/message.2"
	assert_output $'Received: from c (client.example [192.0.2.7])\r'
}

@test "RFC 1870: DATABYTES overrides -s in EHLO SIZE, in MAIL SIZE= and for the message" {
	make_stub deliver fake-deliver
	DATABYTES=100 smtp 'EHLO c\r\nMAIL FROM:<a@example.com> SIZE=101\r\nMAIL FROM:<a@example.com> SIZE=100\r\nRCPT TO:<b@example.com>\r\nDATA\r\n%0200d\r\n.\r\nQUIT\r\n' \
	    -h mx.test -s 5000 "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 100' '250-8BITMIME' '250-ENHANCEDSTATUSCODES' \
	    '250 SMTPUTF8' \
	    '552 5.3.4 Message size exceeds fixed maximum message size' \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' \
	    '552 5.3.4 Message size exceeds fixed maximum message size' \
	    '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs deliver)" 0
}

@test "RFC 1870: -s sets SIZE, -s 0 means unlimited (bare SIZE)" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nQUIT\r\n' -h mx.test -s 5000 "$STUBS/deliver"
	assert_reply '250-SIZE 5000'
	smtp 'EHLO c\r\nQUIT\r\n' -h mx.test -s 0 "$STUBS/deliver"
	assert_reply '250-SIZE'
	refute_reply '250-SIZE 10485760'
	DATABYTES=0 smtp 'EHLO c\r\nQUIT\r\n' -h mx.test -s 5000 "$STUBS/deliver"
	assert_reply '250-SIZE'
}

@test "usage: a malformed DATABYTES -> exit 100 naming it" {
	make_stub deliver fake-deliver
	DATABYTES=lots smtp 'QUIT\r\n' -h mx.test "$STUBS/deliver"
	assert_equal "$status" 100
	assert_equal "$output" ''
	assert_log '^smtp-server\[[0-9]+\]: fatal: DATABYTES'
}

@test "logs: connect, ehlo, mail, rcpt, message and end lines on stderr, client text quoted" {
	local pids

	make_stub deliver fake-deliver
	TCPREMOTEIP=192.0.2.7 smtp 'EHLO client.example\r\nMAIL FROM:<"q\\"x"@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhello\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_reply '250 2.0.0 Message accepted'
	assert_log '^smtp-server\[[0-9]+\]: info: connect ip=192\.0\.2\.7$'
	assert_log '^smtp-server\[[0-9]+\]: info: ehlo name="client\.example"$'
	assert_log '^smtp-server\[[0-9]+\]: info: mail from="\\"q\\\\\\"x\\"@example\.com"$'
	assert_log '^smtp-server\[[0-9]+\]: info: rcpt to="b@example\.com"$'
	assert_log '^smtp-server\[[0-9]+\]: info: message from="\\"q\\\\\\"x\\"@example\.com" rcpts=1 size=[0-9]+ exit=0 result=accept$'
	assert_log '^smtp-server\[[0-9]+\]: info: end ip=192\.0\.2\.7 reason=quit messages=1 accepted=1$'
	# every line is an event line of one process
	run grep -Evc '^smtp-server\[[0-9]+\]: info: [a-z-]+( |$)' "$SMTP_ERR"
	assert_output 0
	pids=$(sed 's/^smtp-server\[\([0-9]*\)\].*/\1/' "$SMTP_ERR" | sort -u | wc -l)
	assert_equal "$pids" 1
}

@test "logs: a refused message is logged with its result" {
	make_stub deliver fake-deliver STUB_EXIT=100
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhello\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_log ': info: message from="a@example\.com" rcpts=1 size=[0-9]+ exit=100 result=reject$'
	assert_log ': info: end ip=unknown reason=quit messages=1 accepted=0$'
}

@test "RFC 5321 2.3.8: a bare LF in a message -> 550 5.5.2 and no delivery; the session goes on" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nline one\nline two\r\n.\r\nNOOP\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' \
	    '550 5.5.2 Message contains bare CR or LF' '250 2.0.0 OK' \
	    '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs deliver)" 0
}

@test "RFC 5321 2.3.8: a bare CR in a message -> 550 5.5.2 and no delivery" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nline one\rline two\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_reply '550 5.5.2 Message contains bare CR or LF'
	refute_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_runs deliver)" 0
}

@test "SMTP smuggling: <LF>.<LF> (and other non-CRLF dots) then a second transaction never reaches the delivery program" {
	local dot

	make_stub deliver fake-deliver
	for dot in '\n.\n' '\n.\r\n' '\r\n.\n' '\r.\r' '\r\n.\r'; do
		smtp "EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhello${dot}MAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\nsmuggled\r\n.\r\nQUIT\r\n" \
		    -h mx.test "$STUBS/deliver"
		assert_replies '220 mx.test ESMTP' "${EHLO_PLAIN[@]}" \
		    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
		    '354 End data with <CR><LF>.<CR><LF>' \
		    '550 5.5.2 Message contains bare CR or LF' \
		    '221 2.0.0 mx.test closing connection'
		refute_log 'victim'
	done
	assert_equal "$(stub_runs deliver)" 0
}

@test "exit 0 and end reason=write-failed when the client cannot be written to" {
	make_stub deliver fake-deliver
	SMTP_ERR=$BATS_TEST_TMPDIR/smtp.err
	# /dev/full: every write fails with ENOSPC
	run -0 sh -c 'printf "EHLO c\r\nQUIT\r\n" | timeout 20 "$0" -h mx.test "$1" >/dev/full 2>"$2"' \
	    "$SERVER" "$STUBS/deliver" "$SMTP_ERR"
	assert_log ': info: end ip=unknown reason=write-failed messages=0 accepted=0$'
}

@test "logs: client text is cut at 200 octets and non-ASCII octets are shown as \\xHH" {
	local addr

	# a 233-octet recipient: 40 + @ + 60.60.50 + .tail-marker.example
	addr=$(printf '%040d@%060d.%060d.%050d.tail-marker.example' 0 0 0 0 |
	    tr 0 a)
	make_stub deliver fake-deliver
	smtp "EHLO c\r\nMAIL FROM:<\xce\xb4@example.com> SMTPUTF8\r\nRCPT TO:<$addr>\r\nQUIT\r\n" \
	    -h mx.test "$STUBS/deliver"
	assert_reply '250 2.1.5 Recipient OK'
	assert_log ': info: mail from="\\xce\\xb4@example\.com"$'
	assert_log ": info: rcpt to=\"${addr:0:200}(\\.\\.\\.)?\"\$"
	refute_log 'tail-marker'
}

@test "RFC 6531 3.3, 3.7.1: SMTPUTF8 mail is received with UTF8SMTP; a non-ASCII address without it gets 553 5.6.7" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<\xce\xb4@example.com>\r\nMAIL FROM:<\xce\xb4@example.com> SMTPUTF8\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_reply '553 5.6.7 Non-ASCII addresses not permitted for that sender'
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_env deliver 1 SMTP_PROTOCOL)" UTF8SMTP
	assert_equal "$(stub_env deliver 1 SENDER)" $'\xce\xb4@example.com'
	run grep -c $'^\tby mx.test (smtp-server) with UTF8SMTP\r$' \
	    "$STUB_DIR/message.1"
	assert_output 1
}

@test "peer facts with spaces, CR or LF are not used: no header injection through TCPREMOTEIP or TCPREMOTEHOST" {
	make_stub deliver fake-deliver
	TCPREMOTEIP=$'192.0.2.7\r\nX-Injected: ip' \
	    TCPREMOTEHOST=$'host.example\r\nX-Injected: host' \
	    smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_reply '250 2.0.0 Message accepted'
	refute_grep 'X-Injected' "$STUB_DIR/message.1" "$STUB_DIR/deliver.env.1" \
	    "$SMTP_ERR"
	run head -n 1 "$STUB_DIR/message.1"
	assert_output $'Received: from c (unknown [unknown])\r'
	refute_grep '^TCPREMOTEHOST=' "$STUB_DIR/deliver.env.1"
	TCPREMOTEIP=192.0.2.7 TCPREMOTEHOST='host example' \
	    smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	run head -n 1 "$STUB_DIR/message.2"
	assert_output $'Received: from c (unknown [192.0.2.7])\r'
	refute_grep '^TCPREMOTEHOST=' "$STUB_DIR/deliver.env.2"
}

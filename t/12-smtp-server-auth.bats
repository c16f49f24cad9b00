#!/usr/bin/env bats
# smtp-server(8): SMTP AUTH (RFC 4954) with PLAIN (RFC 4616) and LOGIN through
# a checkpassword program (-a).  Over pipes there is no TLS, so the tests use
# -A (AUTH without TLS) except where they check that AUTH needs it.
#
# Base64 used below (printf '...' | base64):
#   \0user\0secret         AHVzZXIAc2VjcmV0
#   \0user\0S3cr3t-Pa55    AHVzZXIAUzNjcjN0LVBhNTU=
#   admin\0user\0secret    YWRtaW4AdXNlcgBzZWNyZXQ=
#   user\0user\0secret     dXNlcgB1c2VyAHNlY3JldA==
#   user                   dXNlcg==
#   pass word!             cGFzcyB3b3JkIQ==

load test_helper

PLAIN_OK='EHLO c\r\nAUTH PLAIN AHVzZXIAc2VjcmV0\r\nQUIT\r\n'

# the fd-3 data of a checkpassword run: user\0password\0<pid.time@host>\0
fd3_regex() {
	printf '^%s\\\\0%s\\\\0<[0-9]+\\.[0-9]+@mx\\.test>\\\\0$' "$1" "$2"
}

auth_server() {
	smtp "$1" -h mx.test -A -a "$STUBS/fake-checkpassword" "${@:2}" \
	    "$STUBS/deliver"
}

@test "RFC 4616, RFC 4954 4: AUTH PLAIN with an initial response, exit 0 -> 235 2.7.0" {
	make_stub fake-checkpassword fake-checkpassword STUB_EXIT=0
	make_stub deliver fake-deliver
	auth_server "$PLAIN_OK"
	assert_equal "$status" 0
	assert_reply '235 2.7.0 Authentication successful'
	assert_reply '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs fake-checkpassword)" 1
	assert_argv "$STUB_DIR/fake-checkpassword.argv.1" \
	    "$STUBS/fake-checkpassword" true
	assert_regex "$(cat "$STUB_DIR/fake-checkpassword.fd3.1")" \
	    "$(fd3_regex user secret)"
	assert_log ': info: auth mechanism=PLAIN user="user" exit=0 result=accept$'
}

@test "RFC 4954 4: AUTH PLAIN without an initial response gets '334 ' and takes the response on the next line" {
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	auth_server 'EHLO c\r\nAUTH PLAIN\r\nAHVzZXIAc2VjcmV0\r\nQUIT\r\n'
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-AUTH PLAIN LOGIN' '250-8BITMIME' \
	    '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8' '334 ' \
	    '235 2.7.0 Authentication successful' \
	    '221 2.0.0 mx.test closing connection'
	assert_regex "$(cat "$STUB_DIR/fake-checkpassword.fd3.1")" \
	    "$(fd3_regex user secret)"
}

@test "AUTH LOGIN: Username and Password prompts, then 235; fd 3 holds user\\0password\\0timestamp\\0" {
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	auth_server 'EHLO c\r\nAUTH LOGIN\r\ndXNlcg==\r\ncGFzcyB3b3JkIQ==\r\nQUIT\r\n'
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-AUTH PLAIN LOGIN' '250-8BITMIME' \
	    '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8' '334 VXNlcm5hbWU6' \
	    '334 UGFzc3dvcmQ6' '235 2.7.0 Authentication successful' \
	    '221 2.0.0 mx.test closing connection'
	assert_argv "$STUB_DIR/fake-checkpassword.argv.1" \
	    "$STUBS/fake-checkpassword" true
	assert_regex "$(cat "$STUB_DIR/fake-checkpassword.fd3.1")" \
	    "$(fd3_regex user 'pass word!')"
	assert_log ': info: auth mechanism=LOGIN user="user" exit=0 result=accept$'
}

@test "RFC 4954 4: AUTH LOGIN with the user name as initial response prompts for the password only" {
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	auth_server 'EHLO c\r\nAUTH LOGIN dXNlcg==\r\ncGFzcyB3b3JkIQ==\r\nQUIT\r\n'
	assert_reply '334 UGFzc3dvcmQ6'
	refute_reply '334 VXNlcm5hbWU6'
	assert_reply '235 2.7.0 Authentication successful'
	assert_regex "$(cat "$STUB_DIR/fake-checkpassword.fd3.1")" \
	    "$(fd3_regex user 'pass word!')"
}

@test "RFC 4954 4, RFC 3848: after AUTH the delivery program sees SMTP_AUTH_USER and Received: says ESMTPA" {
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	auth_server 'EHLO c\r\nAUTH PLAIN AHVzZXIAc2VjcmV0\r\nMAIL FROM:<user@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n'
	assert_reply '235 2.7.0 Authentication successful'
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_env deliver 1 SMTP_AUTH_USER)" user
	assert_equal "$(stub_env deliver 1 SMTP_PROTOCOL)" ESMTPA
	run grep -c $'^\tby mx.test (smtp-server) with ESMTPA\r$' \
	    "$STUB_DIR/message.1"
	assert_output 1
	# the checkpassword program ran before AUTH succeeded: no user yet
	refute_grep '^SMTP_AUTH_USER=' "$STUB_DIR/fake-checkpassword.env.1"
}

@test "RFC 6531 3.7.4.2: AUTH plus SMTPUTF8 is received with UTF8SMTPA" {
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	auth_server 'EHLO c\r\nAUTH PLAIN AHVzZXIAc2VjcmV0\r\nMAIL FROM:<user@example.com> SMTPUTF8\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n'
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_env deliver 1 SMTP_PROTOCOL)" UTF8SMTPA
	run grep -c $'^\tby mx.test (smtp-server) with UTF8SMTPA\r$' \
	    "$STUB_DIR/message.1"
	assert_output 1
}

@test "RFC 4954 6: checkpassword exit 1 or 2 -> 535 5.7.8, and no SMTP_AUTH_USER afterwards" {
	local code

	make_stub deliver fake-deliver
	for code in 1 2; do
		make_stub fake-checkpassword fake-checkpassword STUB_EXIT=$code
		auth_server 'EHLO c\r\nAUTH PLAIN AHVzZXIAc2VjcmV0\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n'
		assert_reply '535 5.7.8 Authentication credentials invalid'
		refute_reply '235 2.7.0 Authentication successful'
		assert_log ": info: auth mechanism=PLAIN user=\"user\" exit=$code result=reject\$"
	done
	assert_equal "$(stub_runs deliver)" 2
	refute_grep '^SMTP_AUTH_USER=' "$STUB_DIR/deliver.env.1" \
	    "$STUB_DIR/deliver.env.2"
	assert_equal "$(stub_env deliver 2 SMTP_PROTOCOL)" ESMTP
}

@test "RFC 4954 6: checkpassword exit 111, another exit or a signal -> 454 4.7.0" {
	local how

	make_stub deliver fake-deliver
	for how in STUB_EXIT=111 STUB_EXIT=3 STUB_EXIT=100 STUB_SIGNAL=KILL; do
		make_stub fake-checkpassword fake-checkpassword "$how"
		auth_server "$PLAIN_OK"
		assert_reply '454 4.7.0 Temporary authentication failure'
		refute_reply '235 2.7.0 Authentication successful'
		assert_log ': info: auth mechanism=PLAIN user="user" .*result=tempfail$'
	done
}

@test "RFC 4954 6: a checkpassword program past -w is killed -> 454 4.7.0" {
	make_stub fake-checkpassword fake-checkpassword STUB_SLEEP=30
	make_stub deliver fake-deliver
	auth_server "$PLAIN_OK" -w 1
	assert_reply '454 4.7.0 Temporary authentication failure'
	assert [ "$SMTP_MS" -lt 5000 ]
	assert_gone "$(cat "$STUB_DIR/fake-checkpassword.pid.1")"
	assert_gone "$(cat "$STUB_DIR/fake-checkpassword.sleeppid.1")"
}

@test "RFC 4954 6: a checkpassword program that cannot be run -> 454 4.7.0" {
	make_stub deliver fake-deliver
	smtp "$PLAIN_OK" -h mx.test -A -a "$STUBS/no-such-checkpassword" \
	    "$STUBS/deliver"
	assert_equal "$status" 0
	assert_reply '454 4.7.0 Temporary authentication failure'
}

@test "the checkpassword program's stdout never reaches the client (nor the log)" {
	local code

	make_stub deliver fake-deliver
	for code in 0 1 111; do
		make_stub fake-checkpassword fake-checkpassword STUB_EXIT=$code
		auth_server "$PLAIN_OK"
		assert_equal "$(stub_runs fake-checkpassword)" 1
		refute_output --partial CHECKPASSWORD-STDOUT-LEAK
		refute_log CHECKPASSWORD-STDOUT-LEAK
		rm -f "$STUB_DIR"/fake-checkpassword.*
	done
}

@test "logs: the password and the base64 of AUTH never appear on stderr" {
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	auth_server 'EHLO c\r\nAUTH PLAIN AHVzZXIAUzNjcjN0LVBhNTU=\r\nQUIT\r\n'
	assert_reply '235 2.7.0 Authentication successful'
	assert_regex "$(cat "$STUB_DIR/fake-checkpassword.fd3.1")" \
	    "$(fd3_regex user S3cr3t-Pa55)"
	refute_log 'S3cr3t'
	refute_log 'AHVzZXIAUzNjcjN0LVBhNTU'
	assert_log ': info: auth mechanism=PLAIN user="user" exit=0 result=accept$'
	make_stub fake-checkpassword fake-checkpassword STUB_EXIT=1
	auth_server 'EHLO c\r\nAUTH LOGIN\r\ndXNlcg==\r\ncGFzcyB3b3JkIQ==\r\nQUIT\r\n'
	assert_reply '535 5.7.8 Authentication credentials invalid'
	refute_log 'pass word'
	refute_log 'cGFzcyB3b3JkIQ'
	refute_log 'dXNlcg'
	# nor in the checkpassword program's environment
	refute_grep 'S3cr3t|pass word' \
	    "$STUB_DIR/fake-checkpassword.env.1" \
	    "$STUB_DIR/fake-checkpassword.env.2"
}

@test "RFC 4616 2: a 255-octet user and password reach checkpassword intact, also with a long -h host name" {
	local user pass blob host

	user=$(printf '%0255d' 0 | tr 0 u)
	pass=$(printf '%0255d' 0 | tr 0 p)
	blob=$(printf '\0%s\0%s' "$user" "$pass" | base64 -w 0)
	# a 100-octet host name (RFC 1035 allows 253), in the <pid.time@host>
	host=$(printf '%060d.%030d.example' 0 0 | tr 0 h)
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	smtp "EHLO c\r\nAUTH PLAIN $blob\r\nQUIT\r\n" -h "$host" -A \
	    -a "$STUBS/fake-checkpassword" "$STUBS/deliver"
	assert_reply '235 2.7.0 Authentication successful'
	assert_equal "$(stub_runs fake-checkpassword)" 1
	assert_regex "$(cat "$STUB_DIR/fake-checkpassword.fd3.1")" \
	    "^$user\\\\0$pass\\\\0<[0-9]+\\.[0-9]+@$host>\\\\0\$"
}

@test "RFC 4616 2: an authzid other than the user -> 535 5.7.8 without running checkpassword" {
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	auth_server 'EHLO c\r\nAUTH PLAIN YWRtaW4AdXNlcgBzZWNyZXQ=\r\nQUIT\r\n'
	assert_reply '535 5.7.8 Authentication credentials invalid'
	assert_equal "$(stub_runs fake-checkpassword)" 0
	refute_log 'result=accept'
}

@test "RFC 4616 2: an authzid equal to the user is accepted" {
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	auth_server 'EHLO c\r\nAUTH PLAIN dXNlcgB1c2VyAHNlY3JldA==\r\nQUIT\r\n'
	assert_reply '235 2.7.0 Authentication successful'
	assert_regex "$(cat "$STUB_DIR/fake-checkpassword.fd3.1")" \
	    "$(fd3_regex user secret)"
}

@test "RFC 4954 4: without -A and without TLS, AUTH is not in EHLO and gets 538 5.7.11; checkpassword never runs" {
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nAUTH PLAIN AHVzZXIAc2VjcmV0\r\nAUTH LOGIN\r\nQUIT\r\n' \
	    -h mx.test -a "$STUBS/fake-checkpassword" "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-8BITMIME' '250-ENHANCEDSTATUSCODES' \
	    '250 SMTPUTF8' \
	    '538 5.7.11 Encryption required for requested authentication mechanism' \
	    '538 5.7.11 Encryption required for requested authentication mechanism' \
	    '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs fake-checkpassword)" 0
}

@test "RFC 4954 4: AUTH before EHLO, a second AUTH, and AUTH inside a transaction get 503 5.5.1" {
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	auth_server 'AUTH PLAIN AHVzZXIAc2VjcmV0\r\nEHLO c\r\nAUTH PLAIN AHVzZXIAc2VjcmV0\r\nAUTH PLAIN AHVzZXIAc2VjcmV0\r\nQUIT\r\n'
	assert_reply '503 5.5.1 Send EHLO first'
	assert_reply '235 2.7.0 Authentication successful'
	assert_reply '503 5.5.1 Already authenticated'
	assert_equal "$(stub_runs fake-checkpassword)" 1
	rm -f "$STUB_DIR"/fake-checkpassword.*
	auth_server 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nAUTH PLAIN AHVzZXIAc2VjcmV0\r\nQUIT\r\n'
	assert_reply '503 5.5.1 AUTH not permitted during a mail transaction'
	assert_equal "$(stub_runs fake-checkpassword)" 0
}

@test "RFC 4954 4: '*' cancels, bad base64 and an unknown mechanism are refused, all without checkpassword" {
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	auth_server 'EHLO c\r\nAUTH PLAIN\r\n*\r\nAUTH PLAIN !!!notbase64\r\nAUTH CRAM-MD5\r\nAUTH\r\nQUIT\r\n'
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-AUTH PLAIN LOGIN' '250-8BITMIME' \
	    '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8' '334 ' \
	    '501 5.7.0 Authentication cancelled' \
	    '501 5.5.2 Cannot decode response' \
	    '504 5.5.4 Unrecognized authentication type' \
	    '501 5.5.4 Syntax: AUTH mechanism [initial-response]' \
	    '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs fake-checkpassword)" 0
}

@test "the checkpassword program's environment: the session's variables only, no password" {
	make_stub fake-checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	FOO=bar TCPREMOTEIP=192.0.2.7 TCPLOCALIP=192.0.2.1 \
	    auth_server "$PLAIN_OK"
	assert_reply '235 2.7.0 Authentication successful'
	assert_equal "$(stub_environ fake-checkpassword 1)" \
	    "$(printf '%s\n' "PATH=$PATH" SMTP_HELO=c SMTP_PROTOCOL=ESMTP \
	    TCPLOCALIP=192.0.2.1 TCPREMOTEIP=192.0.2.7)"
}

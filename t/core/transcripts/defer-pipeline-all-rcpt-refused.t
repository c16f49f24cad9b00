# RFC 2920 3.1, RFC 5321 3.3: pipelined DATA after recipients that were all
# refused gets 554 5.5.1 No valid recipients, so the content the client sent
# blindly after it is read as commands (500 each); QUIT then ends the open
# transaction with a reset.

%answer rcpt reject
%answer rcpt tempfail
E: connect 192.0.2.1
S: 220 mx.test ESMTP
R: HELO client.test\r\nMAIL FROM:<alice@client.test>\r\n
R: RCPT TO:<r1@mx.test>\r\nRCPT TO:<r2@mx.test>\r\nDATA\r\n
R: hello\r\n.\r\nQUIT\r\n
E: helo client.test
S: 250 mx.test
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
E: rcpt <r1@mx.test> count=0
S: 550 5.1.1 Recipient refused
E: rcpt <r2@mx.test> count=0
S: 450 4.2.0 Recipient not accepted now, try again later
S: 554 5.5.1 No valid recipients
S: 500 5.5.2 Command unrecognized
S: 500 5.5.2 Command unrecognized
E: reset
S: 221 2.0.0 mx.test closing connection
%status closed

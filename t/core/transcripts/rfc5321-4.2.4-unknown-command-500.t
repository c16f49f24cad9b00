# RFC 5321 4.2.4: "If the command is not recognized, code 500 SHOULD be
# returned."  The verb is the whole first word: "MAILFROM:", "NOOPX" and
# "RCPTTO:" are not MAIL, NOOP or RCPT.  The session goes on.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

C: XYZZY
S: 500 5.5.2 Command unrecognized
C: MAILFROM:<a@b.example>
S: 500 5.5.2 Command unrecognized
C: NOOPX
S: 500 5.5.2 Command unrecognized
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: RCPTTO:<c@d.example>
S: 500 5.5.2 Command unrecognized
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
%status reading

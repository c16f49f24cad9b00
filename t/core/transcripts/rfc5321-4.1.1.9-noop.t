# RFC 5321 4.1.1.9: noop = "NOOP" [ SP String ] CRLF; it "does not affect
# any parameters or previously entered commands" and replies 250.  It works
# before EHLO (4.1.4), with an argument, and inside a transaction, which
# stays open.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: NOOP
S: 250 2.0.0 OK
C: NOOP are you there
S: 250 2.0.0 OK
C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: NOOP
S: 250 2.0.0 OK
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
%status reading

# RFC 5321 3.8: refused decisions count as errors too; with max_errors=2 the
# second refused RCPT is answered with the 421 in place of its 550, and the
# open transaction is aborted (reset callback) as the session closes.
%config max_errors=2
%answer rcpt reject
%answer rcpt reject
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

C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: RCPT TO:<x@d.example>
E: rcpt <x@d.example> count=0
S: 550 5.1.1 Recipient refused
C: RCPT TO:<y@d.example>
E: rcpt <y@d.example> count=0
E: reset
S: 421 4.7.0 mx.test Too many errors, closing
C: RCPT TO:<z@d.example>
%status closed

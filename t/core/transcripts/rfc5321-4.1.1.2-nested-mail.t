# RFC 5321 4.1.4 / 3.3: MAIL starts a transaction and "MUST NOT be sent if a
# mail transaction is already open"; a second MAIL gets 503 without calling
# the host and the first transaction is unchanged (its recipient count goes
# on).  After RSET a new MAIL is accepted.
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

C: MAIL FROM:<other@b.example>
S: 503 5.5.1 Nested MAIL command
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: MAIL FROM:<other@b.example>
E: mail <other@b.example>
S: 250 2.1.0 Sender OK
%status reading

# RFC 5321 4.1.1.5: RSET aborts the current transaction (sender, recipients)
# and replies 250; rset = "RSET" CRLF takes no argument (501, nothing is
# cleared).  RSET outside a transaction, even before EHLO (4.1.4), is a plain
# 250 with no reset callback.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: RSET
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

C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
C: RSET now
S: 501 5.5.4 Syntax: RSET
C: RCPT TO:<e@d.example>
E: rcpt <e@d.example> count=1
S: 250 2.1.5 Recipient OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: RCPT TO:<c@d.example>
S: 503 5.5.1 Need MAIL before RCPT
C: RSET
S: 250 2.0.0 OK
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

%status reading

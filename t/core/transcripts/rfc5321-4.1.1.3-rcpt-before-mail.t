# RFC 5321 4.1.4 / 3.3: RCPT is only valid inside a transaction: before any
# MAIL, and after a MAIL the host refused, RCPT is a 503 and the rcpt
# callback is not called.
%answer mail reject
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

C: RCPT TO:<c@d.example>
S: 503 5.5.1 Need MAIL before RCPT
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 550 5.7.1 Sender refused
C: RCPT TO:<c@d.example>
S: 503 5.5.1 Need MAIL before RCPT
%status reading

# RFC 5321 4.1.1.2 / 4.1.1.3: mail = "MAIL FROM:" Reverse-path
# [SP Mail-parameters] CRLF, rcpt = "RCPT TO:" Forward-path ...; a missing or
# wrong "FROM:"/"TO:" keyword (or no colon) is a 501 syntax error naming the
# expected form.
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

C: MAIL
S: 501 5.5.4 Syntax: MAIL FROM:<address>
C: MAIL <a@b.example>
S: 501 5.5.4 Syntax: MAIL FROM:<address>
C: MAIL TO:<a@b.example>
S: 501 5.5.4 Syntax: MAIL FROM:<address>
C: MAIL FROM<a@b.example>
S: 501 5.5.4 Syntax: MAIL FROM:<address>
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: RCPT
S: 501 5.5.4 Syntax: RCPT TO:<address>
C: RCPT FROM:<c@d.example>
S: 501 5.5.4 Syntax: RCPT TO:<address>
C: RCPT TO<c@d.example>
S: 501 5.5.4 Syntax: RCPT TO:<address>
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
%status reading

# RFC 5321 4.1.2 as for the sender: bad domains (leading dot, double dot,
# trailing hyphen), an empty local part, an unterminated quote, a missing
# domain (only <Postmaster> may omit it) give 501 5.1.3; the transaction and
# its recipient count are unaffected.
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

C: RCPT TO:<c@.example.com>
S: 501 5.1.3 Bad recipient address syntax
C: RCPT TO:<c@example..com>
S: 501 5.1.3 Bad recipient address syntax
C: RCPT TO:<c@example-.com>
S: 501 5.1.3 Bad recipient address syntax
C: RCPT TO:<@example.com>
S: 501 5.1.3 Bad recipient address syntax
C: RCPT TO:<"c@example.com>
S: 501 5.1.3 Bad recipient address syntax
C: RCPT TO:<c@>
S: 501 5.1.3 Bad recipient address syntax
C: RCPT TO:<c>
S: 501 5.1.3 Bad recipient address syntax
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
%status reading

# RFC 6531 3.5 / 3.6: in a transaction started without SMTPUTF8 a non-ASCII
# recipient is refused with 553 5.6.7 "Non-ASCII addresses not permitted for
# that recipient"; the host is not asked and the transaction goes on with
# ASCII recipients.
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

C: RCPT TO:<用户@example.com>
S: 553 5.6.7 Non-ASCII addresses not permitted for that recipient
C: RCPT TO:<user@bücher.example>
S: 553 5.6.7 Non-ASCII addresses not permitted for that recipient
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
%status reading

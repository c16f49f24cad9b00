# RFC 5321 4.1.2: Path = "<" [ A-d-l ":" ] Mailbox ">"; the angle brackets
# are required.  A bare address is a bad sender (501 5.1.7) or recipient
# (501 5.1.3) address; the host is not asked and the session goes on.
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

C: MAIL FROM:a@b.example
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: RCPT TO:c@d.example
S: 501 5.1.3 Bad recipient address syntax
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
%status reading

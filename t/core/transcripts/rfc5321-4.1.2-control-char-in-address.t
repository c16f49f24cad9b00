# RFC 5321 4.1.2 / RFC 5322 3.2.3: atext has no control characters, and a
# command line with a control character is refused as a whole with
# 500 5.5.2 (not parsed as an address): no transaction is opened by the bad
# MAIL, and a bad RCPT leaves the transaction as it was.  DEL (0x7f) is a
# control character too.
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

C: MAIL FROM:<a\x01@b.example>
S: 500 5.5.2 Invalid character in command
C: RCPT TO:<c@d.example>
S: 503 5.5.1 Need MAIL before RCPT
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: RCPT TO:<c\x1b@d.example>
S: 500 5.5.2 Invalid character in command
C: RCPT TO:<c\x7f@d.example>
S: 500 5.5.2 Invalid character in command
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
%status reading

# RFC 6531 3.4 / 3.3: the SMTPUTF8 MAIL parameter (no value) announces an
# internationalized transaction; then UTF-8 local parts (atext =/
# UTF8-non-ascii) are accepted for the sender and the recipients and passed
# to the host as sent.
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

C: MAIL FROM:<a@b.example> SMTPUTF8
E: mail <a@b.example> smtputf8
S: 250 2.1.0 Sender OK
C: RCPT TO:<用户@example.com>
E: rcpt <用户@example.com> count=0
S: 250 2.1.5 Recipient OK
C: RCPT TO:<"José Müller"@example.com>
E: rcpt <"José Müller"@example.com> count=1
S: 250 2.1.5 Recipient OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: MAIL FROM:<δοκιμή@example.com> SMTPUTF8
E: mail <δοκιμή@example.com> smtputf8
S: 250 2.1.0 Sender OK
%status reading

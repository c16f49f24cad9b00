# RFC 5321 4.1.1.3 / 4.5.1: Forward-path = Path / "<Postmaster@" Domain ">" /
# "<Postmaster>", with "Postmaster" case-insensitive: RCPT TO:<postmaster>
# without a domain MUST be accepted and reaches the host as "postmaster",
# whatever the case.  The Reverse-path has no such form: MAIL FROM:<postmaster>
# has no domain and is a bad sender address.
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

C: MAIL FROM:<postmaster>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: RCPT TO:<postmaster>
E: rcpt <postmaster> count=0
S: 250 2.1.5 Recipient OK
C: RCPT TO:<PostMaster>
E: rcpt <postmaster> count=1
S: 250 2.1.5 Recipient OK
C: RCPT TO:<POSTMASTER>
E: rcpt <postmaster> count=2
S: 250 2.1.5 Recipient OK
%status reading

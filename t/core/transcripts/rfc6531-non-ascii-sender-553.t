# RFC 6531 3.5 / 3.6: a non-ASCII envelope address without the SMTPUTF8
# parameter is refused with 553 and, with enhanced status codes, X.6.7
# "Non-ASCII addresses not permitted for that sender"; local part or domain.
# The host is not asked; with SMTPUTF8 the same address is accepted.
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

C: MAIL FROM:<用户@example.com>
S: 553 5.6.7 Non-ASCII addresses not permitted for that sender
C: MAIL FROM:<user@bücher.example>
S: 553 5.6.7 Non-ASCII addresses not permitted for that sender
C: MAIL FROM:<用户@example.com> SMTPUTF8
E: mail <用户@example.com> smtputf8
S: 250 2.1.0 Sender OK
%status reading

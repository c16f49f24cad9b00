# RFC 6531 3.4: the SMTPUTF8 parameter does not accept a value:
# SMTPUTF8=yes is an invalid parameter (501); "SMTPUTF8=" breaks the
# esmtp-value grammar of RFC 5321 4.1.2 (501 parameter syntax).  Without a
# value, in any case, it is accepted.
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

C: MAIL FROM:<a@b.example> SMTPUTF8=yes
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> SMTPUTF8=
S: 501 5.5.4 Syntax: MAIL FROM:<address>
C: MAIL FROM:<a@b.example> smtputf8
E: mail <a@b.example> smtputf8
S: 250 2.1.0 Sender OK
%status reading

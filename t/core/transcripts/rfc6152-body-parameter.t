# RFC 6152 2 / RFC 1652: MAIL takes BODY=7BIT or BODY=8BITMIME; keywords and
# values are case-insensitive (RFC 5321 2.4) and the host sees the canonical
# value; any other value is invalid (501 Invalid parameter); "BODY=" breaks
# the esmtp-value grammar of RFC 5321 4.1.2 (501 parameter syntax).
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

C: MAIL FROM:<a@b.example> BODY=7BIT
E: mail <a@b.example> body=7BIT
S: 250 2.1.0 Sender OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: MAIL FROM:<a@b.example> BODY=8BITMIME
E: mail <a@b.example> body=8BITMIME
S: 250 2.1.0 Sender OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: MAIL FROM:<a@b.example> body=8bitmime
E: mail <a@b.example> body=8BITMIME
S: 250 2.1.0 Sender OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: MAIL FROM:<a@b.example> Body=7bit
E: mail <a@b.example> body=7BIT
S: 250 2.1.0 Sender OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: MAIL FROM:<a@b.example> BODY=9BIT
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> BODY=
S: 501 5.5.4 Syntax: MAIL FROM:<address>
%status reading

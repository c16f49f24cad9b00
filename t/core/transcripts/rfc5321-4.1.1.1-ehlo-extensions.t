# RFC 5321 4.1.1.1 / 4.2.1: the EHLO reply is a multiline 250 whose first
# line is the server's domain and each further line one extension keyword;
# the last line uses "250 ".  Without STARTTLS/AUTH callbacks, exactly:
# PIPELINING (RFC 2920), SIZE (RFC 1870) with the 10 MiB default, 8BITMIME
# (RFC 6152), ENHANCEDSTATUSCODES (RFC 2034), SMTPUTF8 (RFC 6531), in that
# order, and neither STARTTLS nor AUTH.
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

C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed

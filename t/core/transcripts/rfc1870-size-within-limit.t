# RFC 1870 5/6: a declared SIZE below or equal to the advertised fixed
# maximum (10485760 by default) is accepted and the value is passed to the
# host; only "greater than" the maximum is refused.
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

C: MAIL FROM:<a@b.example> SIZE=1000
E: mail <a@b.example> size=1000
S: 250 2.1.0 Sender OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: MAIL FROM:<a@b.example> SIZE=10485760
E: mail <a@b.example> size=10485760
S: 250 2.1.0 Sender OK
%status reading

# RFC 1870 5: size-value ::= 1*20DIGIT.  Twenty digits are syntactically
# valid even beyond 2^64-1, so 99999999999999999999, 18446744073709551616
# (2^64), 18446744073709551615, 36893488147419103232 (2^65) and
# 18446744073709552616 (2^64 + 1000) are all over the limit: 552, never a
# wrapped small number.  Leading zeros count as digits: a 20-digit 1000 is
# 1000.
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

C: MAIL FROM:<a@b.example> SIZE=99999999999999999999
S: 552 5.3.4 Message size exceeds fixed maximum message size
C: MAIL FROM:<a@b.example> SIZE=18446744073709551616
S: 552 5.3.4 Message size exceeds fixed maximum message size
C: MAIL FROM:<a@b.example> SIZE=18446744073709551615
S: 552 5.3.4 Message size exceeds fixed maximum message size
C: MAIL FROM:<a@b.example> SIZE=36893488147419103232
S: 552 5.3.4 Message size exceeds fixed maximum message size
C: MAIL FROM:<a@b.example> SIZE=18446744073709552616
S: 552 5.3.4 Message size exceeds fixed maximum message size
C: MAIL FROM:<a@b.example> SIZE=00000000000000001000
E: mail <a@b.example> size=1000
S: 250 2.1.0 Sender OK
%status reading

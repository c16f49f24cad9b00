# RFC 1870 5: size-value ::= 1*20DIGIT.  21 digits (even with a small value),
# letters, a sign, or no value at all are invalid SIZE values: 501 Invalid
# parameter.  "SIZE=" with nothing after "=" already breaks RFC 5321 4.1.2
# esmtp-value = 1*(%d33-60 / %d62-126): 501 parameter syntax error.  No host
# decision, and the session goes on.
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

C: MAIL FROM:<a@b.example> SIZE=100000000000000000000
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> SIZE=000000000000000000001
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> SIZE=12a
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> SIZE=ten
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> SIZE=-1
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> SIZE=+1
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> SIZE=
S: 501 5.5.4 Syntax: MAIL FROM:<address>
C: MAIL FROM:<a@b.example> SIZE
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> SIZE=100
E: mail <a@b.example> size=100
S: 250 2.1.0 Sender OK
%status reading

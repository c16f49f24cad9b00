# RFC 5321 4.1.1.11 / RFC 1869: each MAIL parameter keyword may appear once;
# a repeated SIZE, BODY or SMTPUTF8 (same or different value) is an invalid
# parameter: 501, no host decision.
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

C: MAIL FROM:<a@b.example> SIZE=100 SIZE=100
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> BODY=7BIT BODY=8BITMIME
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> SMTPUTF8 SMTPUTF8
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> SIZE=100 BODY=8BITMIME size=200
S: 501 5.5.4 Invalid parameter
C: MAIL FROM:<a@b.example> SIZE=100 BODY=8BITMIME SMTPUTF8
E: mail <a@b.example> size=100 body=8BITMIME smtputf8
S: 250 2.1.0 Sender OK
%status reading

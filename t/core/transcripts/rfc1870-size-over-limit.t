# RFC 1870 6: "If the size of the message exceeds the fixed maximum message
# size ... the server will return 552 message size exceeds fixed maximium
# message size" to MAIL, before any host decision; no transaction is opened,
# so RCPT is out of sequence.
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

C: MAIL FROM:<a@b.example> SIZE=10485761
S: 552 5.3.4 Message size exceeds fixed maximum message size
C: RCPT TO:<c@d.example>
S: 503 5.5.1 Need MAIL before RCPT
C: MAIL FROM:<a@b.example> SIZE=4294967296
S: 552 5.3.4 Message size exceeds fixed maximum message size
C: MAIL FROM:<a@b.example> SIZE=10485760
E: mail <a@b.example> size=10485760
S: 250 2.1.0 Sender OK
%status reading

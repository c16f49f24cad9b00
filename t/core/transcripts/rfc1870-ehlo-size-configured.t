# RFC 1870 4 and 6: the EHLO SIZE keyword carries the fixed maximum; a
# declared SIZE equal to it is accepted, one octet more gets 552 and the
# mail callback is not called.
%config max_message_size=1000
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 1000
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: MAIL FROM:<a@b.example> SIZE=1001
S: 552 5.3.4 Message size exceeds fixed maximum message size
C: MAIL FROM:<a@b.example> SIZE=1000
E: mail <a@b.example> size=1000
S: 250 2.1.0 Sender OK
%status reading

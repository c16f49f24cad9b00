# RFC 1870 4: "SIZE" with no number (or 0) advertises no fixed maximum; with
# max_message_size=unlimited the EHLO line is a bare "250-SIZE", and a large
# declared SIZE is accepted and passed to the host.
%config max_message_size=unlimited
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: MAIL FROM:<a@b.example> SIZE=1000000000000
E: mail <a@b.example> size=1000000000000
S: 250 2.1.0 Sender OK
%status reading

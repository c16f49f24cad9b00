# RFC 5321 4.5.3.1.3: "The maximum total length of a reverse-path or
# forward-path is 256 octets (including the punctuation and element
# separators)" - a 256-octet path (254-octet mailbox, 64-octet local part,
# labels of at most 63 octets) MUST be accepted; an address over 256 octets
# (257 here) is refused as bad address syntax, for MAIL and for RCPT.
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

C: MAIL FROM:<llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddddddddddddddddddddddddddd.example>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.ddddddddddddddddddddddddddddddddddddddddddddddddddddd.example>
E: mail <llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.ddddddddddddddddddddddddddddddddddddddddddddddddddddd.example>
S: 250 2.1.0 Sender OK
C: RCPT TO:<llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddddddddddddddddddddddddddd.example>
S: 501 5.1.3 Bad recipient address syntax
C: RCPT TO:<llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.ddddddddddddddddddddddddddddddddddddddddddddddddddddd.example>
E: rcpt <llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.ddddddddddddddddddddddddddddddddddddddddddddddddddddd.example> count=0
S: 250 2.1.5 Recipient OK
%status reading

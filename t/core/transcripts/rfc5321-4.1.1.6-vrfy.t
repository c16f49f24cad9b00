# RFC 5321 4.1.1.6 / 3.5.3 / 7.3: vrfy = "VRFY" SP String CRLF; a server
# that does not verify answers 252 "Cannot VRFY user, but will accept message
# and attempt delivery"; without the argument it is a 501.  VRFY is allowed
# before EHLO (4.1.4) and leaves a transaction alone.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: VRFY postmaster
S: 252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery
C: VRFY
S: 501 5.5.4 Syntax: VRFY address
C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: VRFY <c@d.example>
S: 252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
%status reading

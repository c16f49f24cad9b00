# RFC 5321 4.1.1.1: "HELO" SP Domain; the reply is a bare "250 <domain>"
# (no extension list, no enhanced status code: RFC 2034), and HELO opens
# the session for MAIL just as EHLO does (RFC 5321 4.1.4).
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: HELO client.example
E: helo client.example
S: 250 mx.test
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
C: QUIT
E: reset
S: 221 2.0.0 mx.test closing connection
%status closed

# RFC 5321 4.1.1.11: no advertised extension defines a RCPT parameter here
# (DSN is not offered), so any RCPT parameter is unrecognized: 555, the
# recipient is not passed to the host and the count does not move.
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

C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: RCPT TO:<c@d.example> NOTIFY=NEVER
S: 555 5.5.4 Unsupported parameter
C: RCPT TO:<c@d.example> ORCPT=rfc822;c@d.example
S: 555 5.5.4 Unsupported parameter
C: RCPT TO:<c@d.example> SIZE=100
S: 555 5.5.4 Unsupported parameter
C: RCPT TO:<c@d.example> SMTPUTF8
S: 555 5.5.4 Unsupported parameter
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
%status reading

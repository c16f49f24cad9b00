# RFC 5321 4.1.4: an EHLO (or HELO) later in the session, if acceptable,
# MUST reset the state exactly as RSET would: the open transaction ends
# (reset callback, after the helo callback accepted the name) and RCPT then
# needs a new MAIL.  A repeated EHLO outside a transaction resets nothing.
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

C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
C: EHLO again.example
E: ehlo again.example
E: reset
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: RCPT TO:<c@d.example>
S: 503 5.5.1 Need MAIL before RCPT
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: HELO third.example
E: helo third.example
E: reset
S: 250 mx.test
C: RCPT TO:<c@d.example>
S: 503 5.5.1 Need MAIL before RCPT
%status reading

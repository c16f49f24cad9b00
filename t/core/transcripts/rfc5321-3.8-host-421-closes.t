# RFC 5321 3.8 / 4.2.3: 421 means the service is closing the channel; it may
# answer any command.  A 421 set by the host (here on the second RCPT, a
# TEMPFAIL with a 4xx reply of its own) is sent as given and closes the
# session; the open transaction is aborted (reset) and later input is
# discarded.
%answer rcpt accept
%answer rcpt tempfail 421 4.3.2 System shutting down
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

C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
C: RCPT TO:<e@d.example>
E: rcpt <e@d.example> count=1
E: reset
S: 421 4.3.2 System shutting down
C: DATA
C: QUIT
%status closed

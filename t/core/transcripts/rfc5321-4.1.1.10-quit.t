# RFC 5321 4.1.1.10: QUIT gets 221 and the server closes the channel; an
# uncompleted transaction is aborted (reset callback).  RFC 5321 3.8: nothing
# after the 221 is processed.
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
C: QUIT
E: reset
S: 221 2.0.0 mx.test closing connection
C: NOOP
C: RSET
%status closed

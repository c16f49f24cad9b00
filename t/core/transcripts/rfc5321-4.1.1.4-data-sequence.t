# RFC 5321 3.3 / 4.1.4: DATA without MAIL or without any RCPT is out of
# sequence (503); data = "DATA" CRLF takes no argument (501, the
# transaction is kept); with a recipient accepted DATA gets 354.
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

C: DATA
S: 503 5.5.1 Need RCPT before DATA
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: DATA
S: 503 5.5.1 Need RCPT before DATA
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
C: DATA now
S: 501 5.5.4 Syntax: DATA
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
%status reading

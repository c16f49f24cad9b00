# RFC 2920 3.1/3.2: with PIPELINING the client sends EHLO, MAIL, several
# RCPT and DATA in one go; the server answers each in order and may buffer
# its replies while more input is at hand, sending them all at once (RFC
# 2920 3.2 (7): pending replies go out when the input is used up).  In the
# whole mode: one write for the greeting and one for the whole group.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

R: EHLO client.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nRCPT TO:<e@d.example>\r\nRCPT TO:<f@d.example>\r\nDATA\r\n
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

E: mail <a@b.example>
S: 250 2.1.0 Sender OK
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
E: rcpt <e@d.example> count=1
S: 250 2.1.5 Recipient OK
E: rcpt <f@d.example> count=2
S: 250 2.1.5 Recipient OK
E: data
S: 354 End data with <CR><LF>.<CR><LF>
%writes 2
%status reading

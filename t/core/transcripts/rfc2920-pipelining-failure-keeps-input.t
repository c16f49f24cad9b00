# RFC 2920 1 (2) and 3.2 (9): a server "MUST NOT flush or otherwise lose the
# contents of the TCP input buffer under any circumstances whatsoever": when
# a pipelined MAIL fails, the following RCPT and DATA are still read and
# answered (503 each), and the next MAIL/RCPT/DATA group in the same input
# works.
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

R: MAIL FROM:<a@b.example> FOO=1\r\nRCPT TO:<c@d.example>\r\nDATA\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n
S: 555 5.5.4 Unsupported parameter
S: 503 5.5.1 Need MAIL before RCPT
S: 503 5.5.1 Need RCPT before DATA
E: mail <a@b.example>
S: 250 2.1.0 Sender OK
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
E: data
S: 354 End data with <CR><LF>.<CR><LF>
%status reading

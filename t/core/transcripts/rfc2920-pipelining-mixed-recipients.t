# RFC 2920 1 (3) and 3.1: in a pipelined group some recipients may be
# refused (permanently or temporarily) and others accepted; each RCPT gets
# its own reply in order, the count only moves for accepted ones, and DATA
# succeeds because at least one recipient was accepted (regardless of the
# last RCPT).  Replies go out in one write.
%answer rcpt accept
%answer rcpt reject
%answer rcpt tempfail
%answer rcpt accept
%answer rcpt reject
E: connect 192.0.2.1
S: 220 mx.test ESMTP

R: EHLO client.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<ok1@d.example>\r\nRCPT TO:<bad@d.example>\r\nRCPT TO:<later@d.example>\r\nRCPT TO:<ok2@d.example>\r\nRCPT TO:<bad2@d.example>\r\nDATA\r\n
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

E: mail <a@b.example>
S: 250 2.1.0 Sender OK
E: rcpt <ok1@d.example> count=0
S: 250 2.1.5 Recipient OK
E: rcpt <bad@d.example> count=1
S: 550 5.1.1 Recipient refused
E: rcpt <later@d.example> count=1
S: 450 4.2.0 Recipient not accepted now, try again later
E: rcpt <ok2@d.example> count=1
S: 250 2.1.5 Recipient OK
E: rcpt <bad2@d.example> count=2
S: 550 5.1.1 Recipient refused
E: data
S: 354 End data with <CR><LF>.<CR><LF>
%writes 2
%status reading

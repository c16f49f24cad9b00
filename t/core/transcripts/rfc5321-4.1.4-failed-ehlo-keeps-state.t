# RFC 5321 4.1.4: "If the EHLO command is not acceptable to the SMTP server,
# 501, 500, 502, or 550 failure replies MUST be returned as appropriate.  The
# SMTP server MUST stay in the same state after transmitting these replies
# that it was in before the EHLO was received."  A malformed EHLO and a
# refused EHLO inside a transaction keep the sender and the recipient; no
# reset callback; the message still goes through.
%answer helo accept
%answer helo reject
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
C: EHLO
S: 501 Syntax: EHLO hostname
C: EHLO other.example
E: ehlo other.example
S: 550 HELO name refused
C: RCPT TO:<e@d.example>
E: rcpt <e@d.example> count=1
S: 250 2.1.5 Recipient OK
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: Hi
C: .
E: body Hi\r\n
E: message
S: 250 2.0.0 Message accepted
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed

# RFC 5321 4.1.4 leaves room for servers that accept MAIL without HELO
# ("SHOULD" on the client side); with the no_helo_required policy the whole
# transaction works without HELO/EHLO.
%config flags=no_helo_required
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
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

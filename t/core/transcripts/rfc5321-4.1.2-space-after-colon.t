# RFC 5321 4.1.1.2/4.1.1.3 put no space between "FROM:"/"TO:" and the path,
# but many real clients send one; RFC 5321 4.1.1 asks receivers to be
# tolerant of such variations (robustness).  "MAIL FROM: <...>" and
# "RCPT TO: <...>" are accepted, parameters included.
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

C: MAIL FROM: <a@b.example> SIZE=100
E: mail <a@b.example> size=100
S: 250 2.1.0 Sender OK
C: RCPT TO: <c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
%status reading

# RFC 5321 2.4: "Verbs and argument values (e.g., "TO:" or "to:" in the RCPT
# command and extension name keywords) are not case sensitive".  Mixed-case
# verbs, FROM:/TO: and parameter keywords and values work as upper case;
# the host sees the canonical BODY value.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: ehlo client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

C: MaIl fRoM:<a@b.example> size=100 body=8bitmime
E: mail <a@b.example> size=100 body=8BITMIME
S: 250 2.1.0 Sender OK
C: rCpT tO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
C: nOoP
S: 250 2.0.0 OK
C: data
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: Hi
C: .
E: body Hi\r\n
E: message
S: 250 2.0.0 Message accepted
C: qUiT
S: 221 2.0.0 mx.test closing connection
%status closed

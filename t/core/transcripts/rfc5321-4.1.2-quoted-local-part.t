# RFC 5321 4.1.2: Local-part = Dot-string / Quoted-string; qtextSMTP is any
# printable ASCII but " and \, so a quoted local part may hold spaces, "@"
# and dots in any position; such addresses are accepted and passed verbatim
# (quotes included).  The space inside the quotes does not end the path.
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

C: MAIL FROM:<"john doe"@example.com>
E: mail <"john doe"@example.com>
S: 250 2.1.0 Sender OK
C: RCPT TO:<"a@b"@example.com>
E: rcpt <"a@b"@example.com> count=0
S: 250 2.1.5 Recipient OK
C: RCPT TO:<".odd..dots."@example.com>
E: rcpt <".odd..dots."@example.com> count=1
S: 250 2.1.5 Recipient OK
%status reading

# RFC 5321 4.1.2: quoted-pairSMTP = %d92 %d32-126, i.e. a backslash followed
# by any printable ASCII character, is allowed inside a Quoted-string: the
# escaped quote does not end the string and an escaped backslash is one
# character.  Passed verbatim.  (On the wire: "john\"doe", "a\\b" and
# "x\ y"; a backslash is written \\ in C: and E: lines.)
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

C: MAIL FROM:<"john\\"doe"@example.com>
E: mail <"john\\"doe"@example.com>
S: 250 2.1.0 Sender OK
C: RCPT TO:<"a\\\\b"@example.com>
E: rcpt <"a\\\\b"@example.com> count=0
S: 250 2.1.5 Recipient OK
C: RCPT TO:<"x\\ y"@example.com>
E: rcpt <"x\\ y"@example.com> count=1
S: 250 2.1.5 Recipient OK
%status reading

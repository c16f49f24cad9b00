# RFC 6531 3.3 / RFC 3629 3-4: only well-formed UTF-8 is allowed (no lone
# continuation or invalid bytes, no truncated sequence, no overlong form, no
# surrogate, nothing above U+10FFFF).  A command containing ill-formed UTF-8
# is refused as a whole with 500 5.5.2, even in an SMTPUTF8 MAIL.
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

C: NOOP \xff
S: 500 5.5.2 Invalid character in command
C: MAIL FROM:<\x80@b.example> SMTPUTF8
S: 500 5.5.2 Invalid character in command
C: MAIL FROM:<\xc3\x28@b.example> SMTPUTF8
S: 500 5.5.2 Invalid character in command
C: MAIL FROM:<\xc0\xaf@b.example> SMTPUTF8
S: 500 5.5.2 Invalid character in command
C: MAIL FROM:<\xed\xa0\x80@b.example> SMTPUTF8
S: 500 5.5.2 Invalid character in command
C: MAIL FROM:<\xf4\x90\x80\x80@b.example> SMTPUTF8
S: 500 5.5.2 Invalid character in command
C: MAIL FROM:<a@b.example\xe4\xb8> SMTPUTF8
S: 500 5.5.2 Invalid character in command
C: MAIL FROM:<\xe4\xb8\xad@b.example> SMTPUTF8
E: mail <中@b.example> smtputf8
S: 250 2.1.0 Sender OK
%status reading

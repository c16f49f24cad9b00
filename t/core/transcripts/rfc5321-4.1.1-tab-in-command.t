# RFC 5321 4.1.1: the verb and its arguments are separated by SP; a TAB is
# a control character, not a separator, so a command containing one is
# refused with 500 5.5.2 and nothing of it is executed.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO\tclient.example
S: 500 5.5.2 Invalid character in command
C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

C: MAIL FROM:<a@b.example>\tBODY=8BITMIME
S: 500 5.5.2 Invalid character in command
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

%status reading

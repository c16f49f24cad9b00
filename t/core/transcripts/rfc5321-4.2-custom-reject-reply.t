# RFC 5321 4.2 / RFC 3463: the reply code, enhanced code and text of a
# decision are the host's when it sets them with the matching class: a
# custom 5xx for a refused sender and recipient, a custom 250 for an
# accepted recipient.  A refused MAIL opens no transaction.
%answer mail reject 550 5.7.1 Sender blocked by local policy
%answer rcpt reject 550 5.1.1 <nobody@d.example>: no such user here
%answer rcpt accept 250 2.1.5 Welcome, c
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

C: MAIL FROM:<spam@b.example>
E: mail <spam@b.example>
S: 550 5.7.1 Sender blocked by local policy
C: RCPT TO:<c@d.example>
S: 503 5.5.1 Need MAIL before RCPT
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: RCPT TO:<nobody@d.example>
E: rcpt <nobody@d.example> count=0
S: 550 5.1.1 <nobody@d.example>: no such user here
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Welcome, c
%status reading

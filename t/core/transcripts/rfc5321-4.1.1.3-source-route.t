# RFC 5321 4.1.2 / 3.3 / Appendix C: Path = "<" [ A-d-l ":" ] Mailbox ">";
# source routes are deprecated but servers MUST accept them syntactically
# and SHOULD ignore them: the host sees only the mailbox.
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

C: MAIL FROM:<@a.example,@b.example:user@c.example>
E: mail <user@c.example>
S: 250 2.1.0 Sender OK
C: RCPT TO:<@relay.example:rcpt@d.example>
E: rcpt <rcpt@d.example> count=0
S: 250 2.1.5 Recipient OK
%status reading

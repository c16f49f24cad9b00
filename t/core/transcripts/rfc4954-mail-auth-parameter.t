# RFC 4954 5: when AUTH is offered, MAIL FROM may carry AUTH=<mailbox> (as
# xtext, RFC 3461 4) or AUTH=<>; the server passes it on (the host decides
# whether to trust it).  The value reaches the host exactly as sent.
%callbacks starttls auth
%config flags=auth_insecure
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-STARTTLS
S: 250-AUTH PLAIN LOGIN
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: MAIL FROM:<a@b.example> AUTH=<>
E: mail <a@b.example> auth=<>
S: 250 2.1.0 Sender OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: MAIL FROM:<a@b.example> AUTH=e+3Dmc2@example.com SIZE=100
E: mail <a@b.example> size=100 auth=e+3Dmc2@example.com
S: 250 2.1.0 Sender OK
%status reading

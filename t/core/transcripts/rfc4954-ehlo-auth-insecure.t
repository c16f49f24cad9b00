# RFC 4954 3 / RFC 3207 2: with both callbacks and the auth_insecure policy
# (AUTH allowed without TLS) the EHLO reply lists STARTTLS and then
# "AUTH PLAIN LOGIN", in the order FORMAT.md gives.
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
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed

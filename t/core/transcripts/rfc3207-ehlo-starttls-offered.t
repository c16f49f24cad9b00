# RFC 3207 2 / RFC 4954 4: with a STARTTLS callback the EHLO reply lists
# STARTTLS (after SIZE); AUTH PLAIN/LOGIN is not offered in clear text
# (default policy: after TLS, or with auth_insecure only).
%callbacks starttls auth
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-STARTTLS
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed

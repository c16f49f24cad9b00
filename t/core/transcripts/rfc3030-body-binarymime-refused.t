# RFC 3030 3: BODY=BINARYMIME may only be used with a server advertising
# BINARYMIME and CHUNKING; this server advertises neither (and has no BDAT),
# so the value is invalid: 501, no transaction.
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

C: MAIL FROM:<a@b.example> BODY=BINARYMIME
S: 501 5.5.4 Invalid parameter
C: RCPT TO:<c@d.example>
S: 503 5.5.1 Need MAIL before RCPT
%status reading

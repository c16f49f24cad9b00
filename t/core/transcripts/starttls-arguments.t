# RFC 3207 4: STARTTLS takes no parameters: "STARTTLS now" gets
# 501 5.5.4 Syntax: STARTTLS and the host is not asked; a plain STARTTLS then works.

%callbacks starttls
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-STARTTLS
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: STARTTLS now
S: 501 5.5.4 Syntax: STARTTLS
C: STARTTLS
E: starttls
S: 220 2.0.0 Ready to start TLS
%tls ok
%status reading

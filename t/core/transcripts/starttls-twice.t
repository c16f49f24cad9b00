# RFC 3207 4.2: STARTTLS on a session that is already TLS is refused with
# 503 5.5.1 TLS already active (the host is not asked again).

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
C: STARTTLS
E: starttls
S: 220 2.0.0 Ready to start TLS
%tls ok
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: STARTTLS
S: 503 5.5.1 TLS already active
C: NOOP
S: 250 2.0.0 OK
%status reading

# RFC 3207 4: the host tempfails STARTTLS: 454 4.7.0 TLS not available; the
# client may try again, and the second STARTTLS (accepted) starts TLS.

%callbacks starttls
%answer starttls tempfail
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
S: 454 4.7.0 TLS not available
C: STARTTLS
E: starttls
S: 220 2.0.0 Ready to start TLS
%tls ok
%status reading

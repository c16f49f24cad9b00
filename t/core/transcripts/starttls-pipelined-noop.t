# RFC 3207 4.2, 5; CVE-2011-0411 (STARTTLS command injection): a command
# pipelined after STARTTLS in the same packet is discarded, never answered, not
# even after the handshake.

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
R: STARTTLS\r\nNOOP\r\n
E: starttls
S: 220 2.0.0 Ready to start TLS
%tls ok
C: NOOP
S: 250 2.0.0 OK
%status reading

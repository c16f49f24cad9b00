# RFC 3207 4.2, 5; CVE-2011-0411: an EHLO injected after STARTTLS in the same
# packet is discarded; after the handshake the session has no HELO (MAIL -> 503)
# and the real EHLO no longer offers STARTTLS.

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
R: STARTTLS\r\nEHLO evil.test\r\n
E: starttls
S: 220 2.0.0 Ready to start TLS
%tls ok
C: MAIL FROM:<alice@client.test>
S: 503 5.5.1 Send HELO/EHLO first
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed

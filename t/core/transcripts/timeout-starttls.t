# RFC 3207 4: after "220 Ready to start TLS" the channel belongs to the TLS
# handshake.  A timer that fires before the handshake ended is a failed
# handshake: the session closes without another plaintext byte (a 421 here
# would only be garbage in the client's TLS stream).

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
%timeout
%status closed

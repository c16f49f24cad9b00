# RFC 5321 3.1 and 4.2: once the connection is open the server speaks first,
# with "220 <domain>" (Greeting = "220 " Domain [SP textstring]); the core
# greets with its host name (default mx.test here) and "ESMTP", before any
# input, and the connect callback sees the peer text given to smtpd_start().
# QUIT then closes (RFC 5321 4.1.1.10).
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed

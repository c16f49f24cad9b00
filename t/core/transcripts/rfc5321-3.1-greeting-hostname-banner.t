# RFC 5321 3.1 / 4.2: the greeting names the server's own domain; the
# configured host name is used in the greeting, the EHLO reply and the QUIT
# reply, and the configured banner follows "ESMTP" in the 220 text.  The
# connect callback gets the peer text exactly as given.
%config hostname=mail.example.org banner=Ready
%peer 198.51.100.7
E: connect 198.51.100.7
S: 220 mail.example.org ESMTP Ready
C: EHLO client.example
E: ehlo client.example
S: 250-mail.example.org
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: QUIT
S: 221 2.0.0 mail.example.org closing connection
%status closed

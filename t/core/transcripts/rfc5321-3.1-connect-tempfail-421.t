# RFC 5321 3.8 / 4.2.3: 421 "<domain> Service not available, closing
# transmission channel" may be the opening reply; the server closes at once.
# Everything the client sends afterwards is discarded.
%answer connect tempfail
E: connect 192.0.2.1
S: 421 mx.test ESMTP service not available, closing
C: EHLO client.example
C: QUIT
%status closed

# RFC 5321 4.1.1.1: helo = "HELO" SP Domain CRLF, ehlo = "EHLO" SP ( Domain /
# address-literal ) CRLF: exactly one argument.  A missing argument or more
# than one word is a 501 syntax error (no enhanced code on HELO/EHLO replies,
# RFC 2034), the helo callback is not called and no session is opened, so
# MAIL still needs HELO/EHLO.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: HELO
S: 501 Syntax: HELO hostname
C: EHLO
S: 501 Syntax: EHLO hostname
C: HELO client.example extra
S: 501 Syntax: HELO hostname
C: EHLO client.example extra
S: 501 Syntax: EHLO hostname
C: MAIL FROM:<a@b.example>
S: 503 5.5.1 Send HELO/EHLO first
C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

%status reading

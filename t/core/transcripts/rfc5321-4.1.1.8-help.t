# RFC 5321 4.1.1.8: help = "HELP" [ SP String ] CRLF, answered with 214
# (211/214 informational); allowed at any time (4.1.4), with or without an
# argument.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: HELP
S: 214 2.0.0 See RFC 5321
C: HELP MAIL
S: 214 2.0.0 See RFC 5321
C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

C: HELP
S: 214 2.0.0 See RFC 5321
%status reading

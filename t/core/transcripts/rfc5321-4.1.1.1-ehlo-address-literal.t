# RFC 5321 4.1.1.1 / 4.1.3: a client without a domain name sends an address
# literal in EHLO/HELO; both IPv4 and IPv6 literals are one argument and are
# passed to the host as sent.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO [192.0.2.25]
E: ehlo [192.0.2.25]
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

C: HELO [IPv6:2001:db8::25]
E: helo [IPv6:2001:db8::25]
S: 250 mx.test
%status reading

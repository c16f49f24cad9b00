# RFC 5321 4.1.2 / 4.1.3: the domain part may be an address-literal:
# "[" IPv4-address-literal "]" or "[IPv6:" IPv6-addr "]"; both are accepted
# for the sender and for recipients and passed as sent.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

C: MAIL FROM:<user@[192.0.2.1]>
E: mail <user@[192.0.2.1]>
S: 250 2.1.0 Sender OK
C: RCPT TO:<user@[IPv6:2001:db8::1]>
E: rcpt <user@[IPv6:2001:db8::1]> count=0
S: 250 2.1.5 Recipient OK
C: RCPT TO:<postmaster@[198.51.100.10]>
E: rcpt <postmaster@[198.51.100.10]> count=1
S: 250 2.1.5 Recipient OK
%status reading

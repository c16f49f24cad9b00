# RFC 2920 3.1, RFC 5321 4.1.4: a pipelined HELO refused by the host leaves the
# session without HELO (the next MAIL gets 503); a second HELO, accepted, allows
# MAIL.  Replies stay in order when the decisions are deferred.

%answer helo reject
E: connect 192.0.2.1
S: 220 mx.test ESMTP
R: HELO bad.example\r\nMAIL FROM:<alice@client.test>\r\n
R: HELO client.test\r\nMAIL FROM:<alice@client.test>\r\nRSET\r\nQUIT\r\n
E: helo bad.example
S: 550 HELO name refused
S: 503 5.5.1 Send HELO/EHLO first
E: helo client.test
S: 250 mx.test
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
E: reset
S: 250 2.0.0 OK
S: 221 2.0.0 mx.test closing connection
%status closed

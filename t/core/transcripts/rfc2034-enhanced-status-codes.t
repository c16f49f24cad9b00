# RFC 2034 3/4 and RFC 3463: a server advertising ENHANCEDSTATUSCODES
# prefixes the text of its 2xx/4xx/5xx replies with "class.subject.detail",
# except the initial greeting and the replies to HELO and EHLO.  RFC 3463
# defines classes 2, 4 and 5 only, so the 354 carries none.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: NOOP
S: 250 2.0.0 OK
C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
C: VRFY c
S: 252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery
C: HELP
S: 214 2.0.0 See RFC 5321
C: XYZZY
S: 500 5.5.2 Command unrecognized
C: MAIL FROM:<a@b.example>
S: 503 5.5.1 Nested MAIL command
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: Hi
C: .
E: body Hi\r\n
E: message
S: 250 2.0.0 Message accepted
C: RSET
S: 250 2.0.0 OK
C: HELO client.example
E: helo client.example
S: 250 mx.test
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed

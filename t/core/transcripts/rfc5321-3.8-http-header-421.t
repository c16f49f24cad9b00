# RFC 5321 3.8 / 4.2.4: "GET" without a following space and an HTTP method
# the core does not know are plain unknown commands (500); an HTTP header
# line ("User-Agent:") gives the 421 and closes the session.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: GET
S: 500 5.5.2 Command unrecognized
C: OPTIONS * HTTP/1.1
S: 500 5.5.2 Command unrecognized
C: User-Agent: Mozilla/5.0
S: 421 4.7.0 mx.test Not an SMTP client, closing
C: NOOP
%status closed

# RFC 5321 3.1: a server may answer the connection with 554 instead of 220;
# it then MUST wait for QUIT before closing and SHOULD answer any other
# command with 503 (bad sequence of commands).  No HELO/MAIL callback runs.
# After the 221 everything is discarded.
%answer connect reject
E: connect 192.0.2.1
S: 554 mx.test ESMTP no service
C: EHLO client.example
S: 503 5.5.1 No SMTP service here
C: MAIL FROM:<a@b.example>
S: 503 5.5.1 No SMTP service here
C: RCPT TO:<c@d.example>
S: 503 5.5.1 No SMTP service here
C: NOOP
S: 503 5.5.1 No SMTP service here
C: QUIT
S: 221 2.0.0 mx.test closing connection
C: NOOP
%status closed

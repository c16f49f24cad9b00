# RFC 2920 3.1: a pipelined transaction whose MAIL the host refuses: RCPT and
# DATA then fail with 503 (no callbacks), and the content is read as commands.

%answer mail reject
E: connect 192.0.2.1
S: 220 mx.test ESMTP
R: HELO client.test\r\nMAIL FROM:<spammer@bad.example>\r\nRCPT TO:<bob@mx.test>\r\nDATA\r\n
R: hello\r\n.\r\nQUIT\r\n
E: helo client.test
S: 250 mx.test
E: mail <spammer@bad.example>
S: 550 5.7.1 Sender refused
S: 503 5.5.1 Need MAIL before RCPT
S: 503 5.5.1 Need RCPT before DATA
S: 500 5.5.2 Command unrecognized
S: 500 5.5.2 Command unrecognized
S: 221 2.0.0 mx.test closing connection
%status closed

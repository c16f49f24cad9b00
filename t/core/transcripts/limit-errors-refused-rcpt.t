# smtpd.h max_errors, FORMAT.md counting: a refused decision counts as an
# error.  With max_errors=2 the second refused RCPT's reply becomes 421; the
# open transaction is reported with a reset.

%config max_errors=2
%answer rcpt reject
%answer rcpt reject
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: HELO client.test
E: helo client.test
S: 250 mx.test
C: MAIL FROM:<alice@client.test>
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
C: RCPT TO:<r1@mx.test>
E: rcpt <r1@mx.test> count=0
S: 550 5.1.1 Recipient refused
C: RCPT TO:<r2@mx.test>
E: rcpt <r2@mx.test> count=0
S: 421 4.7.0 mx.test Too many errors, closing
E: reset
C: RCPT TO:<r3@mx.test>
%status closed

# RFC 5321 4.2.5, 4.5.4.1 (drop abusive clients), smtpd.h max_errors: with
# max_errors=3 the third error reply is replaced by 421 4.7.0 ... Too many
# errors, closing; then nothing more is answered.

%config max_errors=3
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: HELO client.test
E: helo client.test
S: 250 mx.test
C: RCPT TO:<bob@mx.test>
S: 503 5.5.1 Need MAIL before RCPT
C: DATA
S: 503 5.5.1 Need RCPT before DATA
C: HELO
S: 421 4.7.0 mx.test Too many errors, closing
C: NOOP
%status closed

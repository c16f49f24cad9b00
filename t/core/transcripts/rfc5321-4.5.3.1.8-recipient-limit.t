# RFC 5321 4.5.3.1.8: a server MUST be able to take at least 100
# recipients, so a lower max_recipients is raised to 100; RFC 5321
# 4.5.3.1.10: past its limit the server answers 452 "Too many recipients"
# (the host is not asked), and the transaction with its 100 recipients goes
# on to DATA.
%config max_recipients=5
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

C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

X: 100 RCPT TO:<r@d.example>\r\n
E: rcpt <r@d.example> count=0
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=1
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=2
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=3
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=4
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=5
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=6
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=7
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=8
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=9
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=10
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=11
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=12
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=13
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=14
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=15
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=16
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=17
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=18
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=19
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=20
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=21
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=22
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=23
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=24
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=25
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=26
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=27
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=28
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=29
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=30
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=31
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=32
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=33
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=34
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=35
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=36
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=37
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=38
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=39
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=40
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=41
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=42
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=43
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=44
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=45
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=46
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=47
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=48
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=49
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=50
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=51
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=52
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=53
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=54
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=55
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=56
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=57
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=58
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=59
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=60
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=61
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=62
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=63
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=64
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=65
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=66
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=67
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=68
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=69
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=70
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=71
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=72
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=73
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=74
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=75
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=76
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=77
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=78
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=79
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=80
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=81
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=82
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=83
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=84
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=85
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=86
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=87
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=88
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=89
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=90
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=91
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=92
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=93
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=94
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=95
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=96
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=97
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=98
S: 250 2.1.5 Recipient OK
E: rcpt <r@d.example> count=99
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r101@d.example>
S: 452 4.5.3 Too many recipients
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
%status reading

# RFC 5321 4.5.3.1.8, 4.5.3.1.10: with max_recipients=100, 100 recipients are
# accepted and the 101st gets 452 4.5.3 Too many recipients without asking the
# host; the transaction goes on.

%config max_recipients=100
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: HELO client.test
E: helo client.test
S: 250 mx.test
C: MAIL FROM:<alice@client.test>
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
X: 100 RCPT TO:<bob@mx.test>\r\n
E: rcpt <bob@mx.test> count=0
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=1
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=2
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=3
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=4
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=5
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=6
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=7
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=8
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=9
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=10
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=11
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=12
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=13
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=14
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=15
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=16
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=17
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=18
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=19
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=20
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=21
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=22
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=23
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=24
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=25
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=26
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=27
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=28
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=29
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=30
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=31
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=32
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=33
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=34
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=35
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=36
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=37
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=38
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=39
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=40
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=41
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=42
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=43
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=44
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=45
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=46
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=47
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=48
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=49
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=50
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=51
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=52
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=53
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=54
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=55
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=56
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=57
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=58
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=59
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=60
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=61
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=62
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=63
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=64
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=65
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=66
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=67
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=68
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=69
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=70
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=71
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=72
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=73
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=74
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=75
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=76
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=77
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=78
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=79
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=80
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=81
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=82
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=83
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=84
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=85
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=86
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=87
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=88
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=89
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=90
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=91
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=92
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=93
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=94
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=95
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=96
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=97
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=98
S: 250 2.1.5 Recipient OK
E: rcpt <bob@mx.test> count=99
S: 250 2.1.5 Recipient OK
C: RCPT TO:<carol@mx.test>
S: 452 4.5.3 Too many recipients
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: hi
C: .
E: body hi\r\n
E: message
S: 250 2.0.0 Message accepted
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed

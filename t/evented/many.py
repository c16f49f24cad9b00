#!/usr/bin/env python3
"""many.py - many concurrent pipelined SMTP sessions against smtpd-evented
on 127.0.0.1, in one thread (selectors), standard library only.

Usage: many.py --port PORT [--sessions N] [--transactions N] [--seed N]
               [--server-pid PID] [--maildir DIR | --log FILE]
               [--host NAME] [--timeout S]

Every session connects, and once every session has its greeting (so that
all of them are open at once) each sends EHLO, its transactions and QUIT in
one write: MAIL, 1 to 4 RCPT (some to "reject@...", never all), DATA, the
message, the final dot.  The replies must be exactly the expected sequence
(250 or 550 per recipient, in order).

--server-pid: count the server's descriptors (/proc/PID/fd) once all
sessions are open, and again while they run; print the largest count.
--maildir: the server delivers there; every message answered 250 must be in
new/ exactly once, under the name its reply gave, and equal the expected
file byte for byte (Return-Path, Delivered-To, the Received: lines, then
the message with LF line ends, dots unstuffed); nothing else in new/.
--log: the server discards (-D); its "end" line for each session (found by
the client's port) must say messages=N accepted=N.

Prints "sessions N", "fds_peak N", "seconds S", "messages N"; problems go
to stderr and make the exit status 1."""

import argparse
import os
import random
import re
import selectors
import socket
import sys
import time

problems = []


def problem(text):
    problems.append(text)
    if len(problems) <= 20:
        print("many.py: " + text, file=sys.stderr)


class Session:
    def __init__(self, i, args):
        rng = random.Random(args.seed * 100003 + i)
        self.i = i
        self.sock = None
        self.inbuf = bytearray()
        self.outbuf = b""
        self.greeted = False
        self.closed = False
        self.lines = []
        self.messages = []      # (message-id, sender, rcpts, body bytes)
        host = args.host
        script = [b"EHLO c%d.many.test\r\n" % i]
        expect = ["220 %s ESMTP" % host, "250-" + host, "250-PIPELINING",
                  "250-SIZE 10485760", "250-8BITMIME",
                  "250-ENHANCEDSTATUSCODES", "250 SMTPUTF8"]
        for t in range(args.transactions):
            sender = "s%d.%d@many.test" % (i, t)
            script.append(b"MAIL FROM:<%s>\r\n" % sender.encode())
            expect.append("250 2.1.0 Sender OK")
            n = rng.randint(1, 4)
            keep = rng.randrange(n)     # at least this one is accepted
            rcpts = []
            for r in range(n):
                reject = r != keep and rng.random() < 0.3
                if reject:
                    addr = "reject@r%d.%d.%d.many.test" % (i, t, r)
                else:
                    addr = "u%d.%d.%d@many.test" % (i, t, r)
                script.append(b"RCPT TO:<%s>\r\n" % addr.encode())
                if reject:
                    expect.append("550 5.1.1 Recipient refused")
                else:
                    expect.append("250 2.1.5 Recipient OK")
                    rcpts.append(addr)
            script.append(b"DATA\r\n")
            expect.append("354 End data with <CR><LF>.<CR><LF>")
            mid = "<%d.%d.%d@many.test>" % (args.seed, i, t)
            body = ("Message-ID: %s\r\nSubject: session %d message %d\r\n"
                    "\r\n.a line with a leading dot\r\n" % (mid, i, t))
            body += "".join("line %d of %d.%d %s\r\n" % (
                k, i, t, "x" * rng.randint(0, 120))
                for k in range(rng.randint(1, 30)))
            wire = "".join("." + ln if ln.startswith(".") else ln
                           for ln in body.splitlines(True))
            script.append(wire.encode() + b".\r\n")
            expect.append(None)         # 250: checked by form
            self.messages.append((mid, sender, rcpts, body.encode()))
        script.append(b"QUIT\r\n")
        expect.append("221 2.0.0 %s closing connection" % host)
        self.script = b"".join(script)
        self.expect = expect


def final_reply(line, maildir):
    if maildir:
        m = re.fullmatch(r"250 2\.0\.0 Ok: delivered as (\S+)", line)
        return m.group(1) if m else None
    return "" if line == "250 2.0.0 Message accepted" else None


def count_fds(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return 0


def check_replies(s, maildir):
    names = []
    if len(s.lines) != len(s.expect):
        problem("session %d: %d reply lines, expected %d: %r" % (
            s.i, len(s.lines), len(s.expect), s.lines[-5:]))
        return names
    for k, (got, want) in enumerate(zip(s.lines, s.expect)):
        if want is None:
            name = final_reply(got, maildir)
            if name is None:
                problem("session %d line %d: %r, expected a 250 for the "
                        "message" % (s.i, k, got))
            names.append(name)
        elif got != want:
            problem("session %d line %d: %r, expected %r" % (
                s.i, k, got, want))
    return names


def check_maildir(sessions, names, maildir):
    new = os.path.join(maildir, "new")
    files = set(os.listdir(new))
    seen = set()
    for s, snames in zip(sessions, names):
        for (mid, sender, rcpts, body), name in zip(s.messages, snames):
            if name not in files:
                problem("session %d: %s not in new/" % (s.i, name))
                continue
            if name in seen:
                problem("%s named twice" % name)
            seen.add(name)
            with open(os.path.join(new, name), "rb") as f:
                data = f.read()
            head = ("Return-Path: <%s>\n" % sender + "".join(
                "Delivered-To: %s\n" % r for r in rcpts)).encode()
            if not data.startswith(head):
                problem("%s: envelope header lines differ" % name)
                continue
            rest = data[len(head):]
            m = re.match(rb"Received: from c%d\.many\.test \(unknown "
                         rb"\[127\.0\.0\.1\]\)\n\tby [^\n]+\(smtpd-evented\)"
                         rb" with ESMTP(\n\tfor <[^>\n]+>)?; [^\n]+\n" % s.i,
                         rest)
            if not m:
                problem("%s: no Received line of ours: %r" % (
                    name, rest[:200]))
                continue
            if rest[m.end():] != body.replace(b"\r\n", b"\n"):
                problem("%s: message body differs" % name)
    extra = files - seen
    if extra:
        problem("%d unexpected files in new/" % len(extra))
    tmp = os.listdir(os.path.join(maildir, "tmp"))
    if tmp:
        problem("tmp/ is not empty: %r" % tmp[:3])
    return len(seen)


def check_log(sessions, path, transactions, deadline):
    want = {s.port: s for s in sessions}
    found = {}
    pat = re.compile(r"info: end id=\d+ ip=127\.0\.0\.1 port=(\d+) "
                     r"reason=(\S+) messages=(\d+) accepted=(\d+)")
    while time.monotonic() < deadline:
        with open(path) as f:
            for line in f:
                m = pat.search(line)
                if m and int(m.group(1)) in want:
                    found[int(m.group(1))] = m.groups()[1:]
        if len(found) == len(want):
            break
        time.sleep(0.1)
    total = 0
    for port, s in want.items():
        if port not in found:
            problem("session %d (port %d): no end line" % (s.i, port))
            continue
        reason, msgs, acc = found[port]
        if reason != "quit" or int(msgs) != transactions or \
                int(acc) != transactions:
            problem("session %d: end reason=%s messages=%s accepted=%s" % (
                s.i, reason, msgs, acc))
        total += int(acc)
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--sessions", type=int, default=500)
    ap.add_argument("--transactions", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--server-pid", type=int)
    ap.add_argument("--maildir")
    ap.add_argument("--log")
    ap.add_argument("--host", default="mx.test")
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()

    start = time.monotonic()
    deadline = start + args.timeout
    sel = selectors.DefaultSelector()
    sessions = [Session(i, args) for i in range(args.sessions)]
    for s in sessions:
        s.sock = socket.socket()
        s.sock.setblocking(False)
        s.sock.connect_ex(("127.0.0.1", args.port))
        s.port = None
        sel.register(s.sock, selectors.EVENT_READ, s)
    fds_peak = 0
    greeted = 0
    released = False
    done = 0
    samples = 0
    while done < len(sessions) and time.monotonic() < deadline:
        if args.server_pid and (not released or samples < 50):
            fds_peak = max(fds_peak, count_fds(args.server_pid))
            samples += released
        for key, mask in sel.select(timeout=0.1):
            s = key.data
            if mask & selectors.EVENT_WRITE and s.outbuf:
                try:
                    k = s.sock.send(s.outbuf)
                    s.outbuf = s.outbuf[k:]
                except BlockingIOError:
                    pass
                except OSError as e:
                    problem("session %d: send: %s" % (s.i, e))
                    s.outbuf = b""
                if not s.outbuf:
                    sel.modify(s.sock, selectors.EVENT_READ, s)
            if not mask & selectors.EVENT_READ:
                continue
            try:
                chunk = s.sock.recv(65536)
            except BlockingIOError:
                continue
            except OSError as e:
                problem("session %d: recv: %s" % (s.i, e))
                chunk = b""
            if not chunk:
                sel.unregister(s.sock)
                s.sock.close()
                s.closed = True
                done += 1
                if not s.greeted:
                    problem("session %d closed before its greeting" % s.i)
                continue
            s.inbuf += chunk
            while b"\r\n" in s.inbuf:
                line, _, rest = s.inbuf.partition(b"\r\n")
                s.inbuf = bytearray(rest)
                s.lines.append(line.decode("utf-8", "replace"))
            if not s.greeted and s.lines:
                s.greeted = True
                s.port = s.sock.getsockname()[1]
                greeted += 1
        if not released and greeted == len(sessions):
            # Every session is open and greeted: now all of them at once.
            if args.server_pid:
                fds_peak = max(fds_peak, count_fds(args.server_pid))
            released = True
            for s in sessions:
                if s.closed:
                    continue
                s.outbuf = s.script
                sel.modify(s.sock, selectors.EVENT_READ |
                           selectors.EVENT_WRITE, s)
    elapsed = time.monotonic() - start
    if done < len(sessions):
        problem("%d sessions did not finish in %.0f s (%d greeted)" % (
            len(sessions) - done, args.timeout, greeted))
        for s in sessions:
            if not s.closed:
                s.sock.close()
    names = [check_replies(s, bool(args.maildir)) for s in sessions]
    stored = 0
    if args.maildir:
        stored = check_maildir(sessions, names, args.maildir)
    elif args.log:
        stored = check_log(sessions, args.log, args.transactions,
                           time.monotonic() + 10)
    print("sessions %d" % len(sessions))
    print("fds_peak %d" % fds_peak)
    print("seconds %.2f" % elapsed)
    print("messages %d" % stored)
    print("problems %d" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""smtp-load.py - many concurrent SMTP sessions against smtp-server behind
tcpserver on 127.0.0.1, then a check of the Maildir the messages went to.

Usage: smtp-load.py --port PORT --maildir DIR [options]

  --sessions N        concurrent sessions (default 200)
  --messages N        messages per session (default 50)
  --server-pid PID    tcpserver's pid: count its smtp-server children once
                      every session has its greeting, take the CPU time of
                      its reaped children, and wait for them to be gone
  --ca CERT           verify the server's certificate for "localhost"
  --user U --password P   AUTH PLAIN credentials for the AUTH sessions
  --only KIND         every session of one kind (plain, pipelined, tls,
                      tls-auth, tls-auth-pipelined), no failures on purpose
  --fd-probe          one session only: print "fds N COUNT" (descriptors of
                      the smtp-server process, the only child of
                      --server-pid) after message 1 and after the last one
  --timeout S         socket timeout per operation (default 60)

Sessions are of five kinds by number (session % 5): plain one command at a
time; plain with PIPELINING (RFC 2920: MAIL, RCPT and DATA in one group, and
each message's content and final dot in the same group as the next MAIL);
STARTTLS then pipelined; STARTTLS and AUTH PLAIN one at a time; STARTTLS,
AUTH and pipelined.  Every message has a unique Message-ID and body: lines
that start with "." (dot-stuffed on the wire), 8-bit UTF-8 and non-UTF-8
octets (with BODY=8BITMIME), some large (over 64 KiB), some with two
recipients, some with SMTPUTF8 and a UTF-8 recipient.  Some messages are
meant to fail: every 17th contains a bare LF (the server must answer 550),
and every 40th session drops its connection in the middle of its last
message.  Connections are opened at most 8 at a time (tcpserver listens
with a backlog of 20), and every session waits after its greeting until
all have theirs, so that all are open at once.

After the load the Maildir is checked: each message answered 250 is in
new/ exactly once, under the name its reply gave, and equals the expected
file byte for byte (Return-Path, Delivered-To, the Received: line, then the
message with LF line ends and dots unstuffed); no other message is in new/;
tmp/ is empty.  Then one line per figure is printed ("sessions 200",
"planned_ok 9395", "acked 9395", "msgs_per_s 123.4", "server_cpu_s ...",
...); problems go to stderr, and the exit status is 1 when there was any,
0 otherwise.  With --fd-probe, lines "fds N COUNT pid=PID fd:target ..."
come first.
"""

import argparse
import base64
import os
import random
import re
import socket
import ssl
import sys
import threading
import time

CRLF = b"\r\n"
HOST = "mx.test"
RUN = "%x" % int(time.time() * 1000)

# Any octet to a printable ASCII character (filler lines).
PRINTABLE = bytes((b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                   b"0123456789 .,;:-_+=!?()<>")[i % 77] for i in range(256))

CONNECTING = threading.BoundedSemaphore(8)

KINDS = ["plain", "pipelined", "tls", "tls-auth", "tls-auth-pipelined"]


class SessionError(Exception):
    pass


# ---------------------------------------------------------------- messages

def session_kind(args, s):
    return args.only if args.only else KINDS[s % 5]


class Message:
    """One message of one session: envelope, content, expected outcome."""

    def __init__(self, args, s, m):
        rng = random.Random("%s/%d/%d" % (RUN, s, m))
        self.s, self.m = s, m
        self.mid = "<%s.%d.%d@load.test>" % (RUN, s, m)
        self.sender = "sender%d@example.org" % s
        self.smtputf8 = not args.only and m % 11 == 5
        if self.smtputf8:
            self.rcpts = ["r\u00fcck%d@b\u00fccher.example" % s]
        else:
            self.rcpts = ["rcpt%d@example.net" % s]
        if not args.only and m % 7 == 3:
            self.rcpts.append("copy%d.%d@example.com" % (s, m))
        self.eightbit = m % 3 == 1
        self.bare_lf = not args.only and m % 17 == 9
        self.big = m % 13 == 6
        # The session drops the connection half-way through this one.
        self.drop = (not args.only and s % 40 == 39 and
                     m == args.messages - 1)
        self.content = self._content(rng)
        self.reply = None       # the final reply line, bytes
        self.name = None        # "delivered as NAME"

    def _content(self, rng):
        lines = [
            b"From: Load Sender <%s>" % self.sender.encode(),
            b"To: " + ", ".join(self.rcpts).encode(),
            b"Subject: load session %d message %d" % (self.s, self.m),
            b"Message-ID: " + self.mid.encode(),
            b"Date: Thu, 01 Jan 2026 00:00:00 +0000",
        ]
        if self.eightbit:
            lines += [b"MIME-Version: 1.0",
                      b"Content-Type: text/plain; charset=utf-8",
                      b"Content-Transfer-Encoding: 8bit"]
        lines += [b"", b"Session %d, message %d." % (self.s, self.m),
                  b".a line that starts with a dot",
                  b"..two dots", b".", b"...", b" . not the end",
                  b". one more"]
        if self.eightbit:
            lines += ["Gr\u00fc\u00dfe aus K\u00f6ln \u2713 \U0001f4ec"
                      .encode("utf-8"),
                      b"raw octets: \xe9\xe8\xff\x80\xa0\xfe"]
        if self.bare_lf:
            lines.append(b"a bare\nLF in the middle of a line")
        total = 60000 + rng.randrange(60000) if self.big else \
            rng.randrange(200, 4000)
        n = 0
        while n < total:
            k = rng.choice([0, 1, 10, 72, 76, 200, 998])
            line = rng.randbytes(k).translate(PRINTABLE)
            if rng.random() < 0.1:
                line = b"." + line[1:]
            lines.append(line)
            n += len(line) + 2
        lines.append(b"-- end of " + self.mid.encode() + b" --")
        return CRLF.join(lines) + CRLF

    def wire(self):
        """The content as sent: dot-stuffed (RFC 5321 4.5.2), then the
        end of data.  Only CRLF ends a line."""
        out = []
        for line in self.content[:-2].split(CRLF):
            out.append(b"." + line if line.startswith(b".") else line)
        return CRLF.join(out) + CRLF + b"." + CRLF

    def mail_cmd(self):
        params = ""
        if self.eightbit:
            params += " BODY=8BITMIME"
        if self.smtputf8:
            params += " SMTPUTF8"
        return ("MAIL FROM:<%s>%s\r\n" % (self.sender, params)).encode()

    def rcpt_cmds(self):
        return [("RCPT TO:<%s>\r\n" % r).encode("utf-8") for r in self.rcpts]

    def expected_ok(self):
        return not self.bare_lf and not self.drop

    def stored(self):
        """What smtp-maildir must write: (prefix, Received regex, body)."""
        head = b"Return-Path: <%s>\n" % self.sender.encode()
        for r in self.rcpts:
            head += b"Delivered-To: " + r.encode("utf-8") + b"\n"
        return head, self.content.replace(CRLF, b"\n")


# ----------------------------------------------------------------- session

class Session:
    def __init__(self, args, s, barrier):
        self.args, self.s, self.barrier = args, s, barrier
        self.kind = session_kind(args, s)
        self.tls = self.kind.startswith("tls")
        self.auth = "auth" in self.kind
        self.pipelined = self.kind.endswith("pipelined") or \
            self.kind == "tls"
        self.helo = "load%d.client.test" % s
        self.messages = [Message(args, s, m)
                         for m in range(args.messages)]
        self.sock = None
        self.buf = b""
        self.error = None

    # -- I/O -------------------------------------------------------------
    def send(self, data):
        self.sock.sendall(data)

    def line(self):
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                line, self.buf = self.buf[:i + 1], self.buf[i + 1:]
                if not line.endswith(CRLF):
                    raise SessionError("reply line without CRLF: %r" % line)
                return line[:-2]
            data = self.sock.recv(65536)
            if not data:
                raise SessionError("server closed the connection")
            self.buf += data

    def reply(self):
        lines = []
        while True:
            line = self.line()
            if not re.match(rb"^[2-5][0-9][0-9]([ -]|$)", line):
                raise SessionError("malformed reply %r" % line)
            lines.append(line)
            if len(line) < 4 or line[3:4] == b" ":
                return int(line[:3]), lines

    def expect(self, code, what):
        got, lines = self.reply()
        if got != code:
            raise SessionError("%s: expected %d, got %r" % (what, code,
                                                           lines))
        return lines

    # -- protocol --------------------------------------------------------
    def ehlo(self):
        self.send(b"EHLO " + self.helo.encode() + CRLF)
        lines = self.expect(250, "EHLO")
        return [l[4:] for l in lines]

    def starttls(self):
        self.send(b"STARTTLS\r\n")
        self.expect(220, "STARTTLS")
        if self.buf:
            raise SessionError("bytes after 220 to STARTTLS")
        ctx = ssl.create_default_context(cafile=self.args.ca) \
            if self.args.ca else ssl._create_unverified_context()
        self.sock = ctx.wrap_socket(self.sock, server_hostname="localhost")

    def run(self):
        try:
            self._run()
        except (OSError, SessionError, ssl.SSLError,
                threading.BrokenBarrierError) as e:
            self.error = "session %d (%s): %s: %s" % (
                self.s, self.kind, type(e).__name__, e)
            try:
                self.barrier.abort()
            except Exception:
                pass
        finally:
            if self.sock is not None:
                try:
                    self.sock.close()
                except OSError:
                    pass

    def _run(self):
        # A few connections at a time until each has its greeting:
        # tcpserver listens with a backlog of 20, and a connection the
        # kernel could not queue waits for SYN-ACK retransmissions (a
        # second and more each), which would measure the kernel, not us.
        with CONNECTING:
            self.sock = socket.create_connection(
                ("127.0.0.1", self.args.port), timeout=self.args.timeout)
            self.expect(220, "greeting")
        # Every session is connected and greeted before any sends mail.
        if self.barrier is not None:
            self.barrier.wait(timeout=self.args.timeout)
        ext = self.ehlo()
        for need in (b"PIPELINING", b"8BITMIME", b"SMTPUTF8"):
            if need not in ext:
                raise SessionError("EHLO lacks %s: %r" % (need, ext))
        if self.tls:
            self.starttls()
            ext = self.ehlo()
            if not any(e.startswith(b"AUTH ") for e in ext):
                raise SessionError("no AUTH after STARTTLS: %r" % ext)
        if self.auth:
            blob = base64.b64encode(b"\0" + self.args.user.encode() +
                                    b"\0" + self.args.password.encode())
            self.send(b"AUTH PLAIN " + blob + CRLF)
            self.expect(235, "AUTH")
        if self.pipelined:
            self.pipelined_messages()
        else:
            self.serial_messages()

    def proto_of(self, msg):
        """RFC 3848 / RFC 6531 protocol name of the Received: line."""
        return ("UTF8SMTP" if msg.smtputf8 else "ESMTP") + \
            ("S" if self.tls else "") + ("A" if self.auth else "")

    def final(self, msg):
        code, lines = self.reply()
        msg.reply = lines[-1]
        if code == 250:
            m = re.match(rb"^250 2\.0\.0 Ok: delivered as (\S+)$", lines[-1])
            if not m:
                raise SessionError("250 without a file name: %r" % lines)
            msg.name = m.group(1).decode()
        self.after_message(msg)

    def after_message(self, msg):
        probe = self.args.fd_probe
        if probe and msg.reply.startswith(b"250") and \
                msg.m in (0, self.args.messages - 1):
            pid, fds = server_child_fds(self.args.server_pid)
            print("fds %d %d pid=%d %s" % (msg.m + 1, len(fds), pid,
                                           " ".join(fds)), flush=True)

    def serial_messages(self):
        for i, msg in enumerate(self.messages):
            if i % 10 == 4:
                self.send(b"RSET\r\n")
                self.expect(250, "RSET")
            if i % 10 == 7:
                self.send(b"NOOP\r\n")
                self.expect(250, "NOOP")
            self.send(msg.mail_cmd())
            self.expect(250, "MAIL")
            for r in msg.rcpt_cmds():
                self.send(r)
                self.expect(250, "RCPT")
            self.send(b"DATA\r\n")
            self.expect(354, "DATA")
            if msg.drop:
                self.drop(msg)
                return
            self.send(msg.wire())
            self.final(msg)
        self.send(b"QUIT\r\n")
        self.expect(221, "QUIT")

    def pipelined_messages(self):
        pending = None          # the message whose content goes next
        for msg in self.messages + [None]:
            group = b""
            if pending is not None:
                if pending.drop:
                    self.drop(pending)
                    return
                if self.args.fd_probe and \
                        pending.m in (0, self.args.messages - 1):
                    # The probe looks between transactions: this content
                    # goes alone, not grouped with what follows.
                    self.send(pending.wire())
                    self.final(pending)
                else:
                    group += pending.wire()
            if msg is None:
                group += b"QUIT\r\n"
            else:
                group += msg.mail_cmd() + b"".join(msg.rcpt_cmds()) + \
                    b"DATA\r\n"
            self.send(group)
            if pending is not None and pending.reply is None:
                self.final(pending)
            if msg is None:
                self.expect(221, "QUIT")
                return
            self.expect(250, "MAIL")
            for _ in msg.rcpts:
                self.expect(250, "RCPT")
            self.expect(354, "DATA")
            pending = msg

    def drop(self, msg):
        """Half the content, then the connection goes away."""
        data = msg.wire()
        self.send(data[:len(data) // 2])
        msg.reply = None
        # No QUIT, and over TLS no close_notify: the connection just ends.
        self.sock.shutdown(socket.SHUT_RDWR)


# --------------------------------------------------------------- processes

def proc_stat(pid):
    with open("/proc/%d/stat" % pid) as f:
        data = f.read()
    rest = data[data.rindex(")") + 2:].split()
    return rest  # rest[0] = state, rest[1] = ppid, ...


def children(ppid):
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            st = proc_stat(int(d))
        except (OSError, ValueError):
            continue
        if int(st[1]) == ppid and st[0] != "Z":
            out.append(int(d))
    return out


def server_child_fds(ppid):
    kids = children(ppid)
    if len(kids) != 1:
        raise SessionError("expected one smtp-server child of %d, found %r"
                           % (ppid, kids))
    pid = kids[0]
    fds = sorted(os.listdir("/proc/%d/fd" % pid), key=int)
    desc = []
    for fd in fds:
        try:
            desc.append("%s:%s" % (fd, os.readlink("/proc/%d/fd/%s"
                                                   % (pid, fd))))
        except OSError:
            desc.append(fd)
    return pid, desc


def children_cpu(pid):
    """CPU seconds of pid's reaped children (cutime + cstime)."""
    st = proc_stat(pid)
    hz = os.sysconf("SC_CLK_TCK")
    return (int(st[13]) + int(st[14])) / hz


# ------------------------------------------------------------------ checks

def check_maildir(args, sessions, problems):
    new = os.path.join(args.maildir, "new")
    tmp = os.path.join(args.maildir, "tmp")
    if not os.path.isdir(new) or not os.path.isdir(tmp):
        problems.append("no Maildir at %s" % args.maildir)
        return 0
    left = os.listdir(tmp)
    if left:
        problems.append("files left in tmp/: %r" % left[:10])
    by_mid = {}
    for name in os.listdir(new):
        with open(os.path.join(new, name), "rb") as f:
            data = f.read()
        m = re.search(rb"^Message-ID: (<[^>\n]*>)$", data, re.M)
        if not m:
            problems.append("new/%s: no Message-ID" % name)
            continue
        by_mid.setdefault(m.group(1).decode(), []).append((name, data))
    acked = 0
    for sess in sessions:
        for msg in sess.messages:
            files = by_mid.pop(msg.mid, [])
            if msg.reply is None or not msg.reply.startswith(b"250"):
                if files:
                    problems.append("%s got %r but is in new/ as %r" % (
                        msg.mid, msg.reply, [n for n, _ in files]))
                continue
            acked += 1
            if len(files) != 1:
                problems.append("%s (acked) is in new/ %d times" % (
                    msg.mid, len(files)))
                continue
            name, data = files[0]
            if name != msg.name:
                problems.append("%s: reply named %s, file is %s" % (
                    msg.mid, msg.name, name))
            head, body = msg.stored()
            tls = (rb" \(TLSv1\.[23] [A-Za-z0-9_-]+\)" if sess.tls else b"")
            forr = (b"\n\tfor <" + re.escape(msg.rcpts[0].encode("utf-8")) +
                    b">" if len(msg.rcpts) == 1 else b"")
            received = (b"Received: from " + re.escape(sess.helo.encode()) +
                        rb" \(unknown \[127\.0\.0\.1\]\)\n\tby mx\.test "
                        rb"\(smtp-server\) with " +
                        sess.proto_of(msg).encode() + tls + forr +
                        rb"; [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} "
                        rb"[0-9]{2}:[0-9]{2}:[0-9]{2} \+0000\n")
            if not data.startswith(head):
                problems.append("%s: header lines differ: %r" % (
                    msg.mid, data[:200]))
                continue
            m = re.match(received, data[len(head):])
            if not m:
                problems.append("%s: Received: line differs: %r" % (
                    msg.mid, data[len(head):len(head) + 300]))
                continue
            if data[len(head) + m.end():] != body:
                problems.append("%s: content differs (%d octets stored, "
                                "%d expected)" % (msg.mid, len(data) -
                                                  len(head) - m.end(),
                                                  len(body)))
    for mid, files in by_mid.items():
        problems.append("unexpected file(s) in new/: %r (%s)" % (
            [n for n, _ in files], mid))
    return acked


# -------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--maildir", required=True)
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--messages", type=int, default=50)
    ap.add_argument("--server-pid", type=int)
    ap.add_argument("--ca")
    ap.add_argument("--user", default="alice")
    ap.add_argument("--password", default="secret")
    ap.add_argument("--only", choices=KINDS)
    ap.add_argument("--fd-probe", action="store_true")
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args()
    if args.fd_probe and (args.sessions != 1 or not args.server_pid):
        ap.error("--fd-probe needs --sessions 1 and --server-pid")

    problems = []
    barrier = threading.Barrier(args.sessions + 1)
    sessions = [Session(args, s, barrier)
                for s in range(args.sessions)]
    cpu0 = children_cpu(args.server_pid) if args.server_pid else 0.0
    client0 = os.times()
    t0 = time.monotonic()
    threads = [threading.Thread(target=sess.run, daemon=True)
               for sess in sessions]
    for t in threads:
        t.start()
    concurrent = None
    try:
        barrier.wait(timeout=args.timeout)
        if args.server_pid:
            concurrent = len(children(args.server_pid))
    except threading.BrokenBarrierError:
        problems.append("not every session got its greeting")
    deadline = time.monotonic() + 10 * args.timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
        if t.is_alive():
            problems.append("a session did not finish in time")
            break
    t1 = time.monotonic()
    client1 = os.times()
    for sess in sessions:
        if sess.error:
            problems.append(sess.error)
        for msg in sess.messages:
            if msg.expected_ok() and (msg.reply is None or
                                      not msg.reply.startswith(b"250")):
                if not sess.error:
                    problems.append("%s: expected 250, got %r" % (
                        msg.mid, msg.reply))
            if msg.bare_lf and msg.reply is not None and \
                    not msg.reply.startswith(b"550 5.5.2 "):
                problems.append("%s (bare LF): expected 550 5.5.2, got %r"
                                % (msg.mid, msg.reply))

    # Every smtp-server (and what it started) is gone once its session
    # ended: tcpserver has reaped them all, so their CPU time is counted.
    server_cpu = None
    if args.server_pid:
        end = time.monotonic() + 10
        while children(args.server_pid) and time.monotonic() < end:
            time.sleep(0.05)
        left = children(args.server_pid)
        if left:
            problems.append("smtp-server processes left: %r" % left)
        server_cpu = children_cpu(args.server_pid) - cpu0

    acked = check_maildir(args, sessions, problems)
    wall = t1 - t0
    sent = sum(1 for s in sessions for m in s.messages
               if m.reply is not None)
    refused = sum(1 for s in sessions for m in s.messages
                  if m.reply is not None and not m.reply.startswith(b"250"))
    dropped = sum(1 for s in sessions for m in s.messages if m.drop)
    size = sum(len(m.content) for s in sessions for m in s.messages
               if m.reply is not None and m.reply.startswith(b"250"))
    print("sessions %d" % args.sessions)
    print("messages_per_session %d" % args.messages)
    if concurrent is not None:
        print("concurrent_servers %d" % concurrent)
    # What the plan was: the messages meant to be accepted, the bare-LF
    # ones meant to be refused, the ones cut off by a dropped connection.
    print("planned_ok %d" % sum(1 for s in sessions for m in s.messages
                                if m.expected_ok()))
    print("planned_refused %d" % sum(1 for s in sessions for m in s.messages
                                     if m.bare_lf and not m.drop))
    print("answered %d" % sent)
    print("acked %d" % acked)
    print("refused %d" % refused)
    print("dropped %d" % dropped)
    print("acked_bytes %d" % size)
    print("wall_s %.2f" % wall)
    print("msgs_per_s %.1f" % (acked / wall if wall > 0 else 0))
    print("client_cpu_s %.2f" % (client1.user - client0.user +
                                 client1.system - client0.system))
    if server_cpu is not None:
        print("server_cpu_s %.2f" % server_cpu)
    print("problems %d" % len(problems))
    sys.stdout.flush()
    for p in problems[:40]:
        sys.stderr.write("smtp-load: %s\n" % p)
    if len(problems) > 40:
        sys.stderr.write("smtp-load: ... and %d more\n" % (len(problems) - 40))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

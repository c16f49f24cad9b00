#!/usr/bin/env python3
"""memory.py TOP DISCARD SPOOL CERT KEY - the memory figures of "make
bench", as one JSON line:

stdio_rss_kib_1k, stdio_rss_kib_10m: the peak resident set (VmHWM) of one
    smtp-server process (TLS configured, not used) that has received a
    1 KiB or a 10 MiB message and had it delivered by DISCARD, read from
    /proc before the client says QUIT (not wait4's ru_maxrss, which would
    count the Python process the server was forked from);
evented_kib_per_idle_session: smtpd-evented's resident set with 2000
    sessions that have their greeting and sit idle, less its resident set
    with none, divided by 2000.
"""
import json
import os
import resource
import socket
import subprocess
import sys
import time

TOP, DISCARD, SPOOL, CERT, KEY = sys.argv[1:6]
IDLE = 2000


def session_input(size):
    body = b"Subject: memory\r\n\r\n"
    line = b"x" * 76 + b"\r\n"
    body += line * ((size - len(body)) // len(line))
    return (b"EHLO m\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\n"
            b"DATA\r\n" + body + b".\r\n")


def status_kib(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit("no " + field)


def stdio_peak_kib(size):
    env = {"PATH": "/usr/bin:/bin", "TMPDIR": SPOOL}
    p = subprocess.Popen([os.path.join(TOP, "smtp-server"), "-h", "m.test",
                          "-s", "33554432", "-c", CERT, "-k", KEY, DISCARD],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env=env)
    # the replies are a few hundred octets: they wait in the pipe while
    # the message goes in
    p.stdin.write(session_input(size))
    p.stdin.flush()
    while True:
        line = p.stdout.readline()
        if not line:
            raise SystemExit("smtp-server closed before the message was accepted")
        if line.startswith(b"250 2.0.0"):
            break
        if line[:1] in (b"4", b"5"):
            raise SystemExit("smtp-server: " + line.decode(errors="replace"))
    peak = status_kib(p.pid, "VmHWM")
    p.stdin.write(b"QUIT\r\n")
    p.stdin.close()
    p.stdout.read()
    if p.wait(timeout=30) != 0:
        raise SystemExit("smtp-server exited with status %d" % p.returncode)
    return peak


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def evented_per_idle_session():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < IDLE + 100:
        raise SystemExit("RLIMIT_NOFILE hard limit %d too low" % hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    port = free_port()
    p = subprocess.Popen([os.path.join(TOP, "smtpd-evented"), "-q", "-w", "1",
                          "-m", str(IDLE + 10), "-l", "127.0.0.1", "-p", str(port), "-D"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conns = []
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=5).close()
                break
            except OSError:
                time.sleep(0.05)
        time.sleep(0.2)
        before = status_kib(p.pid, "VmRSS")
        for _ in range(IDLE):
            c = socket.create_connection(("127.0.0.1", port), timeout=10)
            conns.append(c)
        for c in conns:
            if not c.recv(512).startswith(b"220"):
                raise SystemExit("no greeting")
        time.sleep(0.2)
        after = status_kib(p.pid, "VmRSS")
    finally:
        for c in conns:
            c.close()
        p.terminate()
        p.wait(timeout=10)
    return (after - before) / IDLE


print(json.dumps({
    "stdio_rss_kib_1k": stdio_peak_kib(1024),
    "stdio_rss_kib_10m": stdio_peak_kib(10 * 1024 * 1024),
    "evented_kib_per_idle_session": round(evented_per_idle_session(), 2),
}))

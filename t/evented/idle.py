#!/usr/bin/env python3
"""idle.py PORT PID [N] - memory of N idle sessions in the server process
PID: one whole session first (so that the loop's buffers are in use), then
VmRSS; then N connections that read their greeting and send nothing, and
VmRSS again.  Prints "rss0 KIB", "rssN KIB", "fds N", "per_session_kib X"
((rssN - rss0) / N).  Exit 1 if a session gets no greeting in 10 s."""
import socket
import sys
import time


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def greeting(s):
    data = b""
    while not data.endswith(b"\r\n"):
        chunk = s.recv(512)
        if not chunk:
            raise RuntimeError("closed before the greeting")
        data += chunk
    if not data.startswith(b"220 "):
        raise RuntimeError("greeting %r" % data)


def main():
    port, pid = int(sys.argv[1]), int(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    warm = socket.create_connection(("127.0.0.1", port), timeout=10)
    greeting(warm)
    warm.sendall(b"EHLO warm.test\r\nMAIL FROM:<a@b.test>\r\n"
                 b"RCPT TO:<c@d.test>\r\nDATA\r\n" + b"x" * 60000 +
                 b"\r\n.\r\nQUIT\r\n")
    while warm.recv(65536):
        pass
    warm.close()
    time.sleep(0.2)
    rss0 = rss_kib(pid)
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        greeting(s)
        socks.append(s)
    time.sleep(0.2)
    rss_n = rss_kib(pid)
    try:
        import os
        fds = len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        fds = 0
    for s in socks:
        s.close()
    print("rss0 %d" % rss0)
    print("rssN %d" % rss_n)
    print("fds %d" % fds)
    print("per_session_kib %.2f" % ((rss_n - rss0) / n))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, RuntimeError) as e:
        print("idle.py: %s" % e, file=sys.stderr)
        sys.exit(1)

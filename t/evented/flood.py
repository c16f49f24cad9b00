#!/usr/bin/env python3
"""flood.py PORT PID LINE COUNT - a client that never reads: it sends LINE
CRLF COUNT times as fast as the server takes it (non-blocking), until it has
sent everything or the server has taken nothing for one second.  Meanwhile,
once the flood stalls or ends, a second client runs a whole session (EHLO,
MAIL, RCPT, DATA, QUIT) and times it.  The server's VmRSS (process PID) is
sampled throughout.  The flooding connection is then held open, still
unread, for up to 15 s more until the server drops it (a reset, or its FIN
seen as a failed send).

Prints "sent BYTES", "stalled 0|1", "second_ok 0|1", "second_seconds S",
"rss_start KIB", "rss_peak KIB", "dropped 0|1", "drop_seconds S"."""
import select
import socket
import sys
import time


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def second_session(port):
    """One ordinary session; True if every reply is as expected."""
    start = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    f = s.makefile("rb")

    def reply():
        lines = []
        while True:
            line = f.readline()
            if not line:
                raise RuntimeError("closed")
            lines.append(line)
            if line[3:4] != b"-":
                return lines[-1][:3]

    ok = reply() == b"220"
    for cmd, want in ((b"EHLO second.test", b"250"),
                      (b"MAIL FROM:<a@b.test>", b"250"),
                      (b"RCPT TO:<c@d.test>", b"250"),
                      (b"DATA", b"354"),
                      (b"Subject: second\r\n\r\nhello\r\n.", b"250"),
                      (b"QUIT", b"221")):
        s.sendall(cmd + b"\r\n")
        ok = reply() == want and ok
    s.close()
    return ok, time.monotonic() - start


def main():
    port, pid = int(sys.argv[1]), int(sys.argv[2])
    line, count = sys.argv[3].encode(), int(sys.argv[4])
    data = (line + b"\r\n") * count
    rss_start = rss_peak = rss_kib(pid)
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.setblocking(False)
    sent, last_progress, stalled = 0, time.monotonic(), 0
    while sent < len(data):
        _, w, _ = select.select([], [s], [], 0.05)
        rss_peak = max(rss_peak, rss_kib(pid))
        if w:
            try:
                k = s.send(data[sent:sent + 262144])
                sent += k
                last_progress = time.monotonic()
                continue
            except BlockingIOError:
                pass
            except OSError:
                break       # dropped while we were still sending
        if time.monotonic() - last_progress > 1.0:
            stalled = 1
            break
    try:
        ok, secs = second_session(port)
    except (OSError, RuntimeError):
        ok, secs = False, 99.0
    rss_peak = max(rss_peak, rss_kib(pid))
    # Hold on, unread, until the server lets go of us.
    start, dropped = time.monotonic(), 0
    while time.monotonic() - start < 15:
        rss_peak = max(rss_peak, rss_kib(pid))
        try:
            s.send(b"NOOP\r\n")
        except BlockingIOError:
            pass
        except OSError:
            dropped = 1
            break
        time.sleep(0.1)
    drop_seconds = time.monotonic() - start
    s.close()
    print("sent %d" % sent)
    print("stalled %d" % stalled)
    print("second_ok %d" % int(ok))
    print("second_seconds %.2f" % secs)
    print("rss_start %d" % rss_start)
    print("rss_peak %d" % rss_peak)
    print("dropped %d" % dropped)
    print("drop_seconds %.2f" % drop_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())

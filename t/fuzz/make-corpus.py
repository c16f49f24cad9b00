#!/usr/bin/env python3
"""make-corpus.py - write the seed corpora of the fuzz targets.

    python3 t/fuzz/make-corpus.py [OUTDIR]        (default t/fuzz/corpus)

For fuzz_session: every t/core/transcripts/*.t becomes three inputs (fed
whole, with every decision deferred, and line by line): the client's bytes
decoded as t/core/FORMAT.md says, prefixed with the control bytes the target
reads (configuration, one answer per decision in the order of the E: lines,
split points at %tls and %timeout).  For fuzz_path and fuzz_sasl: the
MAIL/RCPT arguments and AUTH responses of the transcripts, plus hand-picked
addresses and base64 edge cases.  Inputs over 8192 octets (the -max_len of
t/fuzz/run.sh) are cut.

Only the standard library; the output is the same on every run, and the
files under OUTDIR/TARGET/seed-* are replaced, other files (crashes and
finds kept on purpose) are left alone.
"""
import os
import re
import sys

MAX_LEN = 8192
HERE = os.path.dirname(os.path.abspath(__file__))
TRANSCRIPTS = os.path.join(HERE, "..", "core", "transcripts")

# Tables of fuzz_session.c (index = the value in the control byte).
SIZES = {0: 0, 1: 1, 10: 2, 64: 3, 100: 4, 1000: 5, "unlimited": 6, 5000: 7}
LINES = {0: 0, 1: 1, 512: 2, 513: 3, 600: 4, 1000: 5, 4096: 6, 100000: 7}
RCPTS = {0: 0, 1: 1, 100: 2, 150: 3}
FLAGS = {"auth_insecure": 1, "normalize_eol": 2, "tls_active": 4,
         "no_helo_required": 8}
DECISIONS = {"accept": 0, "tempfail": 1, "reject": 2}
EVENT_CB = {"connect": "connect", "helo": "helo", "ehlo": "helo",
            "starttls": "starttls", "auth": "auth", "mail": "mail",
            "rcpt": "rcpt", "data": "data", "message": "message"}


def unescape(text):
    """The escapes of FORMAT.md: \\r \\n \\t \\0 \\s \\\\ \\xHH."""
    out = bytearray()
    i = 0
    raw = text.encode("utf-8", "surrogateescape")
    simple = {ord("r"): b"\r", ord("n"): b"\n", ord("t"): b"\t",
              ord("0"): b"\0", ord("s"): b" ", ord("\\"): b"\\"}
    while i < len(raw):
        c = raw[i]
        if c != ord("\\") or i + 1 >= len(raw):
            out.append(c)
            i += 1
            continue
        n = raw[i + 1]
        if n in simple:
            out += simple[n]
            i += 2
        elif n == ord("x"):
            out.append(int(raw[i + 2:i + 4], 16))
            i += 4
        else:
            out.append(c)
            i += 1
    return bytes(out)


class Transcript:
    def __init__(self, path):
        self.name = os.path.basename(path)[:-2]
        self.client = bytearray()
        self.actions = []        # (offset, "tls ok"/"tls fail"/"timeout")
        self.events = []         # callback names, in order
        self.answers = {}        # callback -> [(decision, code)]
        self.config = {}
        self.callbacks = set()
        self.body_fail = False
        with open(path, encoding="utf-8", errors="surrogateescape") as fh:
            for line in fh:
                self.parse(line.rstrip("\n"))

    def parse(self, line):
        if not line or line.startswith("#"):
            return
        if line.startswith("C: "):
            self.client += unescape(line[3:]) + b"\r\n"
        elif line.startswith("R: "):
            self.client += unescape(line[3:])
        elif line.startswith("X: "):
            count, text = line[3:].split(" ", 1)
            piece = unescape(text)
            n = int(count)
            # no need for more than the target will ever read
            if len(piece) * n > 2 * MAX_LEN:
                n = 2 * MAX_LEN // max(1, len(piece)) + 1
            self.client += piece * n
        elif line.startswith("E: "):
            word = line[3:].split(" ", 1)[0]
            if word in EVENT_CB:
                self.events.append(EVENT_CB[word])
        elif line.startswith("%tls "):
            self.actions.append((len(self.client), "tls " + line[5:].strip()))
        elif line.startswith("%timeout"):
            self.actions.append((len(self.client), "timeout"))
        elif line.startswith("%config "):
            for kv in line[8:].split():
                k, _, v = kv.partition("=")
                self.config[k] = v
        elif line.startswith("%callbacks"):
            self.callbacks.update(line.split()[1:])
        elif line.startswith("%answer "):
            parts = line.split()
            if parts[1] == "body":
                self.body_fail = True
                return
            code = int(parts[3]) if len(parts) > 3 else None
            self.answers.setdefault(parts[1], []).append(
                (DECISIONS[parts[2]], code))

    def header(self, lines_mode):
        c = self.config
        h0 = 0
        for flag in c.get("flags", "").split(","):
            h0 |= FLAGS.get(flag, 0)
        if "starttls" in self.callbacks:
            h0 |= 0x10
        if "auth" in self.callbacks:
            h0 |= 0x20
        if lines_mode:
            h0 |= 0x40

        def num(key, table, dflt=0):
            v = c.get(key)
            if v is None:
                return dflt
            v = v if v == "unlimited" else int(v)
            return table.get(v, dflt)

        def small(key, limit):
            v = int(c.get(key, 0))
            return v if v <= limit else 0

        h1 = num("max_message_size", SIZES) | num("max_line", LINES) << 3 | \
            num("max_recipients", RCPTS) << 6
        if c.get("max_line") and int(c["max_line"]) < 512:
            h1 |= LINES[512] << 3
        if c.get("max_recipients") and int(c["max_recipients"]) < 100:
            h1 |= RCPTS[100] << 6
        h2 = small("max_errors", 15) | small("max_unknown", 15) << 4
        h3 = small("max_junk", 15) | small("max_auth_failures", 3) << 4 | \
            small("max_messages", 3) << 6
        h5 = 1 if self.body_fail else 0
        return [h0, h1, h2, h3, 0, h5]

    def answer_bytes(self, defer):
        queues = {k: list(v) for k, v in self.answers.items()}
        tls = [a for _, a in self.actions if a.startswith("tls")]
        out = []
        for ev in self.events:
            q = queues.get(ev)
            dec, code = q.pop(0) if q else (0, None)
            variant = 0
            if code is not None:
                cls = {0: (2, 3), 1: (4,), 2: (5,)}[dec]
                variant = 3 if code // 100 in cls else 5
            b = dec + (3 if defer else 0) | variant << 3
            if defer:
                b |= 0x40          # the reply just before smtpd_decide()
            if ev == "starttls":
                if tls and tls.pop(0) == "tls fail":
                    b |= 0x80
            out.append(b)
        # the control bytes are counted by one octet each
        return out[:255]

    def splits(self):
        points = {}
        for off, act in self.actions:
            a = 1 if act == "timeout" else 0
            points[off] = max(points.get(off, 0), a)
        if not points:
            return []
        bounds = sorted(set(points) | {0})
        entries = []
        for i, b in enumerate(bounds):
            length = 0 if i + 1 == len(bounds) else bounds[i + 1] - b
            act = points.get(b, 0)
            while length > 0x1fff:
                entries.append(0x1fff | act << 13)
                length -= 0x1fff
                act = 0
            entries.append(length | act << 13)
        return entries[:255]

    def session_input(self, defer=False, lines_mode=False):
        h = self.header(lines_mode)
        ans = self.answer_bytes(defer)
        spl = self.splits()
        out = bytearray(h + [len(ans), len(spl)] + ans)
        for v in spl:
            out += bytes([v & 0xff, v >> 8])
        out += self.client
        return bytes(out[:MAX_LEN])


def command_args(client, verb):
    """The arguments after VERB in the client's CRLF lines."""
    out = []
    for line in client.split(b"\r\n"):
        if line[:len(verb)].upper() == verb:
            out.append(line[len(verb):])
    return out


# ---------------------------------------------------------------------------
# fuzz_path: byte 0 chooses what is done with the rest (see fuzz_path.c):
#   bits 0-1 path_parse flags; bit 2 RCPT instead of MAIL through a
#   session; bit 3 an auth callback; bit 4 SMTPUTF8 on the MAIL of an RCPT
#   test; bits 5-7 max_message_size.

PATHS = [
    b"<>", b"<a@b>", b"<postmaster>", b"<PostMaster>", b"<postmaster@x.y>",
    b"<\"quoted local\"@example.org>", b"<\"a\\\"b\"@example.org>",
    b"<\"\\\\\"@x>", b"<\"\"@x>", b"<\"unterminated@x>",
    b"<user@[192.0.2.1]>", b"<user@[192.0.2.256]>", b"<user@[1.2.3]>",
    b"<u@[IPv6:2001:db8::1]>", b"<u@[IPv6:::]>", b"<u@[IPv6:1:2:3:4:5:6:7:8]>",
    b"<u@[IPv6:1:2:3:4:5:6:7::]>", b"<u@[IPv6:::ffff:192.0.2.1]>",
    b"<u@[IPv6:1:2:3:4:5:6:192.0.2.1]>", b"<u@[IPv6:1::2::3]>",
    b"<u@[IPv6:12345::]>", b"<u@[IPv6:1:]>", b"<u@[tag:any-thing]>",
    b"<u@[tag-:x]>", b"<u@[:x]>", b"<u@[x:]>",
    b"<@a.example,@b.example:u@c.example>", b"<@a:u@b>", b"<@a,u@b>",
    b"<@[192.0.2.1]:u@b>", b"<@a.example:postmaster>",
    b"<first.last@sub.example.org>", b"<.dot@x>", b"<dot.@x>",
    b"<a..b@x>", b"<a@-x>", b"<a@x->", b"<a@x..y>", b"<a@x.>",
    b"<" + b"l" * 64 + b"@" + b"d" * 63 + b".example>",
    b"<a@" + b"d" * 64 + b".example>",
    b"<" + b"a" * 243 + b"@" + b"b" * 10 + b">",
    b"<" + b"a" * 244 + b"@" + b"b" * 10 + b">",
    "<jöran@exämple.org>".encode(), "<\"ü\"@x>".encode(),
    b"<a@b> SIZE=1000", b"<a@b> SIZE=99999999999999999999",
    b"<a@b> SIZE=123456789012345678901", b"<a@b> SIZE=", b"<a@b> SIZE",
    b"<a@b> BODY=8BITMIME", b"<a@b> body=7bit", b"<a@b> BODY=BINARYMIME",
    b"<a@b> SMTPUTF8", b"<a@b> SMTPUTF8=yes", b"<a@b> AUTH=<>",
    b"<a@b> AUTH=user+2Bname", b"<a@b> AUTH=+2", b"<a@b> AUTH=a=b",
    b"<a@b> SIZE=1 SIZE=2", b"<a@b>  SIZE=1  BODY=7BIT ",
    b"<a@b> -X=1", b"<a@b> X-Y=z", b"<a@b> =1", b"<a@b>SIZE=1",
    b"<a@b> SIZE=1\x00", b"<a@b> NOTIFY=NEVER",
    b" <a@b>", b"a@b", b"<a@b", b"<a b@c>",
]


def path_inputs(transcripts):
    seeds = []
    args = set()
    for t in transcripts:
        for verb in (b"MAIL FROM:", b"RCPT TO:"):
            for a in command_args(bytes(t.client), verb):
                args.add(a)
    for a in sorted(args):
        if len(a) < MAX_LEN:
            seeds.append(a)
    seeds += PATHS
    out = []
    for i, p in enumerate(seeds):
        for mode in (0x09, 0x16):
            out.append(("%03d-%02x" % (i, mode), bytes([mode]) + p))
    return out


# ---------------------------------------------------------------------------
# fuzz_sasl: byte 0 says which half (see fuzz_sasl.c).
#   bit 0 clear: the base64 decoder; byte 1 the output capacity, bytes 2-5
#   chunk lengths, then the text.
#   bit 0 set: an AUTH exchange; bits 3-4 auth_insecure / TLS, bit 5 byte
#   by byte, bit 6 long responses, bit 7 smtpd_line; byte 1 max_auth_failures,
#   byte 2 max_errors, byte 3 the number of answers, the answers, then
#   LF-separated lines ("AUTH " is put before a line that is a command).

B64 = [
    b"", b"=", b"==", b"A", b"AA", b"AAA", b"AAAA", b"AA==", b"AAA=",
    b"A===", b"====", b"AB==", b"AAB=", b"YQ==", b"YWI=", b"YWJj",
    b"YWJjZA==", b"YWJj ZA==", b"YWJjZA==YQ==", b"YWJjZA=", b"Y=Q=",
    b"AGFsaWNlAHNlY3JldA==", b"AGFsaWNlAHNlY3JldA", b"+/+/", b"-_-_",
    b"AAAA" * 200, b"////" * 256, b"AAA\x00", b"\xc3\xa9AA",
]

SASL = [
    [b"PLAIN", b"AGFsaWNlAHNlY3JldA=="],
    [b"PLAIN AGFsaWNlAHNlY3JldA=="],
    [b"PLAIN YWRtaW4AYWxpY2UAc2VjcmV0"],
    [b"PLAIN ="],
    [b"PLAIN", b"*"],
    [b"PLAIN", b"AGFsaWNl"],
    [b"PLAIN", b"AAAA"],
    [b"PLAIN", b"AGFsaWNlAHNlY3JldAB4"],
    [b"PLAIN", b"AGFsaWNlAHNlY3JldAo="],
    [b"LOGIN", b"YWxpY2U=", b"c2VjcmV0"],
    [b"LOGIN", b"YWxpY2U=", b"*"],
    [b"LOGIN", b"", b"c2VjcmV0"],
    [b"LOGIN YWxpY2U=", b"c2VjcmV0"],
    [b"LOGIN =", b"c2VjcmV0"],
    [b"login YWxpY2U=", b"c2Vj cmV0"],
    [b"PLAIN  AGFsaWNlAHNlY3JldA==  "],
    [b"PLAIN AGFs aWNl"], [b""], [b"CRAM-MD5"], [b"PLAIN\t="],
    [b"PLAIN", b"AGFsaWNlAHNlY3JldA==", b"PLAIN", b"AGFsaWNlAHNlY3JldA=="],
    [b"PLAIN x", b"PLAIN x", b"PLAIN x", b"PLAIN x"],
]


def sasl_inputs(transcripts):
    out = []
    for i, b in enumerate(B64):
        for cap, chunks in ((255, (0, 0, 0, 0)), (4, (1, 2, 3, 4)),
                            (0, (3, 0, 0, 0)), (252, (5, 0, 0, 0))):
            out.append(("b64-%03d-%d" % (i, cap),
                        bytes([0, cap]) + bytes(chunks) + b))
    for i, lines in enumerate(SASL):
        for mode, answers in ((0x09, [0]), (0x11, [2, 2]), (0x29, [3]),
                              (0x89, [5, 4]), (0x49, [1]), (0x01, [])):
            head = bytes([mode, 0, 0, len(answers)] + answers)
            out.append(("auth-%03d-%02x" % (i, mode),
                        head + b"\n".join(lines)))
    # the AUTH exchanges of the transcripts, from the AUTH line on
    for t in transcripts:
        lines = bytes(t.client).split(b"\r\n")
        for k, line in enumerate(lines):
            if line[:5].upper() != b"AUTH ":
                continue
            rest = [line[5:]] + lines[k + 1:k + 6]
            flags = 0x09 if t.config.get("flags", "").find("tls") < 0 \
                else 0x11
            head = bytes([flags, 0, 0, 0])
            out.append(("t-" + t.name, (head + b"\n".join(rest))[:MAX_LEN]))
            break
    return out


def write(outdir, target, items):
    d = os.path.join(outdir, target)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if f.startswith("seed-"):
            os.unlink(os.path.join(d, f))
    seen = set()
    n = 0
    for name, data in items:
        if data in seen:
            continue
        seen.add(data)
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)
        with open(os.path.join(d, "seed-" + safe), "wb") as fh:
            fh.write(data[:MAX_LEN])
        n += 1
    return n


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    paths = sorted(os.path.join(TRANSCRIPTS, f)
                   for f in os.listdir(TRANSCRIPTS) if f.endswith(".t"))
    ts = [Transcript(p) for p in paths]
    session = []
    for t in ts:
        session.append((t.name + ".whole", t.session_input()))
        session.append((t.name + ".defer", t.session_input(defer=True)))
        session.append((t.name + ".lines",
                        t.session_input(defer=True, lines_mode=True)))
    counts = {
        "session": write(outdir, "session", session),
        "path": write(outdir, "path", path_inputs(ts)),
        "sasl": write(outdir, "sasl", sasl_inputs(ts)),
    }
    for k, v in counts.items():
        print("make-corpus: %s: %d seeds" % (k, v))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""warcgen.py - writes WARC 1.1 files for tests and benchmarks from HTML files (plain or .gz)
and text files: `response` records (plus WET-style `conversion` records for text), plain or
.warc.gz with one gzip member per record, repeated N times, with broken records on request.

The output is deterministic: the same inputs and options give the same bytes (dates and
record ids are derived from the record's position and file name, gzip members carry no
time stamp).

    tools/warcgen.py -o pages.warc.gz --gzip page1.html page2.html.gz
    tools/warcgen.py -o wet.warc --text dump1.txt --text dumps/      # conversion records
    tools/warcgen.py -o big.warc.gz --gzip --target-size 1G examples/  # repeat to ~1 GB
    tools/warcgen.py -o bad.warc --inject negative,huge,short,long,nonnumeric,truncate a.html

Injected records (each a small page at URL <prefix>broken-<kind>) are spread evenly between
the good ones: negative (Content-Length: -42), huge (99999999999), short (10 bytes less than
the block), long (40 bytes more: the length runs into the next record), nonnumeric (12abc),
truncate (one more record at the very end, cut in half: its gzip member with --gzip, else
the record bytes). A reader must return every good record and one error for each
injected record.
"""

import argparse
import datetime
import gzip
import os
import sys
import uuid

WARC_VERSION = "WARC/1.1"
BASE_DATE = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
CHUNK_SIZE = 4096  # HTTP chunk size with --chunked
INJECT_KINDS = ("negative", "huge", "short", "long", "nonnumeric", "truncate")
LYING_LENGTHS = {"negative": "-42", "huge": "99999999999", "nonnumeric": "12abc"}
SHORT_BY = 10
LONG_BY = 40
BROKEN_PAGE = (b"<!DOCTYPE html><html><head><title>Broken record</title></head>"
               b"<body><p>This record has a Content-Length that lies.</p></body></html>")
GZIP_MAGIC = b"\x1f\x8b"
SIZE_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text):
    text = text.strip().upper().rstrip("B")
    unit = text[-1:] if text[-1:] in SIZE_UNITS and not text[-1:].isdigit() else ""
    number = text[: len(text) - len(unit)]
    try:
        value = int(number) * SIZE_UNITS[unit]
    except ValueError:
        raise argparse.ArgumentTypeError("bad size %r (use e.g. 100M, 1G)" % text)
    if value <= 0:
        raise argparse.ArgumentTypeError("size must be positive")
    return value


def expand(paths):
    """Files in the order given; directories are walked in name order."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in sorted(files):
                    out.append(os.path.join(root, f))
        else:
            out.append(p)
    return out


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == GZIP_MAGIC:
        data = gzip.decompress(data)
    name = os.path.basename(path)
    if name.endswith(".gz"):
        name = name[:-3]
    return name, data


def record_id(*parts):
    key = "\0".join(str(p) for p in parts)
    return "<urn:uuid:%s>" % uuid.uuid5(uuid.NAMESPACE_URL, "kliping-warcgen:" + key)


def warc_date(seq):
    return (BASE_DATE + datetime.timedelta(seconds=seq)).strftime("%Y-%m-%dT%H:%M:%SZ")


def record(fields, block, content_length=None):
    """One WARC record; content_length overrides the real length (to make broken ones)."""
    head = [WARC_VERSION]
    head += ["%s: %s" % kv for kv in fields]
    head.append("Content-Length: %s" % (len(block) if content_length is None else content_length))
    return ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"


def chunked(body):
    out = bytearray()
    for i in range(0, len(body), CHUNK_SIZE):
        part = body[i:i + CHUNK_SIZE]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    out += b"0\r\n\r\n"
    return bytes(out)


def http_response(body, charset, opts):
    headers = ["HTTP/1.1 200 OK", "Content-Type: text/html; charset=%s" % charset]
    if opts.content_gzip:
        body = gzip.compress(body, compresslevel=opts.level, mtime=0)
        headers.append("Content-Encoding: gzip")
    if opts.chunked:
        body = chunked(body)
        headers.append("Transfer-Encoding: chunked")
    else:
        headers.append("Content-Length: %d" % len(body))
    return ("\r\n".join(headers) + "\r\n\r\n").encode("ascii") + body


class Writer:
    def __init__(self, out, opts):
        self.out = out
        self.opts = opts
        self.seq = 0
        self.records = 0
        self.raw_bytes = 0

    def write(self, rec, cut=False):
        self.seq += 1
        self.records += 1
        self.raw_bytes += len(rec)
        data = gzip.compress(rec, compresslevel=self.opts.level, mtime=0) if self.opts.gzip else rec
        if cut:
            data = data[: len(data) // 2]
        self.out.write(data)


def response_fields(uri, rid, seq):
    return [("WARC-Type", "response"), ("WARC-Target-URI", uri), ("WARC-Date", warc_date(seq)),
            ("WARC-Record-ID", rid), ("Content-Type", "application/http; msgtype=response")]


def broken(kind, w, opts):
    uri = opts.url_prefix + "broken-" + kind
    block = http_response(BROKEN_PAGE, "utf-8", argparse.Namespace(
        content_gzip=False, chunked=False, level=opts.level))
    cl = LYING_LENGTHS.get(kind)
    if kind == "short":
        cl = str(len(block) - SHORT_BY)
    elif kind == "long":
        cl = str(len(block) + LONG_BY)
    rec = record(response_fields(uri, record_id("broken", kind), w.seq), block, cl)
    w.write(rec, cut=(kind == "truncate"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("html", nargs="*", help="HTML files or directories (plain or .gz)")
    ap.add_argument("-o", "--output", required=True, help="the WARC file to write ('-' = stdout)")
    ap.add_argument("--text", action="append", default=[], metavar="PATH",
                    help="text file or directory: one WET-style conversion record per file")
    ap.add_argument("--gzip", action="store_true", help="write .warc.gz, one gzip member per record")
    ap.add_argument("--level", type=int, default=6, help="gzip level (default 6)")
    ap.add_argument("--repeat", type=int, default=1, metavar="N", help="write the inputs N times")
    ap.add_argument("--target-size", type=parse_size, metavar="SIZE",
                    help="repeat the inputs until SIZE bytes of (uncompressed) WARC are written "
                         "(100M, 1G); overrides --repeat")
    ap.add_argument("--url-prefix", default="http://example.com/", help="prefix of the target URIs")
    ap.add_argument("--charset", default="utf-8", help="charset in the HTTP Content-Type")
    ap.add_argument("--no-warcinfo", action="store_true", help="no warcinfo record at the start")
    ap.add_argument("--requests", action="store_true", help="a request record before each response")
    ap.add_argument("--chunked", action="store_true", help="HTTP bodies in chunked transfer encoding")
    ap.add_argument("--content-gzip", action="store_true", help="HTTP bodies gzip Content-Encoded")
    ap.add_argument("--inject", default="", metavar="KINDS",
                    help="comma-separated broken records to add: " + ",".join(INJECT_KINDS))
    opts = ap.parse_args(argv)

    inject = [k for k in opts.inject.split(",") if k]
    for k in inject:
        if k not in INJECT_KINDS:
            ap.error("unknown --inject kind %r (known: %s)" % (k, ",".join(INJECT_KINDS)))
    if opts.repeat < 1:
        ap.error("--repeat must be >= 1")
    try:
        pages = [load(p) for p in expand(opts.html)]
        texts = [load(p) for p in expand(opts.text)]
    except OSError as e:
        print("warcgen: %s" % e, file=sys.stderr)
        return 1
    if not pages and not texts and not inject:
        ap.error("no input: give HTML files, --text files or --inject")

    out = sys.stdout.buffer if opts.output == "-" else open(opts.output + ".tmp", "wb")
    w = Writer(out, opts)
    if not opts.no_warcinfo:
        info = ("software: kliping tools/warcgen.py\r\nformat: WARC File Format 1.1\r\n"
                "conformsTo: https://iipc.github.io/warc-specifications/\r\n").encode("ascii")
        w.write(record([("WARC-Type", "warcinfo"), ("WARC-Date", warc_date(0)),
                        ("WARC-Record-ID", record_id("warcinfo")),
                        ("Content-Type", "application/warc-fields")], info))

    per_pass = len(pages) + len(texts)
    passes = opts.repeat
    if opts.target_size:
        passes = None  # until the size is reached
    # the injected records (except truncate) go after these good-record counts
    middle = [k for k in inject if k != "truncate"]
    total_goods = per_pass * (passes or 1)
    slots = {}
    for i, k in enumerate(middle):
        slots.setdefault((i + 1) * total_goods // (len(middle) + 1), []).append(k)

    goods = 0

    def after_good():
        for k in slots.pop(goods, []):
            broken(k, w, opts)

    after_good()
    r = 0
    while per_pass and (passes is None or r < passes):
        if passes is None and w.raw_bytes >= opts.target_size:
            break
        for name, body in pages:
            uri = opts.url_prefix + name + ("" if r == 0 else "?r=%d" % r)
            if opts.requests:
                req = ("GET /%s HTTP/1.1\r\nHost: example.com\r\nUser-Agent: warcgen\r\n\r\n"
                       % (name if r == 0 else "%s?r=%d" % (name, r))).encode("utf-8")
                w.write(record([("WARC-Type", "request"), ("WARC-Target-URI", uri),
                                ("WARC-Date", warc_date(w.seq)),
                                ("WARC-Record-ID", record_id("request", name, r)),
                                ("Content-Type", "application/http; msgtype=request")], req))
            block = http_response(body, opts.charset, opts)
            w.write(record(response_fields(uri, record_id("response", name, r), w.seq), block))
            goods += 1
            after_good()
        for name, body in texts:
            uri = opts.url_prefix + name + ("" if r == 0 else "?r=%d" % r)
            w.write(record([("WARC-Type", "conversion"), ("WARC-Target-URI", uri),
                            ("WARC-Date", warc_date(w.seq)),
                            ("WARC-Record-ID", record_id("conversion", name, r)),
                            ("WARC-Refers-To", record_id("response", name, r)),
                            ("Content-Type", "text/plain")], body))
            goods += 1
            after_good()
        r += 1
    for k in [k for ks in sorted(slots.items()) for k in ks[1]]:  # fewer goods than planned
        broken(k, w, opts)
    if "truncate" in inject:
        broken("truncate", w, opts)

    if out is not sys.stdout.buffer:
        out.close()
        os.replace(opts.output + ".tmp", opts.output)
    print("warcgen: %s: %d records (%d good pages, %d broken), %d bytes uncompressed"
          % (opts.output, w.records, goods, len(inject), w.raw_bytes), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

# gen_io_seeds.py - writes the WARC and JSONL seed inputs of corpus/warc and corpus/jsonl
# (python3 tests/fuzz/gen_io_seeds.py tests/fuzz/corpus); byte 0 of each seed selects the target's options.
import gzip, zlib, subprocess, json, os, sys
out = sys.argv[1]
def rec(typ, uri, block, ctype, extra=b""):
    h = (b"WARC/1.0\r\nWARC-Type: " + typ + b"\r\nWARC-Target-URI: " + uri +
         b"\r\nWARC-Date: 2023-06-12T09:33:00Z\r\nWARC-Record-ID: <urn:uuid:0000-1>\r\n" + extra +
         b"Content-Type: " + ctype + b"\r\nContent-Length: " + str(len(block)).encode() + b"\r\n\r\n")
    return h + block + b"\r\n\r\n"
page = b"<html><head><title>T</title></head><body><p>Hello world paragraph.</p></body></html>"
http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(page) + page
gz = gzip.compress(page)
http_gz = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"iso-8859-1\"\r\nContent-Encoding: gzip\r\n\r\n" + gz
chunked_body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in [page[:20], page[20:]]) + b"0\r\n\r\n"
http_ch = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked_body
info = rec(b"warcinfo", b"", b"software: x\r\n", b"application/warc-fields")
r1 = rec(b"response", b"<http://a.example/1>", http, b"application/http; msgtype=response")
r2 = rec(b"response", b"http://a.example/2", http_gz, b"application/http;msgtype=response")
r3 = rec(b"response", b"http://a.example/3", http_ch, b"application/http; msgtype=response")
r4 = rec(b"conversion", b"http://a.example/1", "Plain text dump\nSenin 12 Jun 2023\n".encode(), b"text/plain", b"WARC-Refers-To: <urn:uuid:0000-1>\r\n")
r5 = rec(b"request", b"http://a.example/1", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", b"application/http; msgtype=request")
r6 = rec(b"revisit", b"http://a.example/1", b"HTTP/1.1 304\r\n\r\n", b"application/http; msgtype=response", b"WARC-Truncated: length\r\n")
allr = info + r1 + r2 + r3 + r4 + r5 + r6
def w(name, sel, data):
    open(os.path.join(out, "warc", name), "wb").write(bytes([sel]) + data)
os.makedirs(os.path.join(out, "warc"), exist_ok=True); os.makedirs(os.path.join(out, "jsonl"), exist_ok=True)
w("plain.warc", 0, allr)
w("small_limit.warc", 0x11, allr)
w("no_http.warc", 2, r1 + r4)
w("per_record.warc.gz", 0, b"".join(gzip.compress(x) for x in [info, r1, r2, r3]))
w("records.warc.zst", 0, subprocess.run(["zstd", "-q", "-c"], input=r1 + r3 + r4, capture_output=True).stdout)
w("neg_length.warc", 0, r1.replace(b"Content-Length: %d" % len(http), b"Content-Length: -5") + r4)
w("huge_length.warc", 0, r1.replace(b"Content-Length: %d" % len(http), b"Content-Length: 99999999999999999999") + r4)
w("short_length.warc", 0, r1.replace(b"Content-Length: %d" % len(http), b"Content-Length: 10") + r4)
w("long_length.warc", 0, r1.replace(b"Content-Length: %d" % len(http), b"Content-Length: %d" % (len(http) + 50)) + r4)
w("truncated.warc", 0, allr[:len(allr) // 2])
w("bad_chunk.warc", 0, rec(b"response", b"u", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nab", b"application/http; msgtype=response"))
w("brotli.warc", 4, rec(b"response", b"u", b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n\x00\x01", b"application/http; msgtype=response"))
w("garbage_then_warc.warc", 0, b"junk\r\nmore junk\r\n\r\n" + r1)
def j(name, sel, lines):
    open(os.path.join(out, "jsonl", name), "wb").write(bytes([sel]) + lines)
good = [json.dumps({"url": "http://a/1", "id": "p1", "html": page.decode(), "lang": "en"}),
        json.dumps({"text": "Crawler dump\nSenin 12 Jun 2023 09:33 WIB\n\nBody text here.", "url": "http://a/2"}),
        json.dumps({"html": "<p>both</p>", "text": "both", "id": 5})]
j("good.jsonl", 0, ("\n".join(good) + "\n").encode())
j("broken.jsonl", 0, ("\n".join([good[0], '{"html": "unterminated', "[1,2,3]", '{"nothing": 1}', "   \t\r", '{"text": null}', "{\"text\": \"nul\\u0000inside\"}", good[1][:-1]]) ).encode())
j("crlf_blank.jsonl", 0, ("\r\n\r\n".join(good)).encode())
j("small_line_limit.jsonl", 0x21, ("\n".join(good) + "\n").encode())
j("custom_fields.jsonl", 6, b'{"content": "<p>x</p>"}\n{"body": "text"}\n{"html": "<p>ignored?</p>"}\n')
j("gz.jsonl.gz", 0, gzip.compress(("\n".join(good) + "\n").encode()))
j("zst.jsonl.zst", 0, subprocess.run(["zstd", "-q", "-c"], input=("\n".join(good)).encode(), capture_output=True).stdout)
j("truncated.jsonl.gz", 0, gzip.compress(("\n".join(good) + "\n").encode())[:60])
j("invalid_utf8.jsonl", 0, b'{"text": "\xff\xfe bad \xc0\xaf"}\n{"text": "\\ud800 lone surrogate"}\n{"html": "\xed\xa0\x80"}\n')

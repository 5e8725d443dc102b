#!/bin/bash
# gen_hostile.sh OUTDIR - writes the hostile-input catalogue for kliping into OUTDIR/cases/ and
# OUTDIR/manifest.tsv (name, expected exit status, what it is). Nothing here is committed:
# everything is generated (about 200 MB on disk; the gzip bomb is made through a pipe).
set -euo pipefail
OUT=${1:?usage: gen_hostile.sh OUTDIR}
BOMB_MB=${KLP_BOMB_MB:-1024} # decompressed size of the gzip bomb
C="$OUT/cases"
rm -rf "$C"
mkdir -p "$C"
M="$OUT/manifest.tsv"
: >"$M"
# Expected exit status, reasoned from README.md: 0 = extracted (maybe with a warning),
# 1 = a bad input reported on stderr, 01 = either is acceptable (what matters is no crash,
# no hang, bounded memory and valid output). An optional 4th column: the least number of
# records the run must still write (containers whose good records survive a broken one);
# with a "t", of records with non-empty text (pages built around a clear article paragraph
# whose text must survive the repair).
add() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-0}" >>"$M"; }

P() { python3 -c "$1" "$C/$2"; }

# ---- junk and encodings -------------------------------------------------------------------
head -c 1048576 /dev/urandom >"$C/binary_urandom.bin"
add binary_urandom.bin 1 "1 MB of random bytes: binary data is a bad input"
P 'import sys; open(sys.argv[1],"wb").write(b"Title of the story\n\nFirst para\x00graph with a NUL inside a sentence of the article.\n\x00\x00\nSecond paragraph\x00 of text here, long enough to count as text.\n")' nul_in_text.txt
add nul_in_text.txt 0 "NUL bytes inside text: dropped with a warning (KLP_WARN_NUL)" 1t
P 'import sys; open(sys.argv[1],"wb").write(b"Overlong slash \xc0\xaf and \xe0\x80\xaf, five-byte \xf8\x88\x80\x80\x80, lone continuation \x80\xbf, surrogate \xed\xa0\x80\xed\xbf\xbf, above max \xf4\x90\x80\x80, truncated \xe2\x82 end of a long sentence that is text.\n\nA second paragraph of ordinary words so that the page has a body to extract.\n")' invalid_utf8.txt
add invalid_utf8.txt 0 "overlong/5-byte/lone continuation/surrogate UTF-8 in text: U+FFFD + warning" 1t
P 'import sys; open(sys.argv[1],"wb").write(b"<html><head><meta charset=\"utf-8\"><title>Bad \xc0\xaf title \xed\xa0\x80</title></head><body><article><p>Overlong \xc0\xaf \xe0\x80\xaf five-byte \xf8\x88\x80\x80\x80 lone \x80\xbf surrogate \xed\xa0\x80 in a paragraph long enough to be the main text of the page.</p></article></body></html>")' invalid_utf8.html
add invalid_utf8.html 0 "the same invalid sequences inside an HTML page declared utf-8" 1t
body='<html><head><title>Seite</title></head><body><article><p>Die Br\u00fccke \u00fcber den Fluss wurde am Montag er\u00f6ffnet, sagte die B\u00fcrgermeisterin vor vielen G\u00e4sten.</p></article></body></html>'
for enc in utf-16le utf-16be; do
  for bom in bom nobom; do
    python3 -c "import sys; e=sys.argv[2]; b=sys.argv[3]=='bom'; s=sys.argv[4].encode().decode('unicode_escape'); open(sys.argv[1],'wb').write(({'utf-16le':b'\xff\xfe','utf-16be':b'\xfe\xff'}[e] if b else b'')+s.encode(e))" "$C/${enc}_$bom.html" "$enc" "$bom" "$body"
    # with a BOM the encoding is certain: the paragraph must come out
    add "${enc}_$bom.html" 01 "an HTML page in ${enc^^}, $bom" "$([ $bom = bom ] && echo 1t || echo 0)"
  done
done
python3 -c "import sys; open(sys.argv[1],'wb').write(b'\xff\xfe'+'Judul berita\n\nSenin 12 Jun 2023 09:33 WIB\n\nJAKARTA -- Paragraf pertama berita ini cukup panjang untuk menjadi isi artikel.\n'.encode('utf-16le'))" "$C/utf-16le_bom.txt"
add utf-16le_bom.txt 01 "a crawler text dump in UTF-16LE with BOM" 1t
P 'import sys; open(sys.argv[1],"wb").write("<html><head><meta charset=\"utf-8\"><title>Caf\u00e9 cr\u00e8me</title></head><body><article><p>\u201cWindows-1252 bytes\u201d under a UTF-8 label: caf\u00e9, cr\u00e8me br\u00fbl\u00e9e, 5 \u20ac, and more words for a paragraph.</p></article></body></html>".encode("cp1252"))' cp1252_declared_utf8.html
add cp1252_declared_utf8.html 0 "declares utf-8, is windows-1252: decoded somehow, output valid UTF-8" 1t
P 'import sys; open(sys.argv[1],"wb").write("<html><head><meta charset=\"windows-1252\"><title>Caf\u00e9 cr\u00e8me</title></head><body><article><p>\u201cUTF-8 bytes\u201d under a windows-1252 label: caf\u00e9, cr\u00e8me br\u00fbl\u00e9e, 5 \u20ac, and more words for a paragraph.</p></article></body></html>".encode("utf-8"))' utf8_declared_cp1252.html
add utf8_declared_cp1252.html 0 "declares windows-1252, is UTF-8" 1t
P 'import sys; open(sys.argv[1],"wb").write(b"<p>" + bytes(range(1,32)) + b" control characters \x7f in a paragraph of text that is long enough to be kept.</p>")' controls.html
add controls.html 01 "every C0 control character and DEL in an HTML paragraph (27% controls: may be called binary)"
P 'import sys; open(sys.argv[1],"wb").write(b"<\xff")' short_invalid.html
add short_invalid.html 01 "two bytes, '<' and an invalid UTF-8 byte (charset guess on a tiny input)"
# NAME@html: the same file run with --format html (the charset path; auto mode may call it text)
# (run.sh knows the suffixes @html and @big)
add short_invalid.html@html 01 "the same two bytes forced through the HTML path"
add utf-16le_bom.html@html 01 "UTF-16LE page with BOM forced through the HTML path"
add utf-16be_bom.html@html 01 "UTF-16BE page with BOM forced through the HTML path"

# ---- structure ----------------------------------------------------------------------------
P 'import sys; n=200000; open(sys.argv[1],"w").write("<html><body>"+"<div>"*n+"<p>Deep text at the bottom of 200000 divs, long enough to be a paragraph.</p>"+"</div>"*n+"</body></html>")' nested_div_200k.html
add nested_div_200k.html 01 "200,000 nested <div>"
P 'import sys; n=200000; open(sys.argv[1],"w").write("<html><body><div "+" ".join("a%d=\"%d\"" % (i,i) for i in range(n))+"><p>One element with 200000 attributes and a paragraph of text inside it.</p></div></body></html>")' attrs_200k.html
add attrs_200k.html 01 "200,000 attributes on one element"
P 'import sys; n=20000; open(sys.argv[1],"w").write("<html><body>"+"<table><tr><td>"*n+"cell text in the deepest table cell of many"+"</td></tr></table>"*n+"</body></html>")' tables_nested.html
add tables_nested.html 01 "20,000 nested tables"
P 'import sys; n=100000; open(sys.argv[1],"w").write("<html><body>"+"<ul><li>"*n+"item text in the deepest list item"+"</li></ul>"*n+"</body></html>")' lists_nested.html
add lists_nested.html 01 "100,000 nested lists"
P 'import sys; n=100000; open(sys.argv[1],"w").write("<html><body><p>"+"<b><i>"*n+"bold italic text in the deepest inline element"+"</p></body></html>")' inline_unclosed_200k.html
add inline_unclosed_200k.html 01 "200,000 unclosed inline elements (<b><i> adoption agency)"
P 'import sys; open(sys.argv[1],"w").write("<html><body><p>Text before the comment, a sentence of words.</p><!--"+"x"*1048576)' unclosed_comment.html
add unclosed_comment.html 01 "'<!--' then 1 MB, never closed"
P 'import sys; open(sys.argv[1],"w").write("<html><body><p>Text before the script, a sentence of words.</p><script>"+"var a=\"<p>not text</p>\";\n"*(1048576//26))' unclosed_script.html
add unclosed_script.html 01 "'<script>' then 1 MB, never closed"
P 'import sys; open(sys.argv[1],"w").write("<html><head><script>"+("x=1;//"+"y"*1000+"\n")*5000+"</script></head><body><p>The real text after a 5 MB script, long enough to be a paragraph.</p></body></html>")' script_5mb.html
add script_5mb.html 0 "a 5 MB <script> before one paragraph" 1t
P 'import sys; open(sys.argv[1],"w").write("<html><body><p>"+"line<br>"*100000+"</p></body></html>")' br_100k.html
add br_100k.html 01 "100,000 <br> in one paragraph"
P 'import sys; open(sys.argv[1],"w").write("<html><body><div title=\""+"a"*10000000+"\"><p>Text inside the element with a 10 MB attribute value.</p></div></body></html>")' attr_10mb.html
add attr_10mb.html 01 "one 10,000,000-byte attribute value (under the 10 MiB limit)"
P 'import sys; open(sys.argv[1],"w").write("<p>Entities: &#99999999999; &#x110000; &#0; &#xD800; &#xDFFF; &#x7f; &#128; &#x80; &#65533; &#9999999999999999999999999; &#x; &#; &#xFFFFFFFFFFFF; &amp &lt;b&gt; &notin; &notanentity; in a paragraph of text.</p>")' entities.html
add entities.html 0 "huge, out-of-range, NUL and surrogate numeric entities"
P 'import sys; open(sys.argv[1],"w").write("<html><head><script type=\"application/ld+json\">"+"["*100000+"]"*100000+"</script><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\""+"h"*1000000+"\",\"author\":"+"{\"name\":"*5000+"\"x\""+"}"*5000+"}</script></head><body><p>Paragraph after deeply nested JSON-LD, long enough to be the text.</p></body></html>")' jsonld_nested.html
add jsonld_nested.html 01 "JSON-LD nested 100,000 deep, a 1 MB headline, 5000-deep author"
P 'import sys; open(sys.argv[1],"w").write("<html><head>"+"<meta name=\"author\" content=\"A Writer\">"*100000+"</head><body><p>Text after 100000 meta tags, long enough to be a paragraph.</p></body></html>")' meta_100k.html
add meta_100k.html 01 "100,000 <meta name=author>"

# ---- size ---------------------------------------------------------------------------------
python3 -c "import sys; f=open(sys.argv[1],'wb'); [f.write(b'word '*200000) for _ in range(50)]; f.write(b'\n')" "$C/line_50mb.txt"
add line_50mb.txt 1 "a 50 MB single line: over --max-bytes (10 MiB default)"
python3 -c "import sys; f=open(sys.argv[1],'wb'); f.write(b'<html><body><p>'); [f.write(b'word '*200000) for _ in range(50)]; f.write(b'</p></body></html>')" "$C/line_50mb_p.html"
add line_50mb_p.html 1 "a 50 MB <p>: over --max-bytes"
# NAME@big: run with --max-bytes 100M, so the 50 MB line is really read: text mode cuts it at
# max_line_bytes (1 MB) with a warning; the HTML parser must take it in bounded memory
add line_50mb.txt@big 0 "the 50 MB line read for real (--max-bytes 100M)" 1t
add line_50mb_p.html@big 0 "the 50 MB <p> read for real (--max-bytes 100M)" 1t
python3 -c "import sys; f=open(sys.argv[1],'wb'); f.write(b'Title\n\n'); [f.write(b'word '*180000) for _ in range(10)]; f.write(b'\n\nLast line of the dump.\n')" "$C/line_9mb.txt"
add line_9mb.txt 0 "a 9 MB single line in text mode: cut at max_line_bytes (1 MB) with a warning" 1t
python3 -c "import sys; f=open(sys.argv[1],'wb'); f.write(b'<html><body><p>'); [f.write(b'word '*180000) for _ in range(10)]; f.write(b'</p></body></html>')" "$C/line_9mb_p.html"
add line_9mb_p.html 0 "a 9 MB <p> (under the limit)" 1t
python3 -c "import sys; open(sys.argv[1],'wb').write(b'x'*5000000)" "$C/word_5mb.txt"
add word_5mb.txt 01 "one 5 MB word without spaces or newlines"
python3 -c "import sys; open(sys.argv[1],'wb').write(b'\n'*5000000+b'A lonely sentence at the very end of five million newlines, with words.\n')" "$C/newlines_5m.txt"
add newlines_5m.txt 01 "5,000,000 empty lines then one sentence"
python3 -c "import sys; open(sys.argv[1],'wb').write(b'\r'.join(b'Line %d of a page that uses CR only as line ending, with words.' % i for i in range(20000)))" "$C/cr_only.txt"
add cr_only.txt 0 "20,000 lines separated by CR only"
: >"$C/empty.txt"
add empty.txt 1 "an empty file"
printf ' \n\t\r\n   \n\n\f\v  \n' >"$C/whitespace.txt"
add whitespace.txt 1 "only whitespace: no text at all (KLP_E_EMPTY), like an empty file"

# ---- compression --------------------------------------------------------------------------
head -c $((BOMB_MB * 1048576)) /dev/zero | gzip -1 >"$C/gzip_bomb.gz"
add gzip_bomb.gz 1 "$BOMB_MB MB of zeros gzipped: over --max-bytes once decompressed"
python3 -c "import sys,gzip; d=gzip.compress(('<html><body><p>'+'A paragraph of words. '*400+'</p></body></html>').encode()); open(sys.argv[1],'wb').write(d[:len(d)//2])" "$C/gzip_truncated.gz"
add gzip_truncated.gz 1 "a gzip stream cut in half: corrupt"
python3 -c "print('<html><body><p>' + 'A paragraph of words. '*400 + '</p></body></html>')" | zstd -q -c >"$C/zstd_full.tmp"
head -c $(($(stat -c %s "$C/zstd_full.tmp") / 2)) "$C/zstd_full.tmp" >"$C/zstd_truncated.zst"
rm -f "$C/zstd_full.tmp"
add zstd_truncated.zst 1 "a zstd frame cut in half: corrupt"
# frame header: magic, FHD 0 (window descriptor present, no content size), window log
# 10+21 = 31 (2 GiB, over the decoder's default limit), then a raw last block "hello"
printf '\x28\xb5\x2f\xfd\x00\xa8\x29\x00\x00hello' >"$C/zstd_window_2g.zst"
add zstd_window_2g.zst 1 "a zstd frame declaring a 2 GiB window: refused, not allocated"
printf '\x28\xb5\x2f\xfd\x00\xf8\x29\x00\x00hello' >"$C/zstd_window_invalid.zst"
add zstd_window_invalid.zst 1 "a zstd frame declaring a 2^41 window (invalid)"
# FHD 0xC0: an 8-byte Frame_Content_Size (2^63 - 1 here) after a window byte 0x50 (1 MiB)
printf '\x28\xb5\x2f\xfd\xc0\x50\xff\xff\xff\xff\xff\xff\xff\x7f\x29\x00\x00hello' >"$C/zstd_content_size_huge.zst"
add zstd_content_size_huge.zst 1 "a zstd frame declaring 2^63 bytes of content"
printf '\x1f\x8b' >"$C/gzip_magic_only.gz"
add gzip_magic_only.gz 01 "the two gzip magic bytes alone"

# ---- containers (WARC, JSONL) ---------------------------------------------------------------
python3 - "$C" <<'PY'
import sys, os
C = sys.argv[1]
page = b"<html><head><title>WARC page</title></head><body><p>A paragraph inside a WARC response record, long enough.</p></body></html>"
http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
def rec(cl, block):
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/a\r\n"
            b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\n"
            b"Content-Length: " + cl + b"\r\n\r\n" + block + b"\r\n\r\n")
good = rec(str(len(http)).encode(), http)
open(os.path.join(C, "warc_negative_length.warc"), "wb").write(rec(b"-1", http) + good)
open(os.path.join(C, "warc_huge_length.warc"), "wb").write(rec(b"18446744073709551615", http) + good)
open(os.path.join(C, "warc_short_length.warc"), "wb").write(rec(b"20", http) + good)
open(os.path.join(C, "warc_truncated.warc"), "wb").write(good + good[:len(good) // 2])
lines = [b'{"url": "http://example.com/1", "html": "<p>A page in a JSONL line with a paragraph of words.</p>"}',
         b'{"url": "http://example.com/2", "html": "unterminated string',
         b'not json at all',
         b'[1, 2, 3]',
         b'{"text": "A text page in JSONL.\\nSecond line of the text with words.", "id": "t1"}',
         b'{"text": "\xff\xfe invalid utf-8 inside"}',
         b'{"text": "nul \\u0000 inside and a lone surrogate \\ud800"}',
         b'{"html": ' + b'['*10000 + b']'*10000 + b'}',
         b'{"html": "<p>last line without a newline</p>"}']
open(os.path.join(C, "jsonl_broken.jsonl"), "wb").write(b"\n".join(lines))
PY
# the readers resynchronize on the next "WARC/1." line / the next line (src/io/klp_warc.h,
# klp_jsonl.h), so the good records must come out: 1 per WARC file, 3 JSONL lines (1, 5, 9)
add warc_negative_length.warc 01 "WARC record with Content-Length -1, then a good record" 1
add warc_huge_length.warc 01 "WARC record with Content-Length 2^64-1, then a good record" 1
add warc_short_length.warc 01 "WARC record whose Content-Length is too short, then a good record" 1
add warc_truncated.warc 01 "a good WARC record then half of one" 1
add jsonl_broken.jsonl 01 "JSONL with broken, non-object, invalid-UTF-8 and 10000-deep lines" 3

# ---- files that cannot be read (we run as root: permissions do not stop reading) ------------
D="$C/dir_unreadable"
mkdir -p "$D"
printf 'Title of a good page\n\nThis file inside the directory is readable and holds a paragraph of text with enough words.\n' >"$D/a_good.txt"
mkfifo "$D/b_fifo_no_writer"                       # open() would block: must not be opened
ln -s "$D/does-not-exist" "$D/c_dangling_link.txt" # ENOENT
ln -s c_loop_link.txt "$D/c_loop_link.txt" 2>/dev/null || true # ELOOP
ln -s /proc/self/mem "$D/d_proc_mem.txt"           # opens as root, read() fails with EIO
python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])" "$D/e_socket" # ENXIO
add dir_unreadable 01 "a directory: a good file, a FIFO without writer, a dangling and a looping symlink, /proc/self/mem (EIO), a socket"
ln -s "$C/does-not-exist.html" "$C/dangling_link.html"
add dangling_link.html 1 "a dangling symlink named on the command line: missing path"

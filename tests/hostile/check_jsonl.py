#!/usr/bin/env python3
# check_jsonl.py OUT - checks that OUT is valid UTF-8 JSONL of kliping records (one object per
# line with string "id" and "text", a "metadata" object, no lone surrogates); prints "N T" (the
# number of records, of records with non-empty text), then the metadata.file of each record,
# one per line. Exit 1 if invalid.
import json
import sys


def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)


def main():
    data = open(sys.argv[1], "rb").read()
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        print(f"invalid UTF-8 at byte {e.start}: {data[max(0, e.start - 20):e.end + 20]!r}")
        return 1
    if text and not text.endswith("\n"):
        print("output does not end with a newline")
        return 1
    files = []
    with_text = 0
    for n, line in enumerate(text.splitlines(), 1):
        try:
            rec = json.loads(line)
        except ValueError as e:
            print(f"line {n}: not JSON: {e}")
            return 1
        if not isinstance(rec, dict) or not isinstance(rec.get("id"), str) or \
                not isinstance(rec.get("text"), str) or not isinstance(rec.get("metadata", {}), dict):
            print(f"line {n}: not a record object")
            return 1
        for s in strings(rec):
            try:
                s.encode("utf-8")
            except UnicodeEncodeError:
                print(f"line {n}: a string holds a lone surrogate escape")
                return 1
        files.append(rec.get("metadata", {}).get("file", ""))
        with_text += rec["text"].strip() != ""
    print(len(files), with_text)
    for f in files:
        print(f)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Trunk post-build hook, run on every build (serve and release).

1. Moves the inline bootstrap <script type="module"> Trunk writes into index.html to a file
   (bootstrap-<hash>.js): the page's Content-Security-Policy allows scripts from 'self' only, no
   'unsafe-inline'.
2. Drops the wasm's `name` and `producers` custom sections (debug names, about 1.5 KB compressed
   that every visitor would download) and updates the file's Subresource Integrity hash.
"""
import base64
import hashlib
import os
import pathlib
import re
import sys

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
index = staging / "index.html"
html = index.read_text(encoding="utf-8")


def leb128(data, pos):
    result, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def strip_custom_sections(data, names=(b"name", b"producers")):
    if data[:4] != b"\0asm":
        return data
    out, pos = bytearray(data[:8]), 8
    while pos < len(data):
        start = pos
        section_id = data[pos]
        size, body = leb128(data, pos + 1)
        end = body + size
        if section_id == 0:
            name_len, name_at = leb128(data, body)
            if data[name_at:name_at + name_len] in names:
                pos = end
                continue
        out += data[start:end]
        pos = end
    return bytes(out)


for wasm in staging.glob("*.wasm"):
    before = wasm.read_bytes()
    after = strip_custom_sections(before)
    if after != before:
        wasm.write_bytes(after)
        old = "sha384-" + base64.b64encode(hashlib.sha384(before).digest()).decode()
        new = "sha384-" + base64.b64encode(hashlib.sha384(after).digest()).decode()
        html = html.replace(old, new)
        print("post_build: stripped %d bytes of debug sections from %s" % (len(before) - len(after), wasm.name))

match = re.search(r'<script type="module"(?P<attrs>[^>]*)>(?P<body>.*?)</script>', html, re.S)
if match is not None:
    body = match.group("body").strip() + "\n"
    name = "bootstrap-%s.js" % hashlib.sha256(body.encode()).hexdigest()[:16]
    (staging / name).write_text(body, encoding="utf-8")
    public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
    if not public_url.endswith("/"):
        public_url += "/"
    tag = '<script type="module" src="%s%s"></script>' % (public_url, name)
    html = html[: match.start()] + tag + html[match.end():]
    print("post_build: wrote", name)
if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
    sys.exit("post_build: an inline script is still present in index.html")
index.write_text(html, encoding="utf-8")

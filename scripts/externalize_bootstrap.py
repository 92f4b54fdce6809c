"""Trunk post-build hook: move Trunk's inline bootstrap <script> into a file.

The page's Content-Security-Policy allows scripts from 'self' only (no 'unsafe-inline'), so the
module script Trunk inlines into index.html is written to bootstrap-<hash>.js and referenced.
"""
import hashlib
import os
import pathlib
import re
import sys

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
index = staging / "index.html"
html = index.read_text(encoding="utf-8")
pattern = re.compile(r'<script type="module"(?P<attrs>[^>]*)>(?P<body>.*?)</script>', re.S)
match = pattern.search(html)
if match is None:
    sys.exit(0)  # Already external (or Trunk changed): nothing to do.
body = match.group("body").strip() + "\n"
name = "bootstrap-%s.js" % hashlib.sha256(body.encode()).hexdigest()[:16]
(staging / name).write_text(body, encoding="utf-8")
public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
if not public_url.endswith("/"):
    public_url += "/"
tag = '<script type="module" src="%s%s"></script>' % (public_url, name)
html = html[: match.start()] + tag + html[match.end():]
if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
    sys.exit("externalize_bootstrap: an inline script is still present in index.html")
index.write_text(html, encoding="utf-8")
print("externalize_bootstrap: wrote", name)

#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Checks a citysnap report's HTML: it parses as HTML5 with no parse error
(html5lib in strict mode), has no script, and every table has a caption,
column headers with scope="col" and a row header per row.

Usage: check-report-html.py FILE.html [TEXT ...]
Each TEXT must appear in the document's text (after parsing), e.g. a
city name with markup characters, which must come through as text.
Exit 0 when fine, 1 with the problems on stderr, 77 when html5lib is
missing (the test then skips)."""
import sys

try:
    import html5lib
except ImportError:
    sys.exit(77)

path = sys.argv[1]
with open(path, "rb") as f:
    data = f.read()
problems = []
parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
try:
    doc = parser.parse(data)
except html5lib.html5parser.ParseError as e:
    print("%s: not valid HTML5: %s" % (path, e), file=sys.stderr)
    sys.exit(1)

if doc.find(".//script") is not None:
    problems.append("has a <script>")
if doc.get("lang") in (None, ""):
    problems.append("<html> has no lang")
tables = doc.findall(".//table")
if not tables:
    problems.append("no <table>")
for n, t in enumerate(tables, 1):
    cap = t.find("caption")
    if cap is None or not "".join(cap.itertext()).strip():
        problems.append("table %d has no caption" % n)
    heads = t.findall("./thead/tr/th")
    if not heads or any(h.get("scope") != "col" for h in heads):
        problems.append("table %d: column headers without scope=col" % n)
    for body in t.findall("./tbody"):
        for tr in body.findall("tr"):
            th = tr.find("th")
            if th is None or th.get("scope") not in ("row", "rowgroup"):
                problems.append("table %d: a row without a row header" % n)
            if len(tr) != len(heads):
                problems.append("table %d: a row with %d cells, %d headers"
                                % (n, len(tr), len(heads)))
text = "".join(doc.itertext())
for want in sys.argv[2:]:
    if want not in text:
        problems.append("text %r missing" % want)
problems = list(dict.fromkeys(problems))[:20]
for p in problems:
    print("%s: %s" % (path, p), file=sys.stderr)
sys.exit(1 if problems else 0)

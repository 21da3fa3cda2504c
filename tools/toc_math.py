"""Formulas in the table of contents: smalldocs writes a heading's text there with its TeX delimiters stripped, so
`$\\mathcal{L}_{BERT}$: ...` shows as raw `\\mathcal{L}_{BERT}: ...`. This copies the heading's own HTML (with its
`math inline` spans, which KaTeX renders on load) into the matching table-of-contents link. Usage: toc_math.py _site"""
import re, sys
from pathlib import Path

HEADING = re.compile(r'<h([1-6]) class="anchored" data-anchor-id="([^"]+)">(.*?)</h\1>', re.S)

def fix_page(html:str) -> tuple[str, int]:
    "The page with the table-of-contents links of headings that hold math replaced by the headings' HTML; and how many."
    with_math = {hid: inner for _, hid, inner in HEADING.findall(html) if 'class="math inline"' in inner}
    n = 0
    def link(m):
        nonlocal n
        hid = m.group(2)
        if hid not in with_math: return m.group(0)
        n += 1
        return m.group(1) + with_math[hid] + '</a>'
    return re.sub(r'(<a href="#([^"]+)" id="toc-\2"[^>]*>)(.*?)</a>', link, html, flags=re.S), n

if __name__ == '__main__':
    total = 0
    for page in Path(sys.argv[1]).glob('*.html'):
        html, n = fix_page(page.read_text())
        if n: page.write_text(html); total += n
    print(f"docs: {total} table-of-contents entries with formulas")

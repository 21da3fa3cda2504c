#!/usr/bin/env bash
# Build the documentation site into _site/ without Quarto (which cannot be installed on our build machines).
# nbdev processes the notebooks as it does for Quarto (show_doc API reference, directives, hidden cells) into
# _proc/; smalldocs, a pure-Python renderer of Quarto projects, renders that same _quarto.yml project.
# On GitHub, .github/workflows/deploy.yaml renders with real Quarto instead.
set -euo pipefail
cd "$(dirname "$0")/.."
python tools/proc_docs.py
rm -rf _site
smalldocs render _proc 2>&1 | tail -n 5
mv _proc/_docs _site
# formulas render offline: KaTeX from tools/vendor/katex (see its PROVENANCE.md) instead of smalldocs' CDN link
cdn=$(python -c "import smalldocs.layout as l; print(l.KATEX)")
mkdir -p _site/site_libs && cp -r tools/vendor/katex _site/site_libs/katex
sed -i "s#$cdn#site_libs/katex#g" _site/*.html
python tools/toc_math.py _site   # formulas in the table of contents too
if grep -l "cdn.jsdelivr.net/npm/katex" _site/*.html; then echo "docs: pages above still load KaTeX from a CDN"; exit 1; fi
test -f _site/index.html
echo "docs: $(find _site -name '*.html' | wc -l) HTML pages in _site/"

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
test -f _site/index.html
echo "docs: $(find _site -name '*.html' | wc -l) HTML pages in _site/"

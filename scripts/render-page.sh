#!/bin/bash
# scripts/render-page.sh INI OUTDIR
#
# Render a support-matrix INI as upstream publishes it (Sphinx with
# sphinx-feature-classification, Debian's python3-sphinx and
# python3-sphinx-feature-classification 1.1.0), then copy the page as text with
# the tools people use: lynx (with and without its list of links), w3m,
# html2text, links, elinks, pandoc (wrapped, unwrapped, GitHub Markdown).
# Made test/fixtures/renders/ (see its README). Needs, from Debian:
#   apt-get install python3-sphinx python3-sphinx-feature-classification \
#     lynx w3m html2text links elinks pandoc
set -e
ini=$(realpath "$1"); out=$2; name=$(basename "$ini" .ini)
proj=$(mktemp -d); mkdir -p "$out"
cp "$ini" "$proj/matrix.ini"
cat > "$proj/conf.py" <<'C'
extensions = ['sphinx_feature_classification.support_matrix']
project = 'X'
C
printf 'Feature Support Matrix\n======================\n\n.. support_matrix:: matrix.ini\n' > "$proj/index.rst"
/usr/bin/python3 -m sphinx -q -b html "$proj" "$proj/_build" 2>"$out/$name.sphinx.log" || { echo "sphinx failed: $name"; cat "$out/$name.sphinx.log" | tail -3; exit 0; }
h="$out/$name.html"; cp "$proj/_build/index.html" "$h"
lynx -dump -nolist -display_charset=utf-8 "$h" > "$out/$name.lynx.txt"
lynx -dump -display_charset=utf-8 "$h" > "$out/$name.lynx-refs.txt"
w3m -dump -O UTF-8 -T text/html "$h" > "$out/$name.w3m.txt"
html2text -utf8 "$h" > "$out/$name.html2text.txt" 2>/dev/null || true
links -dump -codepage utf-8 "$h" > "$out/$name.links.txt"
elinks -dump -dump-charset utf-8 -no-references "$h" > "$out/$name.elinks.txt" 2>/dev/null || true
pandoc -f html -t plain "$h" -o "$out/$name.pandoc.txt"
pandoc -f html -t plain --wrap=none "$h" -o "$out/$name.pandoc-nowrap.txt"
pandoc -f html -t gfm "$h" -o "$out/$name.pandoc-gfm.txt" 2>/dev/null || true
rm -rf "$proj"

"""The structure goals of the notebooks (issue 17), measured: `python tools/audit_structure.py`.

Per notebook: lines of its exported module, its longest code cell (lines of code, without `#|` directives and blank
lines) and that cell's index, the lines of exported code and of test code (every code cell that is neither exported
nor hidden, plus hidden cells that test), and their ratio. Flags: M module over 520 lines (~500), C a code cell over
80 lines, T test / export ratio under 0.5. Then every import of another module's `_private` name. Exit status 1 if
anything is flagged."""
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def code_lines(src:str) -> list[str]:
    return [l for l in src.splitlines() if l.strip() and not l.strip().startswith('#|')]

def audit(nb:Path) -> dict:
    cells = json.loads(nb.read_text())['cells']
    row = dict(notebook=nb.name, module=None, exported=0, tests=0, longest=0, at=None)
    for i, c in enumerate(cells):
        if c['cell_type'] != 'code': continue
        src = ''.join(c['source'])
        if m := re.search(r'#\|\s*default_exp\s+(\S+)', src): row['module'] = m.group(1); continue
        n = len(code_lines(src))
        if n > row['longest']: row['longest'], row['at'] = n, i
        if re.search(r'#\|\s*export', src): row['exported'] += n
        elif not re.search(r'#\|\s*hide', src) or 'test' in src: row['tests'] += n
    mod = root/'footprint_nb'/f"{row['module']}.py"
    row['module_lines'] = len(mod.read_text().splitlines()) if row['module'] and mod.exists() else 0
    row['ratio'] = row['tests'] / row['exported'] if row['exported'] else float('nan')
    row['flags'] = ''.join(f for f, bad in (('M', row['module_lines'] > 520), ('C', row['longest'] > 80),
                                            ('T', row['exported'] > 0 and row['ratio'] < 0.5)) if bad)
    return row

def private_imports() -> list[str]:
    "Lines of the package that import a `_private` name from another module of the package."
    hits = []
    for f in sorted((root/'footprint_nb').glob('*.py')):
        if f.name == '_modidx.py': continue
        for n, line in enumerate(f.read_text().splitlines(), 1):
            m = re.match(r'\s*from \.(\w*) import \(?(.*)', line)
            if m and any(name.strip().startswith('_') for name in m.group(2).rstrip(')').split(',')):
                hits.append(f'{f.name}:{n}: {line.strip()}')
    return hits

if __name__ == '__main__':
    rows = [audit(nb) for nb in sorted((root/'nbs').glob('*.ipynb'))]
    print(f"{'notebook':32s}{'module':12s}{'lines':>7s}{'max cell':>9s}{'@':>5s}{'export':>8s}{'test':>6s}{'ratio':>7s}  flags")
    for r in rows:
        print(f"{r['notebook']:32s}{str(r['module'] or ''):12s}{r['module_lines']:7d}{r['longest']:9d}{str(r['at']):>5s}"
              f"{r['exported']:8d}{r['tests']:6d}{r['ratio']:7.2f}  {r['flags']}")
    priv = private_imports()
    print(f"\nimports of another module's private names: {len(priv)}", *priv, sep='\n')
    sys.exit(1 if priv or any(r['flags'] for r in rows) else 0)

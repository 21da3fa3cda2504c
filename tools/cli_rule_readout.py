"""The cell ID of the runs of tools/cli_rule_check.py on many held-out means: g_spec and g_com of 16-pair means of held-out
pairs (the corpus's own 64 per cell line plus 256 more, a fresh draw) against the training pairs' centroids, from
`footprint_nb.inference.footprints` of the run's last checkpoint (as tools/cli_rule_check.py reads it). The run's
validation reads 9 means; this reads 80.

    python tools/cli_rule_readout.py /tmp/cli_rule --runs rule-s0 control-s0 --json OUT.json
"""
import argparse, json, sys
from pathlib import Path
import numpy as np, torch
sys.path.insert(0, str(Path(__file__).parent))
from cli_rule_check import write_corpus, CELLS
from footprint_nb.data import read_pair_table
from footprint_nb.inference import load_run, footprints
from footprint_nb.metrics import nearest_centroid_predict

K = 16

def means(x, cells):
    X, y = [], []
    for c in CELLS:
        r = x[cells == c]
        for j in range(0, len(r) - K + 1, K): X.append(r[j:j + K].mean(0)); y.append(c)
    return np.array(X), np.array(y)

def cell_id(tr, ctr, te, cte) -> float:
    "Nearest centroid of the training pairs' per-cell means, for every 16-pair held-out mean."
    cents = np.stack([tr[ctr == c].mean(0) for c in CELLS]); X, y = means(te, cte)
    return float((nearest_centroid_predict(cents, np.array(CELLS), X) == y).mean())

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('out', type=Path, help='the --out folder of tools/cli_rule_check.py'); p.add_argument('--runs', nargs='+', required=True)
    p.add_argument('--json', type=Path, default=None)
    a = p.parse_args(); torch.set_num_threads(1); rows = []
    for run in a.runs:
        corpus = run.split('-')[0]
        more = a.out/f'heldout_more_{corpus}.csv'
        if not more.exists(): write_corpus(more, corpus == 'rule', 199, n=256)
        tr = read_pair_table(a.out/f'{corpus}.csv'); te = read_pair_table(a.out/f'heldout_{corpus}.csv') + read_pair_table(more)
        cfg, model, tok = load_run(a.out/'runs'/run, which='last')
        etr, ete = (footprints(model, tok, s, cfg.train.batch_size) for s in (tr, te))
        order = np.argsort([CELLS.index(c) for c in ete['cell_line']], kind='stable')
        row = dict(run=run, n_held_means=len(means(ete['z_spec'][order], ete['cell_line'][order])[1]),
                   **{f'id_g_{s[2:]}': cell_id(etr[s], etr['cell_line'], ete[s][order], ete['cell_line'][order]) for s in ('z_spec', 'z_com')})
        rows.append(row); print(json.dumps(row), flush=True)
    if a.json: a.json.write_text(json.dumps(rows, indent=1) + '\n')

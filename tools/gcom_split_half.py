"""How much of the cell line the common footprint of finished CLI runs still carries, read two ways.

For each run folder of `tools/cli_motif_check.py` (its train.npz, heldout.npz and heldout_more.npz):
- train_centroids: the check's own readout (128 held-out 16-sequence means named by centroids of the 16-means of
  all of train.csv);
- split_half: the same held-out means named by the centroids of the other half of the held-out means of each cell line
  (even/odd means, both ways, averaged). No training pair is involved, so a removal built from training pairs cannot
  make this readout a coin.
With --offline-exact the run's model is also reloaded and its running per-cell means of v replaced by the exact means
over all of train.csv (`exact_cell_means`); the train-centroid readout of that is a coin by construction (the centroid
pairs are the pairs the means were taken over), shown as a warning, not as a result.

Usage: python tools/gcom_split_half.py DIR --runs default-s0 default-s1 ... [--offline-exact]
"""
import argparse, json, sys
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).parent))
from cli_motif_check import cell_id, lda_id, means, by_cell, CELLS
from footprint_nb.metrics import nearest_centroid_predict

def split_half(x, cells) -> float:
    "Held-out K-means named by the centroids of the other half of the held-out K-means (even/odd, both ways)."
    X, y = means(x, cells); idx = np.arange(len(y)); accs = []
    for a in (0, 1):
        A, B = idx % 2 == a, idx % 2 != a
        accs.append(float((nearest_centroid_predict(X[A], y[A], X[B]) == y[B]).mean()))
    return float(np.mean(accs))

def offline_exact(out:Path, run:str) -> dict:
    "g_com's readouts with the run's running means and with the exact means over all of train.csv, recomputed from the model."
    import torch
    from footprint_nb.config import config_from_dict
    from footprint_nb.data import KmerTokenizer
    from footprint_nb.model import FootprintBERT
    from footprint_nb.checkpoint import list_checkpoints, load_checkpoint
    from footprint_nb.inference import footprints, exact_cell_means
    from footprint_nb.records import read_pair_table
    rd = out/'runs'/run
    cfg = config_from_dict(json.loads((rd/'config.json').read_text())); tok = KmerTokenizer(cfg.tokenizer)
    best = rd/'checkpoints'/'best.pt'; path = best if best.exists() else list_checkpoints(rd)[-1]
    model = FootprintBERT(cfg.model, vocab=tok.decode(range(tok.vocab_size)))
    model.load_state_dict(load_checkpoint(path, map_location='cpu')['model'], strict=False); model.eval()   # runs of 2026-12-05 17:23-17:46 UTC carry two buffers the model no longer has (unused there)
    tr = read_pair_table(out/'train.csv'); te = read_pair_table(out/'heldout.csv') + read_pair_table(out/'heldout_more.csv')
    ctr, cte = np.array([s.cell_line for s in tr]), np.array([s.cell_line for s in te])
    K, r = cfg.train.batch_size, {}
    for which in ('running', 'exact'):
        if which == 'exact': model.footprint.subspaces.cell_mean.copy_(exact_cell_means(model, tok, tr, CELLS, K))
        a, b = footprints(model, tok, tr, K), footprints(model, tok, te, K)
        r[f'offline_g_com_{which}_means'] = cell_id(a['z_com'], ctr, b['z_com'], cte)
        r[f'offline_lda_g_com_{which}_means'] = lda_id(a['z_com'], ctr, b['z_com'], cte)
    return r

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('out', type=Path); p.add_argument('--runs', nargs='+', required=True); p.add_argument('--offline-exact', action='store_true')
    a = p.parse_args()
    for run in a.runs:
        rd = a.out/'runs'/run; tr, te, tm = np.load(rd/'train.npz'), np.load(rd/'heldout.npz'), np.load(rd/'heldout_more.npz')
        both = by_cell({k: np.concatenate([te[k], tm[k]]) for k in ('z_spec', 'z_com', 'cell_line')})
        row = dict(run=run)
        for s in ('z_com', 'z_spec'):
            row[f'{s}_train_centroids'] = cell_id(tr[s], tr['cell_line'], both[s], both['cell_line']); row[f'{s}_split_half'] = split_half(both[s], both['cell_line'])
        if a.offline_exact: row.update(offline_exact(a.out, run))
        print(json.dumps(row), flush=True)

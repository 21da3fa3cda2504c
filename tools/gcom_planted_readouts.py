"""Issue 14, planted data: is a g_com cell ID over the line (chance + 0.10) a leak of the cell into the common footprint,
or the noise of the readout? One `ground_truth_run` (the study's 600 steps, K = 16, 20 test batches per cell line),
retrained here so that its model can be read again, then g_com and g_spec cell ID of the same 60 held-out 16-sequence
means by nearest centroid, three ways:

- `protocol`: the study's readout (centroids from 20 training batches per cell line, seed + 101); must give the stored
  row back, since the runs are deterministic;
- `train_draws`: the same with the centroid batches drawn again (seeds + 1101, + 2101, ...): the training pairs behind
  the centroids overlap the up to 512 pairs per cell line whose means the common side removes, so that readout is partly
  a coin whose bias is shared by all 60 test means;
- `split_half`: centroids from the even held-out batches of each cell line name the odd ones, and back (no training pair
  involved, so a removal built from training pairs cannot decide it).

A leak shows in every readout; the noise of the centroids moves with their draw.

    python tools/gcom_planted_readouts.py --seed 5 --out FILE.json [--set model.footprint.signal=motif ...]
"""
import argparse, json, time
import numpy as np
from footprint_nb.study import ground_truth_run, disjoint_batches
from footprint_nb.analysis import collect
from footprint_nb.metrics import nearest_centroid_predict
import footprint_nb.study as study


def cell_id(ct, ytr, cv, yte, space): return float((nearest_centroid_predict(ct[f'g_{space}'], ytr, cv[f'g_{space}']) == yte).mean())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--seed', type=int, required=True); p.add_argument('--steps', type=int, default=600)
    p.add_argument('--n-test', type=int, default=20); p.add_argument('--draws', type=int, default=10)
    p.add_argument('--set', nargs='*', default=[], help='make_config overrides key=value, as ground_truth_study.py --set')
    p.add_argument('--out', required=True)
    a = p.parse_args()
    over = dict(kv.split('=', 1) for kv in a.set)
    kept = {}
    run_cell_id = study._cell_id
    def keep(tr, K, n_test, seed):  # the study's own readout, and the trainer for the readouts below
        kept['tr'] = tr; return run_cell_id(tr, K, n_test, seed)
    study._cell_id = keep
    t0 = time.time()
    row = ground_truth_run('working', steps=a.steps, seed=a.seed, n_test=a.n_test, **over)
    tr, K, seed = kept['tr'], 16, a.seed
    cells = lambda bs: np.array([int(b['cell_id'][0]) for b in bs])
    vb = disjoint_batches(tr.valid_ds, tr.tokenizer, K, a.n_test, seed + 202)
    cv, yte = collect(tr.model, vb, tr.cell_lines), cells(vb)
    out = dict(seed=seed, set=a.set, steps=a.steps, n_means=len(vb), protocol={s: row[f'id_g_{s}'] for s in ('com', 'spec')}, train_draws={'com': [], 'spec': []})
    for r in range(a.draws):
        tb = disjoint_batches(tr.train_ds, tr.tokenizer, K, a.n_test, seed + 101 + 1000 * (r + 1))
        ct = collect(tr.model, tb, tr.cell_lines)
        for s in ('com', 'spec'): out['train_draws'][s].append(cell_id(ct, cells(tb), cv, yte, s))
    order = np.arange(len(vb)); halves = []
    for c in np.unique(yte):  # even and odd held-out batches of each cell line
        idx = order[yte == c]; halves.append((idx[0::2], idx[1::2]))
    even, odd = np.concatenate([h[0] for h in halves]), np.concatenate([h[1] for h in halves])
    sub = lambda d, i: {k: d[k][i] for k in ('g_com', 'g_spec')}
    out['split_half'] = {s: float(np.mean([cell_id(sub(cv, i), yte[i], sub(cv, j), yte[j], s) for i, j in ((even, odd), (odd, even))])) for s in ('com', 'spec')}
    out.update(probe_com_1=row['probe_com_1'], mlm_full=row['mlm_full'], seconds=round(time.time() - t0))
    json.dump(out, open(a.out, 'w'), indent=1)
    td = out['train_draws']['com']
    print(f"seed {seed} {' '.join(a.set) or 'defaults'}: g_com protocol {out['protocol']['com']:.2f}, {a.draws} centroid draws median {np.median(td):.2f} "
          f"({min(td):.2f}-{max(td):.2f}), split-half {out['split_half']['com']:.2f}; g_spec {out['protocol']['spec']:.2f} / split-half {out['split_half']['spec']:.2f}")


if __name__ == '__main__': main()

"""Issue 15, tutorial 10 section 7e: is the planted rule base of each synthetic data set *learnable from what a model
sees*, or do some data sets hide it (a palindromic rule motif planted on both strands, say)?

For every data seed, the planted data exactly as `ground_truth_run` draws it (its default length and pairs per cell
line), and every planted rule base: a multinomial logistic regression predicts the base from the bases within
`w` positions of it (the base itself left out), once with the true cell line crossed with that window (an oracle of
the cell context) and once from the window alone (no context); a third one predicts the strand the site was planted
on. Three quarters of the rule bases train, a random quarter tests. No model of the package is trained.

If the oracle is near 1.00 for every data set, the information is there in all of them, and a data set whose rule a
600-step model does not learn is one it learns more slowly, not one it cannot learn.

    python tools/rule_information_probe.py --seeds 0 1 2 3 4 5 --windows 1 3 --out nbs/results/rule_information_probe.json
    (about 30 s on one core)
"""
import argparse, inspect, json, time, warnings
import numpy as np, torch
from footprint_nb.data import make_synthetic, SyntheticConfig
from footprint_nb.study import ground_truth_run

def window_one_hot(seq:str, pos:int, w:int) -> np.ndarray: # (2w * 4,) the bases at pos-w..pos+w without pos; 0 off the ends
    oh = np.zeros((2 * w, 4))
    for i, k in enumerate(k for k in range(-w, w + 1) if k != 0):
        if 0 <= pos + k < len(seq) and seq[pos + k] in 'ACGT': oh[i, 'ACGT'.index(seq[pos + k])] = 1
    return oh.ravel()

def held_out_accuracy(X, y, train, n_classes) -> float:
    "Multinomial logistic regression (L-BFGS, a small L2 penalty) fitted on `train`, accuracy on the rest."
    torch.manual_seed(0)
    X, y = torch.tensor(X, dtype=torch.float32), torch.tensor(y)
    W, b = torch.zeros(X.shape[1], n_classes, requires_grad=True), torch.zeros(n_classes, requires_grad=True)
    opt, tr = torch.optim.LBFGS([W, b], max_iter=300), torch.tensor(train)
    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(X[tr] @ W + b, y[tr]) + 1e-3 * W.square().sum()
        loss.backward(); return loss
    opt.step(closure)
    return float(((X[~tr] @ W + b).argmax(1) == y[~tr]).float().mean())

def probe(seed:int, w:int, length:int, n_per_cell:int) -> dict:
    d = make_synthetic(SyntheticConfig(n_per_cell=n_per_cell, enh_len=length, prom_len=length, seed=seed))
    cells = sorted(d.rule_bases)
    with_cell, window, base, strand = [], [], [], []
    for si, part, pos, b in d.rule_positions:
        s = d.samples[si]
        oh, cell = window_one_hot(s.enhancer_seq if part == 'enhancer' else s.promoter_seq, pos, w), np.eye(len(cells))[cells.index(s.cell_line)]
        with_cell.append(np.concatenate([np.outer(cell, oh).ravel(), cell])); window.append(oh)
        base.append('ACGT'.index(b)); strand.append(int(b != d.rule_bases[s.cell_line]))   # the complement: planted on the reverse strand
    train = np.random.default_rng(0).random(len(base)) < 0.75
    return dict(data_seed=seed, window=w, rule_motif=d.rule_motif, rule_offset=d.rule_offset, n_rule_bases=len(base),
                oracle_cell=held_out_accuracy(np.array(with_cell), np.array(base), train, 4),
                window_only=held_out_accuracy(np.array(window), np.array(base), train, 4),
                strand_from_window=held_out_accuracy(np.array(window), np.array(strand), train, 2))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2, 3, 4, 5])
    ap.add_argument('--windows', type=int, nargs='+', default=[1, 3], help='bases on each side of the rule base')
    ap.add_argument('--out', default=None)
    a = ap.parse_args()
    warnings.filterwarnings('ignore')
    defaults = inspect.signature(ground_truth_run).parameters     # the study's data, whatever its defaults become
    length, n_per_cell = defaults['length'].default, defaults['n_per_cell'].default
    rows = []
    for w in a.windows:
        for s in a.seeds:
            rows.append(probe(s, w, length, n_per_cell)); r = rows[-1]
            print(f"window +-{w} data seed {s} {r['rule_motif']} offset {r['rule_offset']} n {r['n_rule_bases']}: with the cell "
                  f"{r['oracle_cell']:.3f}, window only {r['window_only']:.3f}, strand from the window {r['strand_from_window']:.3f}", flush=True)
    if a.out:
        meta = dict(command=f"python tools/rule_information_probe.py --seeds {' '.join(map(str, a.seeds))} --windows {' '.join(map(str, a.windows))} --out {a.out}",
                    data=f'ground_truth_run\'s planted data: {length} bases per part, {n_per_cell} pairs per cell line', date=time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()))
        json.dump(dict(meta=meta, rows=rows), open(a.out, 'w'), indent=1)

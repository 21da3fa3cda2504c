"""Issue 14, arrangement-only data: which fixed features can name cell lines that differ only in the spacing of a motif pair?

No training. The study's data (`make_synthetic(mode='arrangement')`, 80-bp parts, 1500 pairs per cell line, a quarter
held out). Each feature family: standardised on the training pairs, a shrinkage LDA (within-cell covariance + 0.1 x
its mean variance on the diagonal) fitted on them, then nearest centroid of 16-sequence means in the LDA space,
held-out means against training means (69 held-out means, chance 0.33). Families:

- k-mer counts (3, 4) and gapped base pairs (base a, then base b `lag` bases later, lag 1..40);
- log1p|CWC| of the one-hot bases and of the base pairs, mean and max over positions (the pooled encoder's features);
- the same of oracle signals: deltas at the planted pair sites (channels A, B, A + B), and log-odds scans with the two
  true PWMs (both strands): what the wavelet footprint reads once its channels detect the motifs.

    python tools/arrangement_probe.py 0 1      # one line of JSON per data seed (~1 min each on one core)
"""
import os, sys, json; os.environ.setdefault('OMP_NUM_THREADS', '1')
import numpy as np, torch, torch.nn.functional as F
from footprint_nb.synthetic import make_synthetic, SyntheticConfig
from footprint_nb.cwc import CWC, CWCConfig
from footprint_nb.metrics import nearest_centroid_predict, kmer_frequencies
torch.set_num_threads(1)
L, K = 80, 16

def split(cells, seed):  # a quarter of every cell line held out
    rng, te = np.random.default_rng(seed), np.zeros(len(cells), bool)
    for c in sorted(set(cells)):
        i = np.flatnonzero(cells == c); te[rng.choice(i, len(i) // 4, replace=False)] = True
    return te

def group_means(x, cells, rng):  # (N, d) -> means of K samples of one cell line, and their labels
    X, y = [], []
    for c in sorted(set(cells)):
        idx = rng.permutation(np.flatnonzero(cells == c))
        for j in range(0, len(idx) - K + 1, K): X.append(x[idx[j:j + K]].mean(0)); y.append(c)
    return np.array(X), np.array(y)

def lda_score(feats, cells, te):
    A, B = feats[~te], feats[te]; mu, sd = A.mean(0), A.std(0) + 1e-8
    A, B = (A - mu) / sd, (B - mu) / sd; y, cl = cells[~te], sorted(set(cells))
    M = np.stack([A[y == c].mean(0) for c in cl]); R = A - M[[cl.index(c) for c in y]]
    Sw = R.T @ R / len(R); Sw += 0.1 * np.trace(Sw) / len(Sw) * np.eye(len(Sw))
    W = np.linalg.solve(Sw, (M - M.mean(0)).T)                          # (d, n_cells) discriminant directions
    rng = np.random.default_rng(1)
    Xtr, ytr = group_means(A @ W, y, rng); Xte, yte = group_means(B @ W, cells[te], rng)
    return float((nearest_centroid_predict(Xtr, ytr, Xte) == yte).mean())

def pooled_cwc(signal):  # (N, C, L) -> log1p|CWC| mean and max over positions, (N, 2 C S)
    cwc = CWC(CWCConfig(length=L, n_scales=12, padding='zero'))
    f = signal - signal.mean(-1, keepdim=True)
    with torch.no_grad(): m = torch.log1p(cwc(f))                       # (N, C, S, L)
    return torch.cat([m.mean(-1), m.amax(-1)], 1).flatten(1).numpy()

def onehot(x): return F.one_hot(torch.tensor(x), 4).float().transpose(1, 2)           # (N, 4, L)
def basepairs(x):
    t = torch.tensor(x); return F.pad(F.one_hot(t[:, :-1] * 4 + t[:, 1:], 16).float().transpose(1, 2), (0, 1))

def pwm_scan(x, motif):  # log-odds of the motif on either strand, positive part above half the sequence's best
    pwm = np.log(motif.pwm() + 1e-3) - np.log(0.25); w = len(pwm)
    W = torch.tensor(pwm.T, dtype=torch.float32)[None]                   # (1, 4, w)
    s = torch.maximum(F.conv1d(onehot(x), W), F.conv1d(onehot(x), torch.flip(W, [2])[:, [3, 2, 1, 0]]))
    return F.pad(torch.relu(s - 0.5 * s.amax(-1, keepdim=True).clamp(min=0)), (0, w - 1))

def probe(seed):
    d = make_synthetic(SyntheticConfig(n_per_cell=1500, enh_len=L, prom_len=L, mode='arrangement', seed=seed))
    cells = np.array([s.cell_line for s in d.samples]); te = split(cells, seed)
    parts = ('enhancer', 'promoter')
    X = [np.array([['ACGT'.index(b) for b in (s.enhancer_seq if p == 'enhancer' else s.promoter_seq)] for s in d.samples]) for p in parts]
    def sites(part):  # deltas at the centres of the planted pair motifs: channels A, B, A + B
        f = torch.zeros(len(cells), 3, L)
        for s in d.sites:
            if s['part'] == part and s['kind'] == 'pair':
                t = (s['start'] + s['end']) // 2; f[s['sample'], 0 if s['motif_id'] == d.pair[0] else 1, t] += 1; f[s['sample'], 2, t] += 1
        return f
    def scans(x):
        a, b = (pwm_scan(x, d.motifs[m]) for m in d.pair); return torch.cat([a, b, a + b], 1)
    both = lambda fn: np.concatenate([fn(x, p) for x, p in zip(X, parts)], 1)
    feats = {
        '3-mer': both(lambda x, p: np.stack([kmer_frequencies(r, 3) for r in x])),
        '4-mer': both(lambda x, p: np.stack([kmer_frequencies(r, 4) for r in x])),
        'gapped base pairs, lag 1-40': both(lambda x, p: np.concatenate(
            [np.stack([((x[:, :-g] == a) & (x[:, g:] == b)).mean(1) for a in range(4) for b in range(4)], 1) for g in range(1, 41)], 1)),
        '|CWC| one-hot': both(lambda x, p: pooled_cwc(onehot(x))),
        '|CWC| base pairs': both(lambda x, p: pooled_cwc(basepairs(x))),
        '|CWC| oracle: deltas at the pair sites': both(lambda x, p: pooled_cwc(sites(p))),
        '|CWC| oracle: scans with the true PWMs': both(lambda x, p: pooled_cwc(scans(x))),
    }
    return dict(seed=seed, n_test_means=int(sum(len(np.flatnonzero(cells[te] == c)) // K for c in set(cells))),
                **{k: round(lda_score(v, cells, te), 3) for k, v in feats.items()})

if __name__ == '__main__':
    for s in sys.argv[1:] or ['0']: print(json.dumps(probe(int(s))), flush=True)

"""Fixed features on the corpus of tools/cli_rule_check.py (no training): can a wavelet footprint name a cell line that
differs from the others in one base of each enhancer (position 100 of 200), if it keeps coarse position?

For each corpus draw (400 training and 128 held-out pairs per cell line, rule and control), nearest-centroid cell ID of
16-sequence means (centroids from the training pairs; chance 0.25), standardised features: log1p|CWC| of the base-pair
indicator signal (16 channels, the working design's signal, 16 scales, zero padding), mean and max over 1, 4, 8 or 20
position bins of both parts; a shrinkage LDA fitted on the training samples where the features are few enough; the
3-mer profile; and the per-position one-hot of the enhancer (the composition at each position, no wavelet).
With --profiles, also the two positional profiles of `FootprintConfig.position_bins` beside the pooled features (mean
and max of the whole part): the mean of the two finest scales of log1p|CWC| over 25 windows (`position_source='cwc'`,
`position_scales=2`), and the mean of the centred base-pair signal itself over 25 or 50 windows
(`position_source='signal'`), by nearest centroid and shrinkage LDA.

    python tools/rule_footprint_probe.py --seeds 0 1 2 --out nbs/results/rule_footprint_probe.json   # about a minute
    python tools/rule_footprint_probe.py --seeds 0 1 2 --profiles --out nbs/results/rule_position_probe.json
"""
import argparse, csv, json, os, sys, tempfile
os.environ.setdefault('OMP_NUM_THREADS', '2')
from pathlib import Path
import numpy as np, torch, torch.nn.functional as F
sys.path.insert(0, str(Path(__file__).parent))
from cli_rule_check import write_corpus
from footprint_nb.cwc import CWC, CWCConfig
from footprint_nb.metrics import nearest_centroid_predict, kmer_frequencies

K = 16

def load(p):
    rows = list(csv.DictReader(open(p)))
    return [(r['enhancer_seq'], r['promoter_seq']) for r in rows], np.array([r['cell_line'] for r in rows])

def indicator(seqs, k:int): # -> (N, 4**k, L) one-hot of the k-mer starting at each position
    x = torch.tensor([['ACGT'.index(b) for b in s] for s in seqs]); L = x.shape[1]
    code = sum(x[:, i:L - k + 1 + i] * 4 ** (k - 1 - i) for i in range(k))
    return F.pad(F.one_hot(code, 4 ** k).float().transpose(1, 2), (0, k - 1))

def wavelet_features(pairs, bins:int, S:int=16): # -> (N, 2 parts x 16 channels x S x bins x 2)
    L = len(pairs[0][0]); cwc = CWC(CWCConfig(length=L, n_scales=S, padding='zero', learn_wavelet=False))
    out = []
    for part in (0, 1):
        f = indicator([p[part] for p in pairs], 2); f = f - f.mean(-1, keepdim=True)
        ms = []
        for i in range(0, len(f), 128):
            with torch.no_grad(): m = torch.log1p(cwc(f[i:i + 128])).unflatten(-1, (bins, L // bins))   # (n, C, S, bins, L/bins)
            ms.append(torch.cat([m.mean(-1), m.amax(-1)], 1).flatten(1))
        out.append(torch.cat(ms))
    return torch.cat(out, 1).numpy()

def profile_features(pairs, source:str, bins:int, S:int=16): # -> (N, 2 parts x (2 x 16 x S pooled + 16 x rows x bins))
    "The pooled features and a positional profile, as `PooledEncoder` with `position_bins` builds them (equal windows, no padding here)."
    L = len(pairs[0][0]); cwc = CWC(CWCConfig(length=L, n_scales=S, padding='zero', learn_wavelet=False))
    out = []
    for part in (0, 1):
        f = indicator([p[part] for p in pairs], 2); f = f - f.mean(-1, keepdim=True)  # (N, 16, L) centred, as the path's signal
        ms = []
        for i in range(0, len(f), 128):
            with torch.no_grad(): m = torch.log1p(cwc(f[i:i + 128]))  # (n, C, S, L)
            prof = F.adaptive_avg_pool1d(m[:, :, :2].flatten(1, 2) if source == 'cwc' else f[i:i + 128], bins)
            ms.append(torch.cat([m.mean(-1).flatten(1), m.amax(-1).flatten(1), prof.flatten(1)], 1))
        out.append(torch.cat(ms))
    return torch.cat(out, 1).numpy()

def means(x, cells):
    X, y = [], []
    for c in sorted(set(cells)):
        r = x[cells == c]
        for j in range(0, len(r) - K + 1, K): X.append(r[j:j + K].mean(0)); y.append(c)
    return np.array(X), np.array(y)

def centroid_id(Ftr, ctr, Fte, cte) -> float:
    mu, sd = Ftr.mean(0), Ftr.std(0) + 1e-8
    Xtr, ytr = means((Ftr - mu) / sd, ctr); Xte, yte = means((Fte - mu) / sd, cte)
    return round(float((nearest_centroid_predict(Xtr, ytr, Xte) == yte).mean()), 3)

def lda_id(Ftr, ctr, Fte, cte, shrink:float=0.5) -> float:
    mu0, sd = Ftr.mean(0), Ftr.std(0) + 1e-8
    tr, te, cells = (Ftr - mu0) / sd, (Fte - mu0) / sd, sorted(set(ctr))
    mu = np.stack([tr[ctr == c].mean(0) for c in cells])
    S = np.cov(np.concatenate([tr[ctr == c] - m for c, m in zip(cells, mu)]).T)
    S = (1 - shrink) * S + shrink * np.trace(S) / len(S) * np.eye(len(S))
    W = np.linalg.solve(S, mu.T)
    Xte, yte = means(te, cte)
    return round(float((np.array(cells)[(Xte @ W - 0.5 * (mu @ W).diagonal()).argmax(1)] == yte).mean()), 3)

def probe(seed:int, rule:bool, d:Path, profiles:bool=False) -> dict:
    write_corpus(d/'train.csv', rule, seed=seed); write_corpus(d/'held.csv', rule, seed=seed + 1000, n=128)
    (tr, ctr), (te, cte) = load(d/'train.csv'), load(d/'held.csv')
    onehot = lambda pairs: indicator([p[0] for p in pairs], 1).flatten(1).numpy()
    kmer = lambda pairs: np.array([np.concatenate([kmer_frequencies(np.array(['ACGT'.index(b) for b in s]), 3) for s in p]) for p in pairs])
    row = dict(seed=seed, corpus='rule' if rule else 'control', onehot_per_position=centroid_id(onehot(tr), ctr, onehot(te), cte),
               onehot_per_position_lda=lda_id(onehot(tr), ctr, onehot(te), cte), kmer3=centroid_id(kmer(tr), ctr, kmer(te), cte))
    if profiles:
        for source, bins in (('cwc', 25), ('signal', 25), ('signal', 50)):
            Ftr, Fte = profile_features(tr, source, bins), profile_features(te, source, bins)
            row[f'profile_{source}{bins}'], row[f'profile_{source}{bins}_lda'] = centroid_id(Ftr, ctr, Fte, cte), lda_id(Ftr, ctr, Fte, cte)
        return row
    for bins in (1, 4, 8, 20):
        Ftr, Fte = wavelet_features(tr, bins), wavelet_features(te, bins)
        row[f'cwc_bins{bins}'] = centroid_id(Ftr, ctr, Fte, cte)
        if bins <= 4: row[f'cwc_bins{bins}_lda'] = lda_id(Ftr, ctr, Fte, cte)
    return row

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--out', type=Path, default=None)
    p.add_argument('--profiles', action='store_true', help="the positional profiles of position_bins instead of the bins of mean and max")
    a = p.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for seed in a.seeds:
            for rule in (True, False):
                rows.append(probe(seed, rule, Path(d), a.profiles)); print(json.dumps(rows[-1]), flush=True)
    if a.out: a.out.write_text(json.dumps(rows, indent=1) + '\n')

"Fixed features on the corpus of tools/cli_motif_check.py (no training): k-mer frequencies and log1p|CWC| of k-mer indicator signals, nearest centroid of 16-sequence means. Run through `tools/encoder_probe.py --fixed [DATA_DIR]`."
import os, sys, csv; os.environ['OMP_NUM_THREADS']='2'
import numpy as np, torch, torch.nn.functional as F
from footprint_nb.cwc import CWC, CWCConfig
from footprint_nb.metrics import nearest_centroid_predict, kmer_frequencies
d = sys.argv[1] if len(sys.argv) > 1 else '/tmp/cli_motif'
def load(p):
    rows = list(csv.DictReader(open(p)))
    return [(r['enhancer_seq'], r['promoter_seq']) for r in rows], np.array([r['cell_line'] for r in rows])
tr, ctr = load(f'{d}/train.csv'); te, cte = load(f'{d}/heldout.csv')
L = len(tr[0][0])
def ksig(seqs, k):
    x = torch.tensor([['ACGT'.index(b) for b in s] for s in seqs])  # (N, L)
    code = sum(x[:, i:L - k + 1 + i] * 4 ** (k - 1 - i) for i in range(k))  # (N, L-k+1)
    f = F.one_hot(code, 4 ** k).float().transpose(1, 2)
    return F.pad(f, (0, k - 1))
def feats(pairs, k, S, pool):
    cwc = CWC(CWCConfig(length=L, n_scales=S, padding='zero'))
    out = []
    for part in (0, 1):
        f = ksig([p[part] for p in pairs], k); f = f - f.mean(-1, keepdim=True)
        ms = []
        for i in range(0, len(f), 128):
            with torch.no_grad(): m = torch.log1p(cwc(f[i:i+128]))
            ms.append(torch.cat([m.mean(-1), m.amax(-1)], 1).flatten(1) if pool == 'meanmax' else m.mean(-1).flatten(1))
        out.append(torch.cat(ms))
    return torch.cat(out, 1).numpy()
def means(x, cc):
    X, y = [], []
    for c in sorted(set(cc)):
        r = x[cc == c]
        for j in range(0, len(r) - 15, 16): X.append(r[j:j+16].mean(0)); y.append(c)
    return np.array(X), np.array(y)
def score(Ftr, Fte):
    mu, sd = Ftr.mean(0), Ftr.std(0) + 1e-8
    Xtr, ytr = means((Ftr - mu) / sd, ctr); Xte, yte = means((Fte - mu) / sd, cte)
    return float((nearest_centroid_predict(Xtr, ytr, Xte) == yte).mean())
for k in (2, 3):
    km = lambda pairs: np.array([np.concatenate([kmer_frequencies(np.array(['ACGT'.index(b) for b in p]), k) for p in pr]) for pr in pairs])
    print(f'{k}-mer freq', score(km(tr), km(te)))
for k in (1, 2, 3):
    for S in (12,):
        for pool in ('meanmax', 'mean'):
            print(f'|CWC| k={k} S={S} {pool}', score(feats(tr, k, S, pool), feats(te, k, S, pool)), flush=True)

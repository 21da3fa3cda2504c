"""Fixed features of the real cell lines (no training): what JASPAR motif scans name, beside 3-mers, with the real-data
study's protocol (`study.real_data_run`: the element-disjoint split of the bundled fragments, nearest centroid of
16-fragment means, 8 training and up to 8 held-out batches per cell line, chance 1/6).

Features of one fragment (enhancer and promoter each, then the batch mean): `kmer3` (the study's baseline);
`jaspar_max` (each of the 879 JASPAR 2024 motifs' best log-odds score over positions and both strands); `jaspar_cwc`
(log1p |CWC| of the top-C motifs' score tracks, mean and max over positions, C chosen by the F statistic of
`jaspar_max` between cell lines on training fragments only).

    python tools/jaspar_probe.py --seeds 0 1 2 [--crop 100] [--top 16]
"""
import argparse, json, tempfile, time
import numpy as np, torch, torch.nn.functional as F
from footprint_nb.study import _study_config, disjoint_batches, kmer_profile
from footprint_nb.records import load_bundled
from footprint_nb.trainer import Pretrainer
from footprint_nb.synthetic import read_jaspar
from footprint_nb.metrics import nearest_centroid_predict
from footprint_nb.cwc import CWC, CWCConfig

def pwm_filters(motifs):
    "(2M, 4, W) log-odds filters (forward and reverse complement), zero-padded to the longest motif."
    W = max(len(m.counts) for m in motifs); out = torch.zeros(2 * len(motifs), 4, W)
    for i, m in enumerate(motifs):
        lo = torch.tensor(np.log2(m.pwm() / 0.25), dtype=torch.float32).T        # (4, w)
        out[2 * i, :, :lo.shape[1]] = lo
        out[2 * i + 1, :, :lo.shape[1]] = lo.flip(0).flip(1)                    # reverse complement: ACGT -> TGCA, reversed
    return out

def scan(codes, filt):  # (N, L) ints -> (N, M, L') best-strand log-odds per position
    x = F.one_hot(torch.as_tensor(np.stack(codes)).long(), 4).float().transpose(1, 2)   # (N, 4, L)
    s = F.conv1d(x, filt)                                                         # (N, 2M, L - W + 1)
    return s.view(s.shape[0], -1, 2, s.shape[-1]).amax(2)

def seqs(ds, b, part, crop):
    out = []
    for i in b['index'].tolist():
        c = (ds.enh if part == 'enh' else ds.prom)[i]
        if crop: m = (len(c) - crop) // 2; c = c[m:m + crop]
        out.append(c)
    return out

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2]); p.add_argument('--crop', type=int, default=100, help='centre crop of each part, as the study model sees it (0: the whole 200 bp)')
    p.add_argument('--top', type=int, nargs='+', default=[16, 64]); p.add_argument('--out', default=None)
    a = p.parse_args()
    motifs = read_jaspar(); filt = pwm_filters(motifs)
    real = load_bundled('fragments'); rows = []
    for seed in a.seeds:
        t0 = time.time()
        tr = Pretrainer(_study_config('probe', (), 'full', a.crop or 200, 300, 16, 8, seed, {}), tempfile.mkdtemp(), progress=False, samples=real)
        tb = disjoint_batches(tr.train_ds, tr.tokenizer, 16, 8, seed + 101); vb = disjoint_batches(tr.valid_ds, tr.tokenizer, 16, 8, seed + 202)
        y = lambda bs: np.array([int(b['cell_id'][0]) for b in bs]); ytr, yte = y(tb), y(vb)
        acc = lambda ft, fv: float((nearest_centroid_predict(ft, ytr, fv) == yte).mean())
        row = dict(seed=seed, crop=a.crop, n_test=len(vb), kmer3=acc(np.stack([kmer_profile(tr.train_ds, b) for b in tb]), np.stack([kmer_profile(tr.valid_ds, b) for b in vb])))
        def tracks(ds, bs):  # per batch: (2K, M, L') scans of enhancers then promoters
            return [torch.cat([scan(seqs(ds, b, part, a.crop), filt) for part in ('enh', 'prom')]) for b in bs]
        with torch.no_grad():
            Ttr, Tte = tracks(tr.train_ds, tb), tracks(tr.valid_ds, vb)
        mx = lambda T: np.stack([t.amax(-1).mean(0).numpy() for t in T])    # (batches, M)
        ft, fv = mx(Ttr), mx(Tte); mu, sd = ft.mean(0), ft.std(0) + 1e-6
        row['jaspar_max'] = acc((ft - mu) / sd, (fv - mu) / sd)
        # per-fragment best scores on the training batches: F statistic between cell lines
        per = np.concatenate([t.amax(-1).numpy() for t in Ttr]); lab = np.repeat(ytr, [len(t) for t in Ttr])
        grand = per.mean(0); cells = np.unique(lab)
        between = sum((lab == c).sum() * (per[lab == c].mean(0) - grand) ** 2 for c in cells) / (len(cells) - 1)
        within = sum(((per[lab == c] - per[lab == c].mean(0)) ** 2).sum(0) for c in cells) / (len(per) - len(cells))
        order = np.argsort(-(between / (within + 1e-9)))
        row['top_motifs'] = [motifs[i].name for i in order[:16]]
        for C in a.top:
            keep = torch.as_tensor(order[:C].copy())
            cwc = CWC(CWCConfig(length=Ttr[0].shape[-1], n_scales=12, padding='zero', learn_wavelet=False))
            def pooled(T):
                out = []
                for t in T:
                    s = t[:, keep]; s = s - s.mean(-1, keepdim=True)
                    with torch.no_grad(): m = torch.log1p(cwc(s))                  # (2K, C, S, L')
                    out.append(torch.cat([m.mean(-1), m.amax(-1)], 1).flatten(1).mean(0).numpy())
                return np.stack(out)
            ft, fv = pooled(Ttr), pooled(Tte); mu, sd = ft.mean(0), ft.std(0) + 1e-6
            row[f'jaspar_cwc_top{C}'] = acc((ft - mu) / sd, (fv - mu) / sd)
            ft, fv = mx(Ttr)[:, order[:C]], mx(Tte)[:, order[:C]]; mu, sd = ft.mean(0), ft.std(0) + 1e-6
            row[f'jaspar_max_top{C}'] = acc((ft - mu) / sd, (fv - mu) / sd)
        row['seconds'] = round(time.time() - t0)
        print(json.dumps(row), flush=True); rows.append(row)
    if a.out: json.dump(rows, open(a.out, 'w'), indent=1)

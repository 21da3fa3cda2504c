"""Issue 14, arrangement-only data: where is the cell line lost, in the detectors or in the readout? Offline, on finished study runs.

For each run of `tools/ground_truth_study.py --data arrangement ... --set model.footprint.signal=motif ...` (its run folder
is the stored row's `run_dir`) this rebuilds the run's data and split, loads its last checkpoint and reads every
training and held-out pair's raw pooled wavelet features h (what the feature discriminant reads), its footprint v and
g_spec. Readouts of the same held-out 16-sequence means (the study's `disjoint_batches`, named against centroids of the
study's training batches), nearest centroid in each space:
- `g_spec` (the model's own: the row's id_g_spec), and its two parts with spec_basis='features': the first n_cells
  coordinates (the discriminant of h) and the learned rest (W_spec v), with their spreads over the held-out means;
- `running_rows` / `exact_rows`: the model's discriminant rows on h as the model standardises it, from its running
  statistics / from exact ones over all training pairs;
- `lda_h`, `lda_h_shrink05`, `lda_v`: a shrinkage LDA (0.1 or 0.5 of the mean variance) fitted on all training pairs;
- `init_detectors_lda_h`: the same LDA of h from the run's architecture with its detectors as initialised.

    python tools/arrangement_readout_probe.py nbs/results/arrangement_motif_pairs_ntest20_600.json --json OUT   (the runs' folders must still exist)
"""
import argparse, copy, json, sys, tempfile
from datetime import datetime, timezone
from pathlib import Path
import numpy as np, torch
from footprint_nb.study import _study_config, disjoint_batches
from footprint_nb.synthetic import make_synthetic, SyntheticConfig
from footprint_nb.trainer import Pretrainer
from footprint_nb.inference import load_run
from footprint_nb.tokens import to_device
from footprint_nb.metrics import nearest_centroid_predict

def features(model, batches): # -> h (n, F) raw pooled features, v (n, d_v), g_spec per batch (nb, d_spec), cell per batch
    enc, seen = model.footprint.encoder, []
    raw = enc.features
    enc.features = lambda M, valid: seen.append(raw(M, valid)) or seen[-1]
    H, V, G, C = [], [], [], []
    try:
        with torch.no_grad():
            for b in batches:
                seen.clear(); o = model(to_device(b, 'cpu')); n = o.v.shape[0]
                h = torch.cat([seen[0][:n], seen[0][n:]], 1) if seen[0].shape[0] == 2 * n else seen[0]   # enhancers beside promoters
                H.append(h.numpy()); V.append(o.v.numpy()); G.append(o.g_spec.numpy().reshape(-1)); C.append(int(b['cell_id'][0]))
    finally: del enc.features
    return H, V, np.stack(G), np.array(C)

def lda(train_x, train_y, shrink=0.1): # -> (d, n_cells) discriminant directions of standardised features, and the standardiser
    mu, sd = train_x.mean(0), train_x.std(0) + 1e-8; A = (train_x - mu) / sd
    cl = np.unique(train_y); M = np.stack([A[train_y == c].mean(0) for c in cl]); R = A - M[np.searchsorted(cl, train_y)]
    Sw = R.T @ R / len(R); Sw += shrink * np.trace(Sw) / len(Sw) * np.eye(len(Sw))
    return np.linalg.solve(Sw, (M - M.mean(0)).T), mu, sd

def readouts(model, tb, vb, all_train): # -> {readout: cell ID of the held-out means}
    Ht, Vt, Gt, Ct = features(model, tb); Hv, Vv, Gv, Cv = features(model, vb)
    Ha, Va, _, Ca = features(model, all_train)
    ya = np.concatenate([[c] * len(h) for h, c in zip(Ha, Ca)])
    out = dict(g_spec=float((nearest_centroid_predict(Gt, Ct, Gv) == Cv).mean()))
    n = model.footprint.subspaces.n_cells   # with spec_basis='features' the first n_cells coordinates are the discriminant's, the rest W_spec's
    if Gt.shape[1] > n:
        out['g_spec_discriminant_part'] = float((nearest_centroid_predict(Gt[:, :n], Ct, Gv[:, :n]) == Cv).mean())
        out['g_spec_learned_part'] = float((nearest_centroid_predict(Gt[:, n:], Ct, Gv[:, n:]) == Cv).mean())
        out['g_spec_sd_discriminant_learned'] = [float(Gv[:, :n].std(0).mean()), float(Gv[:, n:].std(0).mean())]
    for name, tr_all, t_b, v_b, shrink in (('lda_h', Ha, Ht, Hv, 0.1), ('lda_h_shrink05', Ha, Ht, Hv, 0.5), ('lda_v', Va, Vt, Vv, 0.1)):
        W, mu, sd = lda(np.concatenate(tr_all), ya, shrink)
        mean = lambda xs: np.stack([(((x - mu) / sd) @ W).mean(0) for x in xs])
        out[name] = float((nearest_centroid_predict(mean(t_b), Ct, mean(v_b)) == Cv).mean())
    fd, enc = model.footprint.feature_discriminant, model.footprint.encoder
    if fd is not None:   # the model's discriminant rows on h standardised as the model does: its running statistics, and exact ones
        scale, mu = enc.scale().repeat(2), enc.feature_mean.repeat(2)
        def ident(R):
            sc = lambda xs: np.stack([((torch.from_numpy(x) - mu) / scale @ R.T).mean(0).numpy() for x in xs])
            return float((nearest_centroid_predict(sc(Ht), Ct, sc(Hv)) == Cv).mean())
        out['running_rows'] = ident(fd.solve_rows(scale))
        exact = copy.deepcopy(fd)
        with torch.no_grad():
            for c in range(fd.n_cells): exact.cell_mean[c] = torch.from_numpy(np.concatenate([h for h, cc in zip(Ha, Ca) if cc == c]).mean(0))
            exact.scatter.copy_(torch.from_numpy(np.mean([(h - h.mean(0)).T @ (h - h.mean(0)) / (len(h) - 1) for h in Ha], 0)))
        out['exact_rows'] = ident(exact.solve_rows(scale))
    return out

def probe(row, meta):
    seed, over = row['seed'], dict(meta['overrides'])
    n_test = row['n_id'] // 3
    cfg = _study_config('probe', (), 'full', 80, row['steps'], 16, n_test, seed, over, **{'data.valid_fraction': 0.25})
    data = make_synthetic(SyntheticConfig(n_per_cell=1500, enh_len=80, prom_len=80, cell_rule=False, mode='arrangement', seed=seed))
    tr = Pretrainer(cfg, Path(tempfile.mkdtemp())/'probe', progress=False, samples=data.samples)
    tb = disjoint_batches(tr.train_ds, tr.tokenizer, 16, n_test, seed + 101)
    vb = disjoint_batches(tr.valid_ds, tr.tokenizer, 16, n_test, seed + 202)
    all_train = disjoint_batches(tr.train_ds, tr.tokenizer, 16, 10**6, seed + 303)
    _, trained, _ = load_run(row['run_dir'], which='last')
    out = dict(seed=seed, n_id=len(vb), id_g_spec_row=row['id_g_spec'], id_kmer=row['id_kmer'])
    out.update({f'trained_{k}': v for k, v in readouts(trained, tb, vb, all_train).items()})
    init = tr.model.eval()                       # the same architecture at its initialisation (seeded by train.seed)
    init.footprint.encoder.load_state_dict(trained.footprint.encoder.state_dict())   # the trained standardiser; h is raw anyway
    out.update({f'init_detectors_{k}': v for k, v in readouts(init, tb, vb, all_train).items() if k == 'lda_h'})
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('results'); ap.add_argument('--json')
    a = ap.parse_args()
    d = json.load(open(a.results)); torch.set_num_threads(2)
    rows = [probe(r, d['meta']) for r in sorted(d['rows'], key=lambda r: r['seed'])]
    for r in rows: print(json.dumps(r), flush=True)
    if a.json: json.dump(dict(meta=dict(command='python tools/arrangement_readout_probe.py ' + ' '.join(sys.argv[1:]), source=a.results, date=datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')), rows=rows), open(a.json, 'w'), indent=1)

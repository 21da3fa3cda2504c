"""What L_cell's objective gets out of fixed features, offline: a stripped-down footprint map trained by the cross entropy
of an MLP on 16-sample means, on the pooled wavelet features that a run of tools/cli_motif_check.py computes.

For each run (its last checkpoint gives the standardised pooled features of every training and held-out pair, as
tools/pooled_features_probe.py) and each training seed: one linear map per segment (384 -> 16, shared by enhancer and
promoter, as `PooledEncoder`), a unit-row W_spec (32 -> 4) and MLP_cell (4 -> 16 -> 4), AdamW at a constant 2e-3 (the
tiny preset's peak), every step one batch of 16 training pairs per cell line. Objectives: 'mean' (the defaults':
the cross entropy of MLP_cell(g_spec), one example per cell batch), 'resampled' (also 16 means of 16 pairs drawn
with replacement from the batch, `model.cell_target='resampled'`), 'mean+samples' (also every pair's own z_spec,
as `cell_target='samples'` adds to the mean) and 'stream_lda' (nothing trained: a shrinkage LDA of the features from the
statistics the same stream of cell batches shows, running cell means and within-batch scatter averaged as the encoder's
running statistics are, cumulative and then with weight 0.01; z_spec is its n_cells centred discriminant scores) and
'stream_lda_exact' (the same statistics, scores whose Euclidean distances are the discriminant's Mahalanobis distances,
as `FeatureDiscriminant` builds them for `model.footprint.spec_basis='features'`). Read out as the check does: nearest centroid of
the 128 held-out 16-means of z_spec, centroids from the training pairs (chance 0.25). Beside them, per run, the
shrinkage LDA of the features (`lda_id`) and how much further apart its cell means are on its own training pairs. Nothing here trains the MLM or
the backbone: what it isolates is how much the objective and the training seed decide, on features that do not move.

    python tools/cell_objective_probe.py DIR --runs default-s0 default-s1 --seeds 0 1 2 3 4 5 --json nbs/results/cell_objective_probe.json
    python tools/cell_objective_probe.py DIR --runs default-s0 ... default-s5 --seeds 0 ... 23 --objectives mean mean+samples --steps 300 --json nbs/results/cell_objective_samples.json
    python tools/cell_objective_probe.py DIR --runs default-s0 --seeds 0 ... 23 --objectives stream_lda --steps 300 --json nbs/results/cell_objective_stream_lda.json
    python tools/cell_objective_probe.py DIR --runs default-s0 --seeds 0 ... 23 --objectives stream_lda stream_lda_exact --steps 300 --json nbs/results/cell_objective_stream_lda_exact.json
"""
import argparse, json, sys, time
from pathlib import Path
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
sys.path.insert(0, str(Path(__file__).parent))
from cli_motif_check import cell_id, lda_id, lda_weights, between_var, CELLS
from pooled_features_probe import pooled_and_v
from footprint_nb.data import read_pair_table
from footprint_nb.inference import load_run

def features(out:Path, run:str):
    "Standardised pooled features (n, 2 x 384) of the training and of all held-out pairs, and their cell lines."
    _, model, tok = load_run(out/'runs'/run, which='last')
    tr = read_pair_table(out/'train.csv'); te = read_pair_table(out/'heldout.csv') + read_pair_table(out/'heldout_more.csv')
    (Htr, _), (Hte, _) = pooled_and_v(model, tok, tr), pooled_and_v(model, tok, te)
    ctr, cte = np.array([s.cell_line for s in tr]), np.array([s.cell_line for s in te])
    order = np.argsort([CELLS.index(c) for c in cte], kind='stable')
    return Htr, ctr, Hte[order], cte[order]

def stream_lda(X, rows, g, steps:int, K:int, momentum:float=0.01, shrink:float=0.5, exact:bool=False):
    "A shrinkage LDA from the running statistics of `steps` rounds of one K-pair batch per cell line: (d, n_cells) weights (exact: scores whose distances are the discriminant's)."
    d = X.shape[1]; mu, S = X.new_zeros(len(rows), d), X.new_zeros(d, d)
    for t in range(1, steps + 1):
        w = max(1 / t, momentum)  # cumulative average first, exponential after (as PooledEncoder.update_statistics)
        scatter = X.new_zeros(d, d)
        for c, idx in enumerate(rows):
            x = X[idx[torch.randperm(len(idx), generator=g)[:K]]]; m = x.mean(0)  # (K, d), (d,)
            mu[c].lerp_(m, w); scatter += (x - m).T @ (x - m) / (K - 1) / len(rows)
        S.lerp_(scatter, w)
    S = (1 - shrink) * S + shrink * S.trace() / d * torch.eye(d, dtype=X.dtype)  # shrunk towards the mean variance, as lda_weights
    B = torch.linalg.solve(S, (mu - mu.mean(0)).T)  # (d, n_cells)
    if not exact: return B
    e, U = torch.linalg.eigh((mu - mu.mean(0)) @ B)  # G = M S^-1 M^T, rank n_cells - 1
    return B @ ((U * torch.where(e > e.max() * 1e-5, e.clamp_min(1e-30).rsqrt(), torch.zeros_like(e))) @ U.T)  # B G^(+1/2): Euclidean distances = Mahalanobis

def fit(Htr, ctr, objective:str, seed:int, steps:int=300, K:int=16, resamples:int=16, lr:float=2e-3, d_seg:int=16, d_spec:int=4):
    "Train the map on the training features; returns a function features -> z_spec."
    torch.manual_seed(seed); g = torch.Generator().manual_seed(seed)
    X, y, half = torch.tensor(Htr), torch.tensor([CELLS.index(c) for c in ctr]), Htr.shape[1] // 2
    if objective in ('stream_lda', 'stream_lda_exact'):
        W = stream_lda(X, [torch.nonzero(y == c).flatten() for c in range(len(CELLS))], g, steps, K, exact=objective == 'stream_lda_exact')
        return lambda H: (torch.tensor(H) @ W).numpy()
    proj, W = nn.Linear(half, d_seg), nn.Parameter(torch.randn(d_spec, 2 * d_seg))
    head = nn.Sequential(nn.Linear(d_spec, 4 * d_spec), nn.GELU(), nn.Linear(4 * d_spec, len(CELLS)))
    z_of = lambda x: torch.cat([proj(x[:, :half]), proj(x[:, half:])], 1) @ (W / W.norm(dim=1, keepdim=True)).T  # (n, d_spec)
    opt = torch.optim.AdamW([*proj.parameters(), W, *head.parameters()], lr=lr, weight_decay=0.01)
    rows = [torch.nonzero(y == c).flatten() for c in range(len(CELLS))]
    for _ in range(steps):
        loss = 0.
        for c, idx in enumerate(rows):
            z = z_of(X[idx[torch.randperm(len(idx), generator=g)[:K]]])  # (K, d_spec) one cell batch
            means = z.mean(0, keepdim=True)
            if objective == 'resampled': means = torch.cat([means, z[torch.randint(K, (resamples, K), generator=g)].mean(1)])
            if objective == 'mean+samples': means = torch.cat([means, z])  # (1 + K, d_spec): no random draw, so the other objectives' draws are unchanged
            loss = loss + F.cross_entropy(head(means), torch.full((len(means),), c))
        opt.zero_grad(); (loss / len(rows)).backward(); opt.step()
    return lambda H: z_of(torch.tensor(H)).detach().numpy()

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('out', type=Path, help='the --out folder of tools/cli_motif_check.py (run with --more-held)')
    p.add_argument('--runs', nargs='+', required=True); p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2, 3, 4, 5])
    p.add_argument('--objectives', nargs='+', default=['mean', 'resampled']); p.add_argument('--steps', type=int, nargs='+', default=[300, 1200])
    p.add_argument('--json', type=Path, default=None)
    a = p.parse_args()
    torch.set_num_threads(1); rows, t0 = [], time.time()
    for run in a.runs:
        Htr, ctr, Hte, cte = features(a.out, run)
        # a fitted readout that generalises still separates its own training pairs better: the shrinkage LDA of the features
        W, _ = lda_weights(Htr, ctr); L = W - W.mean(1, keepdims=True)  # (2CS, n_cells) lda_id's readout, less the part common to every cell line
        rows.append(dict(run=run, objective='lda_features', lda_h=lda_id(Htr, ctr, Hte, cte), between_ratio_lda_h=between_var(Htr @ L, ctr) / between_var(Hte @ L, cte),
                         between_ratio_h=between_var(Htr, ctr) / between_var(Hte, cte)))
        print(json.dumps(rows[-1]), flush=True)
        for objective in a.objectives:
            for steps in a.steps:
                ids = []
                for seed in a.seeds:
                    z = fit(Htr, ctr, objective, seed, steps); ids.append(cell_id(z(Htr), ctr, z(Hte), cte))
                rows.append(dict(run=run, objective=objective, steps=steps, seeds=a.seeds, id_z_spec_all_held=ids))
                print(json.dumps(rows[-1]), flush=True)
    if a.json:
        meta = dict(command='python ' + ' '.join(sys.argv), date=time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()), seconds=round(time.time() - t0),
                    torch=torch.__version__, fields='id_z_spec_all_held: nearest-centroid cell ID of the 128 held-out 16-means, one per training seed; chance 0.25; lda_features rows: lda_h as tools/pooled_features_probe.py, between_ratio_*: variance of the cell means on the training pairs over that on the held-out pairs, of the LDA scores and of the features themselves')
        a.json.write_text(json.dumps(dict(meta=meta, rows=rows), indent=1) + '\n')

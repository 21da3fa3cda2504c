"""Issue 14, g_com in synthetic seed 0: does the cell signal left in g_com shrink with the number of samples behind the
cell means that `cell_directions='remove'` projects out? On a finished study run (working design, 600 steps, K = 16):
v of 70 unmasked training batches and 23 held-out batches per cell line from the final model; for N in 64 ... 960, 20
draws of N training samples per cell line for the means (disjoint from 8 centroid batches), then g_com cell ID of the
16-sample held-out means by nearest centroid.

    python tools/cell_means_noise.py SEED RUN_DIR     # a few minutes on one thread
"""
import sys, tempfile, numpy as np, torch
torch.set_num_threads(1)
from footprint_nb.study import _study_config, disjoint_batches
from footprint_nb.data import make_synthetic, SyntheticConfig
from footprint_nb.trainer import Pretrainer
from footprint_nb.analysis import collect
from footprint_nb.metrics import nearest_centroid_predict
from footprint_nb.checkpoint import load_checkpoint
seed, run_dir = int(sys.argv[1]), sys.argv[2]
cfg = _study_config('x', (), 'full', 80, 600, 16, 8, seed, {}, **{'data.valid_fraction': 0.25})
data = make_synthetic(SyntheticConfig(n_per_cell=1500, enh_len=80, prom_len=80, cell_rule=True, mode='rates', seed=seed))
tr = Pretrainer(cfg, tempfile.mkdtemp() + '/r', progress=False, samples=data.samples)
tr.model.load_state_dict(load_checkpoint(run_dir + '/checkpoints/ckpt-00000600.pt', map_location='cpu')['model']); tr.model.eval()
K = 16
ctr = collect(tr.model, disjoint_batches(tr.train_ds, tr.tokenizer, K, 70, seed + 1), tr.cell_lines)
cva = collect(tr.model, disjoint_batches(tr.valid_ds, tr.tokenizer, K, 23, seed + 2), tr.cell_lines)
cells = list(tr.cell_lines); Wc = tr.model.footprint.subspaces.W_com.detach().numpy()
vt, lt, vv, lv = ctr['v'], ctr['cell'], cva['v'], cva['cell']
print('D_v', vt.shape[1], 'train per cell', [(lt == c).sum() for c in cells], flush=True)
rng = np.random.default_rng(0)
def means16(v, lab, Q, idx):
    out, y = [], []
    for c in cells:
        ii = idx[c]
        for b in range(len(ii) // K):
            x = v[ii[b*K:(b+1)*K]]; x = x - (x @ Q) @ Q.T; out.append((x @ Wc.T).mean(0)); y.append(c)
    return np.array(out), np.array(y)
for N in (64, 128, 256, 512, 960):
    accs = []
    for rep in range(20):
        idx_q, idx_c = {}, {}
        for c in cells:
            p = rng.permutation(np.flatnonzero(lt == c)); idx_c[c] = p[:128]; idx_q[c] = p[128:128 + N]
        M = np.stack([vt[idx_q[c]].mean(0) for c in cells]); _, s, vh = np.linalg.svd(M - M.mean(0), full_matrices=False); Q = vh[:len(cells) - 1].T
        gtr, ytr = means16(vt, lt, Q, idx_c)
        gte, yte = means16(vv, lv, Q, {c: np.flatnonzero(lv == c) for c in cells})
        accs.append((nearest_centroid_predict(gtr, ytr, gte) == yte).mean())
    print(f'N = {N:4d} samples per cell for the means: g_com cell ID {np.mean(accs):.3f} +- {np.std(accs):.3f} (20 draws; 8 centroid batches, {len(yte)} held-out means)', flush=True)

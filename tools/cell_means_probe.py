"""Issue 14, g_com in synthetic seed 0: are the running cell means of v the trouble? On a finished study run (a folder of
`ground_truth_run` with the working design, 600 steps, K = 16), recompute the cell means that `cell_directions='remove'`
projects out from N_CAL unmasked training batches per cell line of the final model, and score g_com and g_spec again:
the study's protocol (8 centroid batches per cell line, 24 held-out means) and a larger one (60 centroid batches, 67
held-out means), before and after.

    python tools/cell_means_probe.py SEED RUN_DIR N_CAL     # e.g. 0 /tmp/.../working-s0 32; about a minute on one thread
"""
import sys, tempfile, numpy as np, torch
torch.set_num_threads(1)
from footprint_nb.study import _study_config, disjoint_batches, _cell_id
from footprint_nb.data import make_synthetic, SyntheticConfig
from footprint_nb.trainer import Pretrainer
from footprint_nb.analysis import collect
from footprint_nb.metrics import nearest_centroid_predict
from footprint_nb.checkpoint import load_checkpoint
seed, run_dir, n_cal = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
cfg = _study_config('x', (), 'full', 80, 600, 16, 8, seed, {}, **{'data.valid_fraction': 0.25})
data = make_synthetic(SyntheticConfig(n_per_cell=1500, enh_len=80, prom_len=80, cell_rule=True, mode='rates', seed=seed))
tr = Pretrainer(cfg, tempfile.mkdtemp() + '/r', progress=False, samples=data.samples)
tr.model.load_state_dict(load_checkpoint(run_dir + '/checkpoints/ckpt-00000600.pt', map_location='cpu')['model']); tr.model.eval()
before, _ = _cell_id(tr, 16, 8, seed)
sub = tr.model.footprint.subspaces
cal = disjoint_batches(tr.train_ds, tr.tokenizer, 16, n_cal, seed + 999)
c = collect(tr.model, cal, tr.cell_lines)
with torch.no_grad():
    for i, n in enumerate(tr.cell_lines): sub.cell_mean[i] = torch.as_tensor(c['v'][c['cell'] == n].mean(0))
after, _ = _cell_id(tr, 16, 8, seed)
vb2 = disjoint_batches(tr.valid_ds, tr.tokenizer, 16, 23, seed + 404); cb = disjoint_batches(tr.train_ds, tr.tokenizer, 16, 60, seed + 303)
cv2, cb = collect(tr.model, vb2, tr.cell_lines), collect(tr.model, cb, tr.cell_lines)
big = {s: float((nearest_centroid_predict(cb[f'g_{s}'], cb['batch_cell'], cv2[f'g_{s}']) == cv2['batch_cell']).mean()) for s in ('com', 'spec')}
print(f"seed {seed} n_cal {n_cal}: study protocol g_com {before['id_g_com']:.3f} -> {after['id_g_com']:.3f}, g_spec {before['id_g_spec']:.3f} -> {after['id_g_spec']:.3f}; "
      f"large protocol (60 centroid / 67 test means) g_com {big['com']:.3f} g_spec {big['spec']:.3f}", flush=True)

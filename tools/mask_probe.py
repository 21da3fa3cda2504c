"""How much the MLM mask changes the footprint a trained run learns from (tutorial 10, section 4e).

For a run of `tools/cli_motif_check.py` (its folder holds train.csv and heldout.csv two levels up, and the run's
train.npz / heldout.npz from `footprint-embed`, i.e. unmasked footprints): the footprints of the training pairs are
recomputed under a fresh MLM mask (the run's `MaskConfig`), then

- `spread_v` / `spread_z_spec`: the between-cell spread over the within-cell spread (sum of squared centred cell
  means over the mean within-cell variance), unmasked and masked;
- `lda_v_fit_*` / `lda_z_spec_fit_*`: a shrinkage LDA fitted on the unmasked or on the masked training footprints,
  read on the unmasked held-out 16-sequence means (what `footprint-embed` gives a user).

    python tools/mask_probe.py /tmp/cli_motif/runs/default-s0 /tmp/cli_motif/runs/default-s1

With `model.footprint_view='unmasked'` the model ignores the mask for these fields, so both columns agree.
"""
import json, sys
from pathlib import Path
import numpy as np, torch
sys.path.insert(0, str(Path(__file__).parent))
from cli_motif_check import lda_id, CELLS
from footprint_nb.inference import load_run
from footprint_nb.tokens import EPDataset, EPCollator
from footprint_nb.records import read_pair_table

@torch.no_grad()
def masked_footprints(model, tok, samples, mask_cfg, seed:int=1, K:int=16) -> dict:
    "v and z_spec of every sample, one cell line per batch of K, under a fresh MLM mask."
    ds = EPDataset(samples, tok, cell_lines=sorted({s.cell_line for s in samples}))
    collate, out = EPCollator(tok, mask_cfg, seed=seed), {}
    for ci in range(len(ds.cell_lines)):
        idx = np.flatnonzero(ds.cell_ids == ci)
        for j in range(0, len(idx), K):
            o = model(collate([ds[int(i)] for i in idx[j:j + K]]))
            for key in ('v', 'z_spec'):
                x = getattr(o, key).float().numpy(); out.setdefault(key, np.zeros((len(samples), x.shape[1]), np.float32))[idx[j:j + K]] = x
    return out

def spread(x, cells) -> float:
    "Between-cell over within-cell spread: mean squared norm of the centred cell means over the mean within-cell variance."
    mu = np.stack([x[cells == c].mean(0) for c in CELLS]); mu -= mu.mean(0)
    return float((mu ** 2).sum(1).mean() / np.mean([x[cells == c].var(0).sum() for c in CELLS]))

def probe(run_dir) -> dict:
    rd = Path(run_dir); data = rd.parent.parent
    cfg, model, tok = load_run(rd)
    tr, te = np.load(rd/'train.npz'), np.load(rd/'heldout.npz')
    masked = masked_footprints(model, tok, read_pair_table(data/'train.csv'), cfg.mask)
    row = dict(run=rd.name)
    for key in ('v', 'z_spec'):
        row[f'spread_{key}'] = [round(spread(tr[key], tr['cell_line']), 3), round(spread(masked[key], tr['cell_line']), 3)]
        row[f'lda_{key}_fit_unmasked'] = lda_id(tr[key], tr['cell_line'], te[key], te['cell_line'])
        row[f'lda_{key}_fit_masked'] = lda_id(masked[key], tr['cell_line'], te[key], te['cell_line'])
    return row

if __name__ == '__main__':
    if len(sys.argv) < 2: sys.exit(__doc__)
    torch.set_num_threads(1)
    for rd in sys.argv[1:]: print(json.dumps(probe(rd)), flush=True)

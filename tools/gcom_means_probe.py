"""Where does the cell leak into g_com on the CLI corpus? Offline, on the runs of `tools/cli_motif_check.py --more-held N`.

The working design removes from v, before W_com, the between-cell directions of the running means of v (one EMA per cell
line, updated by each training micro-batch). For every run this recomputes z_com = W_com (v - Q Q^T v) from the stored
footprints v (train.npz, heldout.npz, heldout_more.npz, written by `footprint-embed`) with Q from
  - the model's running means (must give the stored z_com back: the check that the recomputation is the model's),
  - the exact means of the unmasked footprints of all training pairs,
  - the means of n random training pairs per cell line (5 draws each): the leak against the noise of the means,
and names the cell from 16-sequence means of every held-out pair (nearest centroid, centroids from the training pairs).
With exact means the training centroids coincide, so that readout is a coin; the held-out split-half readout does not
have this blind spot: centroids from one half of each cell line's held-out pairs name the 16-sequence means of the
other half, and back (`cv_*` fields), with the directions from n random training pairs per cell line, from all of them,
and from the held-out means themselves (the oracle: the leak if the directions were known exactly).

    python tools/gcom_means_probe.py /tmp/cli_motif --runs default-s0 default-s1 --json nbs/results/gcom_means_probe.json
"""
import argparse, json, sys
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).parent))
from cli_motif_check import cell_id, CELLS
from footprint_nb.inference import load_run

def basis(means): # (n_cells, D_v) -> (D_v, r) orthonormal basis of the centred means, as Subspaces.cell_basis
    _, s, vh = np.linalg.svd(means - means.mean(0), full_matrices=False)
    return vh[s > s.max() * 1e-5].T

def probe(rd:Path, sizes=(40, 160), draws:int=5, seed:int=0) -> dict:
    _, model, _ = load_run(rd, which='last')
    sub = model.footprint.subspaces
    W, Q_model = sub.W_com.detach().numpy(), sub.cell_basis().detach().numpy()
    tr, te, tm = (np.load(rd/f'{p}.npz') for p in ('train', 'heldout', 'heldout_more'))
    v_te, c_te = np.concatenate([te['v'], tm['v']]), np.concatenate([te['cell_line'], tm['cell_line']])
    order = np.argsort([CELLS.index(c) for c in c_te], kind='stable'); v_te, c_te = v_te[order], c_te[order]
    zcom = lambda v, Q: (v - (v @ Q) @ Q.T) @ W.T
    ident = lambda Q: cell_id(zcom(tr['v'], Q), tr['cell_line'], zcom(v_te, Q), c_te)
    Q_exact = basis(np.stack([tr['v'][tr['cell_line'] == c].mean(0) for c in CELLS]))
    row = dict(run=rd.name, recompute_error=float(np.abs(zcom(tr['v'], Q_model) - tr['z_com']).max()),
               subspace_cosines=np.linalg.svd(Q_model.T @ Q_exact, compute_uv=False).round(4).tolist(),
               id_g_com_running_means=ident(Q_model), id_g_com_exact_means=ident(Q_exact), n_held_means=len(c_te) // 16)
    rng = np.random.default_rng(seed)
    for n in sizes:
        accs = [ident(basis(np.stack([tr['v'][tr['cell_line'] == c][rng.choice((tr['cell_line'] == c).sum(), n, replace=False)].mean(0)
                                      for c in CELLS]))) for _ in range(draws)]
        row[f'id_g_com_means_of_{n}'] = float(np.mean(accs))
    half = np.zeros(len(c_te), bool)  # the first half of each cell line's held-out pairs
    for c in CELLS: half[np.where(c_te == c)[0][:(c_te == c).sum() // 2]] = True
    split = lambda z: (cell_id(z[half], c_te[half], z[~half], c_te[~half]) + cell_id(z[~half], c_te[~half], z[half], c_te[half])) / 2
    n_all = min(int((tr['cell_line'] == c).sum()) for c in CELLS)
    for n in (*sizes, n_all // 2):
        row[f'cv_g_com_means_of_{n}'] = float(np.mean([split(zcom(v_te, basis(np.stack([tr['v'][tr['cell_line'] == c][rng.choice(
            (tr['cell_line'] == c).sum(), n, replace=False)].mean(0) for c in CELLS])))) for _ in range(draws)]))
    row.update(cv_g_com_running_means=split(zcom(v_te, Q_model)), cv_g_com_exact_means=split(zcom(v_te, Q_exact)),
               cv_g_com_held_out_means=split(zcom(v_te, basis(np.stack([v_te[c_te == c].mean(0) for c in CELLS])))),
               cv_g_com_no_removal=split(v_te @ W.T), cv_v=split(v_te), n_train_per_cell=n_all, D_v=int(v_te.shape[1]))
    return row

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('out', type=Path, help='the --out folder of tools/cli_motif_check.py (run with --more-held)')
    p.add_argument('--runs', nargs='+', required=True); p.add_argument('--json', type=Path, default=None)
    a = p.parse_args()
    rows = []
    for r in a.runs:
        rows.append(probe(a.out/'runs'/r)); print(json.dumps(rows[-1]), flush=True)
    if a.json: a.json.write_text(json.dumps(dict(meta=dict(command=' '.join(sys.argv)), rows=rows), indent=1) + '\n')

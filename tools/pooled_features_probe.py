"""How much of the cell line is in the CLI corpus's pooled wavelet features, before the encoder's learned map? Offline,
on the runs of `tools/cli_motif_check.py --more-held N`.

The default footprint (`encoder='pooled'`) is one linear map of the standardised (channel, scale) means and maxima of
log1p|CWC| of each segment: h (2 x 2CS numbers per pair) -> v (d_v). With the base-pair signal and the fixed wavelet, h
does not learn; only the map does. This recomputes h and v of every training and held-out pair with each run's last
checkpoint (v must equal the stored v) and names the cell of the 16-sequence held-out means from both, by nearest
centroid (the claim's readout) and by a shrinkage LDA fitted on the training pairs (what a linear readout finds).

    python tools/pooled_features_probe.py /tmp/cli_motif --runs default-s0 default-s1 --json nbs/results/pooled_features_probe.json
"""
import argparse, json, sys
from pathlib import Path
import numpy as np, torch
sys.path.insert(0, str(Path(__file__).parent))
from cli_motif_check import cell_id, lda_id, CELLS
from footprint_nb.data import read_pair_table
from footprint_nb.inference import load_run
from footprint_nb.tokens import EPDataset, EPCollator, to_device

def pooled_and_v(model, tok, samples, K:int=16): # -> (h of shape (n, 2 * 2CS), v of shape (n, d_v)), eval mode
    "The standardised pooled features of both segments and v, batch by batch (K samples of one cell line, as `footprints`)."
    ds, collate, enc = EPDataset(samples, tok, cell_lines=CELLS), EPCollator(tok, None), model.footprint.encoder
    seen, features = [], enc.features
    enc.features = lambda M, valid: seen.append(features(M, valid)) or seen[-1]
    H = np.zeros((len(samples), 2 * enc.proj.in_features), np.float32); V = np.zeros((len(samples), model.footprint.cfg.d_v), np.float32)
    cells = np.array([s.cell_line for s in samples]); model.eval()
    try:
        with torch.no_grad():
            for c in CELLS:
                idx = np.flatnonzero(cells == c)
                for i in range(0, len(idx), K):
                    ch = idx[i:i + K].tolist(); seen.clear()
                    o = model(to_device(collate([ds[j] for j in ch]), 'cpu'))
                    h = enc.standardise(seen[0]).numpy(); B = len(ch)  # (2B, 2CS) segment-major: enhancers, then promoters
                    H[ch], V[ch] = np.concatenate([h[:B], h[B:]], 1), o.v.numpy()
    finally: del enc.features
    return H, V

def probe(out:Path, run:str) -> dict:
    rd = out/'runs'/run
    _, model, tok = load_run(rd, which='last')
    tr = read_pair_table(out/'train.csv'); te = read_pair_table(out/'heldout.csv') + read_pair_table(out/'heldout_more.csv')
    (Htr, Vtr), (Hte, Vte) = pooled_and_v(model, tok, tr), pooled_and_v(model, tok, te)
    ctr, cte = np.array([s.cell_line for s in tr]), np.array([s.cell_line for s in te])
    order = np.argsort([CELLS.index(c) for c in cte], kind='stable'); Hte, Vte, cte = Hte[order], Vte[order], cte[order]
    stored = np.load(rd/'train.npz')
    return dict(run=run, v_error_vs_stored=float(np.abs(Vtr - stored['v']).max()), dims_h=int(Htr.shape[1]), dims_v=int(Vtr.shape[1]),
                n_held_means=len(cte) // 16, id_h=cell_id(Htr, ctr, Hte, cte), lda_h=lda_id(Htr, ctr, Hte, cte),
                id_v=cell_id(Vtr, ctr, Vte, cte), lda_v=lda_id(Vtr, ctr, Vte, cte))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('out', type=Path, help='the --out folder of tools/cli_motif_check.py (run with --more-held)')
    p.add_argument('--runs', nargs='+', required=True); p.add_argument('--json', type=Path, default=None)
    a = p.parse_args()
    torch.set_num_threads(1)
    rows = []
    for r in a.runs:
        rows.append(probe(a.out, r)); print(json.dumps(rows[-1]), flush=True)
    if a.json: a.json.write_text(json.dumps(dict(meta=dict(command=' '.join(sys.argv)), rows=rows), indent=1) + '\n')

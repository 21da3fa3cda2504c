"""Does the trainer's validation cell ID depend on whether a cell line's validation batches share samples?

For each trained run: the same model (its last checkpoint) and the same held-out split, the trainer's own `evaluate`
(`cell_acc_spec` / `cell_acc_com`, the cell ID of K-sample means that `footprint-pretrain` prints in its closing table)
under three protocols, with `--draws` draws of the batches each: 'before' (held-out batches drawn on their own, so a cell
line's batches share samples, each mean named by the others: `train.eval_disjoint=false`, `train.eval_cell_id=loo`),
'disjoint-loo' (no shared sample, still leave-one-out) and 'now' (no shared sample, named against centroids of
training batch means: the defaults). Prints one JSON row per run and protocol (mean, min, max over the draws).

    python tools/valid_overlap_check.py RUN_DIR [RUN_DIR ...] --draws 20
"""
import argparse, json, tempfile
import numpy as np
from footprint_nb.inference import load_run
from footprint_nb.tokens import fixed_batches
from footprint_nb.trainer import Pretrainer

def check(run_dir, draws:int) -> list:
    cfg, model, _ = load_run(run_dir, which='last')
    tr = Pretrainer(cfg, tempfile.mkdtemp(), progress=False)   # the run's split, rebuilt from its config
    tr.model.load_state_dict(model.state_dict())
    t, rows = cfg.train, []
    for name, disjoint, cell_id in (('before', False, 'loo'), ('disjoint-loo', True, 'loo'), ('now', True, 'train')):
        res = {'cell_acc_spec': [], 'cell_acc_com': [], 'batches': []}
        for d in range(draws):
            tr._valid_batches = fixed_batches(tr.valid_ds, tr.tokenizer, cfg.mask, t.batch_size, t.eval_batches, t.seed + d, disjoint)
            tr._centroid_batches = fixed_batches(tr.train_ds, tr.tokenizer, cfg.mask, t.batch_size, t.eval_batches, t.seed + d + 1) if cell_id == 'train' else []
            ev = tr.evaluate()
            res['cell_acc_spec'].append(ev['cell_acc_spec']); res['cell_acc_com'].append(ev['cell_acc_com'])
            res['batches'].append(len(tr._valid_batches))
        rows.append(dict(run=str(run_dir), protocol=name, draws=draws, chance=ev['chance'], batches=int(np.median(res['batches'])),
                         **{f'{k}_{s}': round(float(f(res[k])), 3) for k in ('cell_acc_spec', 'cell_acc_com') for s, f in (('mean', np.mean), ('min', np.min), ('max', np.max))}))
    return rows

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('runs', nargs='+'); p.add_argument('--draws', type=int, default=20)
    a = p.parse_args()
    for r in a.runs:
        for row in check(r, a.draws): print(json.dumps(row), flush=True)

"""The planted rule bases of stored study runs, read again with the cell line's context (tutorial 10, section 7d).

Rows that `ground_truth_run` stored before `rule_base_accuracy` scored the rule bases only with the context of the
masked test batch itself (`rule_full`, ...). For every row of a results file whose run folder still exists, this
rebuilds the run's synthetic data and its split from the row (seed, mode, rule, motifs per cell line; length from the
run's config), loads the run's last checkpoint, checks that `rule_full` / `rule_common` / `rule_none` come out as
stored (so the data and the test batches are the same), and adds `rule_cell_full` / `rule_cell_common`: the same
masked rule bases read with u and g_com of another held-out batch of the same cell line, unmasked.

    python tools/rule_context_probe.py nbs/results/gate_2400.json            # adds the fields in place
    python tools/rule_context_probe.py IN.json --out OUT.json
"""
import argparse, json
from pathlib import Path
import torch
from footprint_nb.data import make_synthetic, SyntheticConfig
from footprint_nb.inference import load_run
from footprint_nb.trainer import Pretrainer
from footprint_nb.study import disjoint_batches, rule_base_accuracy

def remeasure(row:dict, n_per_cell:int=1500, n_test:int=8) -> dict:
    "The row's rule-base accuracies, recomputed from its run folder; raises if the stored ones do not come out again."
    if row.get('shuffle_cells'): raise ValueError(f"{row['run']} seed {row['seed']}: shuffled-label runs are not rebuilt here")
    run_dir = Path(row['run_dir'])
    cfg, _, _ = load_run(run_dir)
    L = cfg.tokenizer.max_enh_tokens
    data = make_synthetic(SyntheticConfig(n_per_cell=n_per_cell, enh_len=L, prom_len=L, cell_rule=bool(row['rule']),
                                          mode=row['mode'], seed=row['seed'], n_specific=row['n_specific']))
    tr = Pretrainer(cfg, run_dir, resume=True, progress=False, samples=data.samples)  # the last checkpoint, the same split
    if tr.step != row['steps']: raise ValueError(f"{run_dir}: newest checkpoint at step {tr.step}, the row has {row['steps']}")
    vb = disjoint_batches(tr.valid_ds, tr.tokenizer, row['K'], n_test, row['seed'] + 202)  # `ground_truth_run`'s test batches
    got = rule_base_accuracy(tr, data.samples, data.rule_positions, vb)
    for k in ('rule_full', 'rule_common', 'rule_none', 'rule_n'):
        if abs(got[k] - row[k]) > 1e-9: raise ValueError(f"{row['run']} seed {row['seed']}: {k} {got[k]} against {row[k]} stored: not the run's data")
    return got

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('results'); ap.add_argument('--out', default=None)
    a = ap.parse_args()
    torch.set_num_threads(1)
    res = json.loads(Path(a.results).read_text())
    for row in res['rows']:
        if not Path(row.get('run_dir', '/nonexistent')).exists(): print(f"{row['run']} seed {row['seed']}: run folder gone, skipped"); continue
        row.update(remeasure(row))
        print(f"{row['run']} seed {row['seed']}: rule bases full {row['rule_full']:.3f} common {row['rule_common']:.3f} none {row['rule_none']:.3f}"
              f" | cell line's context: full {row['rule_cell_full']:.3f} common {row['rule_cell_common']:.3f}", flush=True)
    Path(a.out or a.results).write_text(json.dumps(res, indent=1))

"""Issue 15, a weight that needs no oracle: does the footprint's cell readout point at the base that names the cell?

The rule base needs a larger share of the MLM loss to be learned at 600 steps (tutorial 10, 7b: weighted 2-10 times a
masked base it is learned in 75-150 steps of a plain loop), and a weight from the MLM's own gain feeds back on noise.
A weight from the cell path would not: how much the per-sample cell cross entropy of $z_\text{spec}$ moves with the
signal at each base (the norm over channels of its gradient, unmasked held-out pairs as `footprint-embed` sees them,
the footprint path in eval mode: `FootprintBERT.cell_saliency`, what `model.mlm_weight='cell_saliency'` weighs
the MLM loss with). This measures that saliency on a trained run, without changing anything: per enhancer base,
the mean over held-out pairs, and where base `RULE_POS` ranks among the enhancer's bases and how far above their median.

    python tools/cell_saliency.py RUN_DIR HELDOUT.csv [--pairs 64]
    (a run of tools/cli_rule_check.py; seconds)
"""
import argparse, json, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
import cli_rule_check as rule_check

def saliency(run_dir, heldout, pairs:int=64) -> dict:
    "Mean gradient norm of the per-sample cell cross entropy on the signal at every enhancer base; the rule base's rank and ratio to the median."
    from footprint_nb.data import read_pair_table, EPDataset, EPCollator
    from footprint_nb.inference import load_run
    cfg, model, tok = load_run(run_dir, which='last')
    samples = read_pair_table(heldout); ds, collate = EPDataset(samples, tok), EPCollator(tok, None)
    total, n = 0., 0
    for cell in sorted({s.cell_line for s in samples}):
        idx = [i for i, s in enumerate(samples) if s.cell_line == cell][:pairs]
        for j in range(0, len(idx), cfg.train.batch_size):
            b = collate([ds[i] for i in idx[j:j + cfg.train.batch_size]])
            first = rule_check.enhancer_start(b['input_ids'])
            s = model.cell_saliency(b['input_ids'], b['attention_mask'], b['segment_ids'], b['cell_id'])  # (B, T), the package's own
            total = total + s[:, first:first + rule_check.LENGTH].sum(0); n += len(s)   # (LENGTH,) the enhancer's bases
    sal, P = total / n, rule_check.RULE_POS
    return dict(run=str(run_dir), pairs=n, rule_rank=int((sal > sal[P]).sum()) + 1, rule_over_median=float(sal[P] / sal.median()),
                top5=[int(i) for i in sal.argsort(descending=True)[:5]], saliency=[round(float(x), 6) for x in sal])

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('run'); p.add_argument('heldout'); p.add_argument('--pairs', type=int, default=64)
    a = p.parse_args()
    r = saliency(a.run, a.heldout, a.pairs)
    print(json.dumps({k: v for k, v in r.items() if k != 'saliency'}))

"""Issue 15, a weight that needs no oracle: does the footprint's cell readout point at the base that names the cell?

The rule base needs a larger share of the MLM loss to be learned at 600 steps (tutorial 10, 7b: weighted 2-10 times a
masked base it is learned in 75-150 steps of a plain loop), and a weight from the MLM's own gain feeds back on noise.
A weight from the cell path would not: how much the per-sample cell cross entropy of $z_\text{spec}$ moves with the
signal at each base (the norm over channels of its gradient, unmasked held-out pairs as `footprint-embed` sees them,
the model in eval mode). This measures that saliency on a trained run, without changing anything: per enhancer base,
the mean over held-out pairs, and where base `RULE_POS` ranks among the enhancer's bases and how far above their median.

    python tools/cell_saliency.py RUN_DIR HELDOUT.csv [--pairs 64]
    (a run of tools/cli_rule_check.py; seconds)
"""
import argparse, json, sys
from pathlib import Path
import torch, torch.nn.functional as F
sys.path.insert(0, str(Path(__file__).parent))
import cli_rule_check as rule_check

def saliency(run_dir, heldout, pairs:int=64) -> dict:
    "Mean gradient norm of the per-sample cell cross entropy on the signal at every enhancer base; the rule base's rank and ratio to the median."
    from footprint_nb.data import read_pair_table, EPDataset, EPCollator
    from footprint_nb.inference import load_run
    from footprint_nb.tokens import CLS_ID
    cfg, model, tok = load_run(run_dir, which='last')
    if cfg.model.n_cells == 0: raise ValueError(f'{run_dir}: the model has no cell head (model.n_cells = 0)')
    samples = read_pair_table(heldout); ds, collate = EPDataset(samples, tok), EPCollator(tok, None)
    fp, keep = model.footprint, {}
    signal_of = fp.signal_of
    def kept_signal(*a, **k):                                     # the signal, as a leaf the gradient is read on
        f, valid = signal_of(*a, **k)
        f = f.detach().requires_grad_() if not f.requires_grad else f
        if f.requires_grad and not f.is_leaf: f.retain_grad()
        keep['f'] = f; return f, valid
    fp.signal_of = kept_signal
    total, n = None, 0
    for cell in sorted({s.cell_line for s in samples}):
        idx = [i for i, s in enumerate(samples) if s.cell_line == cell][:pairs]
        for j in range(0, len(idx), cfg.train.batch_size):
            b = collate([ds[i] for i in idx[j:j + cfg.train.batch_size]])
            if not (b['input_ids'][:, 0] == CLS_ID).all(): raise ValueError('expected [CLS] then the enhancer, one token per base')
            out = model.footprint_of(None, b['input_ids'], b['attention_mask'].bool(), b['segment_ids'])
            loss = F.cross_entropy(model.cell_head(out.z_spec), b['cell_id'], reduction='sum')
            model.zero_grad(); loss.backward()
            f = keep['f']; T = b['input_ids'].shape[1]
            g = f.grad.movedim([d for d in range(1, f.ndim) if f.shape[d] == T][0], -1)   # (B, C, T)
            s = g.norm(dim=1).sum(0)                                                       # (T,)
            total = s if total is None else total + s; n += g.shape[0]
    fp.signal_of = signal_of
    sal = (total / n)[1:1 + rule_check.LENGTH]                  # the enhancer's bases ([CLS] first)
    P = rule_check.RULE_POS
    return dict(run=str(run_dir), pairs=n, rule_rank=int((sal > sal[P]).sum()) + 1, rule_over_median=float(sal[P] / sal.median()),
                top5=[int(i) for i in sal.argsort(descending=True)[:5]], saliency=[round(float(x), 6) for x in sal])

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('run'); p.add_argument('heldout'); p.add_argument('--pairs', type=int, default=64)
    a = p.parse_args()
    r = saliency(a.run, a.heldout, a.pairs)
    print(json.dumps({k: v for k, v in r.items() if k != 'saliency'}))

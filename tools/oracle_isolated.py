"""Issue 15, the oracle's rule base on its own: is position x cell learnable by this MLM when nothing else is asked of it?

The model of a run of `tools/oracle_context.py --runs oracle-head` (its config and tokenizer, fresh weights, the
oracle patch: the head's context is a learned map of a fixed random code of the cell line) trained by a plain AdamW loop
(the trainer's learning rate, betas and weight decay, constant rate, no clipping, no footprint loss), 16 pairs of each
cell line a step, enhancer base 100 of the rule corpus masked in every pair, and one of two MLM losses:

- `--loss rule`: base 100 is the only base scored;
- `--loss all`: the run's own masking besides (15% of the bases), every masked base scored, the mean over them as the
  trainer's MLM loss takes it: the rule base among the ~50 other masked bases of each pair.

Prints the training loss at base 100 (cross entropy; ln 4 = 1.386 is chance) and the MLM loss every 25 steps.

    python tools/oracle_isolated.py --run OUT/runs/oracle-head-s0 --corpus OUT/rule.csv --loss rule [--steps 150] [--seed 0]
    (about 3 minutes on one CPU thread for 150 steps)
"""
import argparse, random, sys
from pathlib import Path
import torch, torch.nn.functional as F
sys.path.insert(0, str(Path(__file__).parent))
import oracle_context, cli_rule_check as rule_check

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--run', required=True); p.add_argument('--corpus', required=True)
    p.add_argument('--loss', choices=('rule', 'all'), default='rule')
    p.add_argument('--steps', type=int, default=150); p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()
    oracle_context.patch_oracle('head')
    from footprint_nb.inference import load_run
    from footprint_nb.model import FootprintBERT
    from footprint_nb.data import read_pair_table, EPDataset, EPCollator
    from footprint_nb.tokens import MASK_ID, CLS_ID
    torch.manual_seed(a.seed); random.seed(a.seed)
    cfg, _, tok = load_run(a.run, which='last')
    model = FootprintBERT(cfg.model, vocab=tok.decode(range(tok.vocab_size))).train()   # fresh weights
    samples = read_pair_table(a.corpus); ds, collate = EPDataset(samples, tok), EPCollator(tok, cfg.mask if a.loss == 'all' else None)
    by_cell = {}
    for i, s in enumerate(samples): by_cell.setdefault(s.cell_line, []).append(i)
    t = cfg.train
    opt = torch.optim.AdamW(model.parameters(), lr=t.lr, betas=(0.9, 0.98), weight_decay=t.weight_decay)
    P = rule_check.RULE_POS + 1                                      # [CLS] first, one token per base
    for step in range(a.steps + 1):
        opt.zero_grad(); rule_sum = mlm_sum = 0.
        for cell, idx in sorted(by_cell.items()):
            b = collate([ds[i] for i in random.sample(idx, 16)])
            assert (b['input_ids'][:, 0] == CLS_ID).all()
            labels = b['labels'].clone() if a.loss == 'all' else torch.full_like(b['input_ids'], -100)
            labels[:, P] = torch.where(labels[:, P] >= 0, labels[:, P], b['input_ids'][:, P]); b['input_ids'][:, P] = MASK_ID
            logits = model(b, context='full').logits                                        # (K, T, V)
            loss = F.cross_entropy(logits.flatten(0, 1), labels.flatten(), ignore_index=-100) / len(by_cell)
            loss.backward(); mlm_sum += loss.item()
            rule_sum += F.cross_entropy(logits[:, P].detach(), labels[:, P]).item() / len(by_cell)
        if step % 25 == 0: print(f"step {step}: training loss at base {rule_check.RULE_POS} {rule_sum:.3f}, MLM loss {mlm_sum:.3f}", flush=True)
        opt.step()

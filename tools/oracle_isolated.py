"""Issue 15, the oracle's rule base on its own: is position x cell learnable by this MLM when nothing else is asked of it?

The model of a run of `tools/oracle_context.py --runs oracle-head` (its config and tokenizer, fresh weights, the
oracle patch: the head's context is a learned map of a fixed random code of the cell line) trained by a plain AdamW loop
(the trainer's learning rate, betas and weight decay, constant rate, no clipping, no footprint loss), 16 pairs of each
cell line a step, enhancer base 100 of the rule corpus masked in every pair, and one of two MLM losses:

- `--loss rule`: base 100 is the only base scored;
- `--loss all`: the run's own masking besides (15% of the bases), every masked base scored, the mean over them as the
  trainer's MLM loss takes it: the rule base among the ~50 other masked bases of each pair. `--rule-weight W` weighs the
  rule base W times a masked base in that mean (W = 1: the trainer's loss; W = 50: the rule base as much as the rest of
  its pair): the same need for a position x cell interaction, with W times the rule base's share of the gradient.
  `--gain-weight B` needs no oracle of where the rule is: each masked base weighs 1 + B x its detached gain from the
  context (its cross entropy without the context minus with it, in nats, where positive); `--gain-baseline swap`
  measures the gain against the next cell line's code instead (the value of knowing this cell line, not of leaning on
  a context at all). Both diverge (tutorial 10, 7b): the weight feeds back on noise.

Prints the training loss at base 100 (cross entropy; ln 4 = 1.386 is chance) and at the other masked bases every 25 steps.

    python tools/oracle_isolated.py --run OUT/runs/oracle-head-s0 --corpus OUT/rule.csv --loss rule [--steps 150] [--seed 0]
    python tools/oracle_isolated.py --run OUT/runs/oracle-head-s0 --corpus OUT/rule.csv --loss all --rule-weight 10 [--steps 100]
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
    p.add_argument('--rule-weight', type=float, default=1.0, help="with --loss all: the rule base's weight in the mean over masked bases")
    p.add_argument('--gain-weight', type=float, default=0.0, help="each masked base weighs 1 + B x relu(its loss under the baseline context - with its own)")
    p.add_argument('--gain-baseline', choices=('none', 'swap'), default='none', help="the gain's baseline: no context, or the next cell line's code")
    a = p.parse_args()
    oracle_context.patch_oracle('head')
    from footprint_nb.inference import load_run
    from footprint_nb.model import FootprintBERT
    from footprint_nb.data import read_pair_table, EPDataset, EPCollator
    torch.manual_seed(a.seed); random.seed(a.seed)
    cfg, _, tok = load_run(a.run, which='last')
    model = FootprintBERT(cfg.model, vocab=tok.decode(range(tok.vocab_size))).train()   # fresh weights
    samples = read_pair_table(a.corpus); ds, collate = EPDataset(samples, tok), EPCollator(tok, cfg.mask if a.loss == 'all' else None)
    by_cell = {}
    for i, s in enumerate(samples): by_cell.setdefault(s.cell_line, []).append(i)
    t = cfg.train
    opt = torch.optim.AdamW(model.parameters(), lr=t.lr, betas=(0.9, 0.98), weight_decay=t.weight_decay)
    for step in range(a.steps + 1):
        opt.zero_grad(); rule_sum = other_sum = 0.
        for cell, idx in sorted(by_cell.items()):
            b = collate([ds[i] for i in random.sample(idx, 16)])
            labels = b['labels'] if a.loss == 'all' else torch.full_like(b['input_ids'], -100)
            b['input_ids'], labels = oracle_context.mask_rule_base(b['input_ids'], labels, others=True)
            out = model(b, context='full', return_hidden=True); logits = out.logits                # (K, T, V)
            P = rule_check.enhancer_start(b['input_ids']) + rule_check.RULE_POS
            weight = (labels >= 0).float(); weight[:, P] *= a.rule_weight                        # (K, T)
            token_loss = F.cross_entropy(logits.transpose(1, 2), labels.clamp(min=0), reduction='none')  # (K, T)
            if a.gain_weight > 0:
                with torch.no_grad():
                    other = oracle_context.codes[(b['cell_id'] + 1) % len(by_cell)]                  # (K, CODE): the next cell line's code
                    base = model.head(out.hidden, None if a.gain_baseline == 'none' else model.oracle(other))
                    gain = F.cross_entropy(base.transpose(1, 2), labels.clamp(min=0), reduction='none') - token_loss
                weight = weight * (1 + a.gain_weight * gain.clamp(min=0))
            loss = (weight * token_loss).sum() / weight.sum() / len(by_cell)
            loss.backward(); others = (labels >= 0).float(); others[:, P] = 0
            other_sum += float((others * token_loss.detach()).sum() / others.sum().clamp(min=1)) / len(by_cell)
            rule_sum += F.cross_entropy(logits[:, P].detach(), labels[:, P]).item() / len(by_cell)
        if step % 25 == 0: print(f"step {step}: training loss at base {rule_check.RULE_POS} {rule_sum:.3f}, the other masked bases {other_sum:.3f}", flush=True)
        opt.step()

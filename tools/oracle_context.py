"""Issue 15, where the chain breaks: can the MLM use a cell context at all, if it is perfect?

The hand-written rule corpus of `tools/cli_rule_check.py` (4 cell lines x 400 pairs, enhancer position 100 = the cell
line's own base) and the CLI's defaults, with the model patched in this process only (nothing in the package changes):

- `defaults`: no patch, the CLI as a user runs it.
- `oracle-head`: the MLM head's context is not u but a learned linear map of a fixed random code of the cell line
  (64 numbers, the same for every sample of the cell line): everything the rule needs, and nothing the footprint could lose.
- `oracle-input`: the same code, through a learned linear map, added to every token's embedding at the backbone's input
  (the head sees no context); the transformer layers, not the head, combine position and cell.
- `position`: no patch, but base 100 is 'A' in every cell line: can the MLM learn a base tied to one position at all?

`--loss-only-rule` (a diagnostic, training only): base 100 is masked in every training pair and is the only base the
MLM loss scores (the other selected bases stay masked in the input and cost nothing): the rule without the ~3800 other
masked bases of a step competing for the same weights, and with a rule base in every pair instead of ~15% of them.

`--corpus anchor` runs the oracle (or the defaults) on the rule corpus with a fixed 8-bp anchor (`ANCHOR`) written just before
base 100 in every pair: a sequence cue for the rule's position, beside the position embedding.

Then the MLM accuracy at base 100 of 64 held-out pairs per cell line (only that base masked), with the full context (the
oracle, where there is one), g_com and no context, as `cli_rule_check.measure` scores it.

    python tools/oracle_context.py --out /tmp/oracle --runs oracle-head --seeds 0 1 2 [--steps 600] [--ctx-std 0.25] [--set KEY=VALUE ...]
    (about 15 minutes per 600-step run on one CPU thread; rows are appended to OUT/results.jsonl)
"""
import argparse, csv, json, sys
from pathlib import Path
import torch, torch.nn as nn
sys.path.insert(0, str(Path(__file__).parent))
import cli_rule_check as rule_check

RUNS, CODE, ANCHOR = ('defaults', 'oracle-head', 'oracle-input', 'position'), 64, 'GATTACAG'
codes = torch.randn(16, CODE, generator=torch.Generator().manual_seed(1234))  # (cells, CODE): the oracle's fixed code of each cell line

def write_corpora(out:Path):
    "The rule corpus and its held-out pairs (as cli_rule_check writes them); the same with base 100 = 'A' everywhere, and with the anchor before base 100."
    if not (out/'rule.csv').exists():
        rule_check.write_corpus(out/'rule.csv', True, 1); rule_check.write_corpus(out/'heldout_rule.csv', True, 99, n=64)
    P, n = rule_check.RULE_POS, len(ANCHOR)
    edits = {'position': lambda e: e[:P] + 'A' + e[P + 1:], 'anchor': lambda e: e[:P - n] + ANCHOR + e[P:]}  # enhancer -> enhancer
    for kind, edit in edits.items():
        for pre in ('', 'heldout_'):
            name = f'{pre}{kind}'
            if (out/f'{name}.csv').exists(): continue
            rows = list(csv.reader(open(out/f'{pre}rule.csv')))
            for r in rows[1:]: r[1] = edit(r[1])
            with open(out/f'{name}.csv', 'w', newline='') as f: csv.writer(f).writerows(rows)

def mask_rule_base(ids, labels, others:bool):
    "Token P + 1 (enhancer base P: [CLS] first, one token per base) masked and labelled with its true base; `others`: the other labels kept, else none."
    from footprint_nb.tokens import MASK_ID
    P, ids = rule_check.enhancer_start(ids) + rule_check.RULE_POS, ids.clone()
    new = labels.clone() if others else torch.full_like(labels, -100)
    new[:, P] = torch.where(labels[:, P] >= 0, labels[:, P], ids[:, P])      # its true base, masked or not
    ids[:, P] = MASK_ID
    return ids, new

def patch_oracle(where:str, ctx_std:float=0.0, loss_only_rule:bool=False):
    "Patch `FootprintBERT` in this process: the cell's code reaches the head ('head') or the input ('input'); ctx_std > 0 re-draws the head's context weights; `loss_only_rule`: see the module's docstring."
    from footprint_nb import model as M
    init0, forward0, now = M.FootprintBERT.__init__, M.FootprintBERT.forward, {}
    def init(self, cfg, vocab=None):
        init0(self, cfg, vocab)
        if ctx_std > 0: nn.init.normal_(self.head.context.weight, std=ctx_std)
        if where == 'head': self.oracle = nn.Linear(CODE, cfg.footprint.d_com, bias=False); nn.init.normal_(self.oracle.weight, std=CODE ** -0.5)
        if where == 'input':
            self.oracle = nn.Linear(CODE, cfg.backbone.d_model, bias=False); nn.init.normal_(self.oracle.weight, std=0.02)
            self.backbone.embed.register_forward_hook(lambda m, i, x: x + self.oracle(now['code'])[:, None, :])  # (B, T, D)
    def forward(self, batch=None, input_ids=None, attention_mask=None, segment_ids=None, context='full', return_hidden=False):
        if loss_only_rule and self.training and batch is not None and batch.get('labels') is not None:
            ids, new = mask_rule_base(batch['input_ids'], batch['labels'], others=False)
            batch = {**batch, 'input_ids': ids, 'labels': new}
        cid = batch['cell_id'].to(batch['input_ids'].device)
        code = codes.to(cid.device)[cid]                                          # (B, CODE)
        now['code'] = code if context == 'full' else torch.zeros_like(code)      # the input oracle is the 'full' context only
        out = forward0(self, batch, input_ids, attention_mask, segment_ids, context=context, return_hidden=True)
        if where == 'head' and context == 'full': out.logits = self.head(out.hidden, self.oracle(code))
        return out
    M.FootprintBERT.__init__, M.FootprintBERT.forward = init, forward

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', required=True); p.add_argument('--runs', nargs='+', choices=RUNS, required=True)
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2]); p.add_argument('--steps', type=int, default=600)
    p.add_argument('--ctx-std', type=float, default=0.0, help="re-draw the head's context weights with this std (default: the package's 0.02)")
    p.add_argument('--set', nargs='*', default=[], metavar='KEY=VALUE', help='passed to footprint-pretrain --set')
    p.add_argument('--tag', default='', help='added to the run folder names')
    p.add_argument('--loss-only-rule', action='store_true', help='diagnostic: in training, base 100 always masked and the only base the MLM loss scores')
    p.add_argument('--corpus', default='rule', choices=('rule', 'anchor'), help="the rule corpus, or the same with an anchor before the rule base (not for 'position')")
    a = p.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True); write_corpora(out)
    if len(a.runs) > 1 and any(r.startswith('oracle') for r in a.runs): p.error('one oracle run kind per process (the patch is process-wide)')
    where = a.runs[0].split('-')[1] if a.runs[0].startswith('oracle') else None
    if where: patch_oracle(where, a.ctx_std, a.loss_only_rule)
    elif a.ctx_std > 0 or a.loss_only_rule: patch_oracle('none', a.ctx_std, a.loss_only_rule)
    from footprint_nb.cli import pretrain_cli
    for run in a.runs:
        corpus = 'position' if run == 'position' else a.corpus
        for seed in a.seeds:
            name = f'{run}{a.tag}-s{seed}'; folder = out/'runs'/name
            if not list((folder/'checkpoints').glob('ckpt-*.pt')):
                pretrain_cli(['--data', str(out/f'{corpus}.csv'), '--steps', str(a.steps), '--seed', str(seed), '--out', str(out/'runs'),
                              '--name', name, '--no-progress', '--overwrite', '--set', *a.set, 'train.mlm_reference=false'])  # no MLM-only reference
            cfg = json.loads((folder/'config.json').read_text())['train']
            row = dict(run=run, tag=a.tag, corpus=corpus, seed=seed, steps=a.steps, ctx_std=a.ctx_std or 0.02, set=a.set, loss_only_rule=a.loss_only_rule,
                       decay_steps=cfg['decay_steps'], warmup_steps=cfg['warmup_steps'], **rule_check.measure(folder, out/f'heldout_{corpus}.csv'))
            print(json.dumps(row), flush=True)
            with open(out/'results.jsonl', 'a') as f: f.write(json.dumps(row) + '\n')

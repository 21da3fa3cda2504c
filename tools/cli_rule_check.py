"""Issue 15's check through the command line, as a new user would run it: does the gate open on a corpus where one
base of each enhancer depends on the cell line, and stay shut on its control, with the CLI's defaults?

The corpus is written here, not by the package's generator (`footprint_nb.synthetic`): 4 cell lines x 400 pairs,
200-bp enhancers and promoters from a first-order Markov background (each base followed by itself with
probability 2/5, by each other base 1/5), and enhancer position 100 set to the cell line's own base (rule) or drawn at
random (control). For every seed and corpus: `footprint-pretrain --data CORPUS.csv --steps STEPS --seed SEED`, then
alpha from the last `alpha` of metrics.jsonl and the MLM accuracy at position 100 of 64 held-out pairs per cell line
(only the tokens covering that base masked) with the full context u, g_com only and no context, and with u and g_com
taken from another held-out batch of the same cell line, unmasked (`rule_acc_cell_*`): the masked batch's own footprint
cannot see the base that names the cell.

    python tools/cli_rule_check.py --out /tmp/cli_rule --seeds 0 1 2 --steps 600   # about 15 min per run on 1 CPU thread
    python tools/cli_rule_check.py --out /tmp/cli_rule_pos --seeds 0 1 2 --set model.footprint.position_bins=50   # the positional profile (tutorial 10, 7f)
"""
import argparse, csv, json, os, random, subprocess, sys
from pathlib import Path

CELLS, N_PAIRS, LENGTH, RULE_POS = ['HepG2x', 'A549x', 'MCF7x', 'SKNx'], 400, 200, 100
NEXT = {'A': 'AACGT', 'C': 'CCAGT', 'G': 'GGACT', 'T': 'TTACG'}  # the next base: the same one twice as likely

def sequence(rng) -> list:
    s = [rng.choice('ACGT')]
    for _ in range(LENGTH - 1): s.append(rng.choice(NEXT[s[-1]]))
    return s

def write_corpus(path, rule:bool, seed:int, n:int=N_PAIRS):
    "One CSV of `n` pairs per cell line; position RULE_POS of each enhancer is the cell's base (rule) or random."
    rng = random.Random(seed)
    with open(path, 'w', newline='') as f:
        w = csv.writer(f); w.writerow(['cell_line', 'enhancer_seq', 'promoter_seq'])
        for ci, cell in enumerate(CELLS):
            for _ in range(n):
                e = sequence(rng); e[RULE_POS] = 'ACGT'[ci] if rule else rng.choice('ACGT')
                w.writerow([cell, ''.join(e), ''.join(sequence(rng))])

def enhancer_start(input_ids) -> int:
    "The token of enhancer base 0: [CLS] first, then one token per base (the CLI's tokenizer on this corpus); any other layout is refused."
    from footprint_nb.tokens import CLS_ID
    if not (input_ids[:, 0] == CLS_ID).all(): raise ValueError('expected [CLS] then the enhancer, one token per base')
    return 1

def measure(run_dir, heldout) -> dict:
    "alpha at the end and MLM accuracy at the rule base per context, on held-out pairs."
    from footprint_nb.data import read_pair_table, EPDataset, EPCollator
    from footprint_nb.inference import load_run
    from footprint_nb.analysis import mlm_accuracy, planted_base_mask, mask_bases
    from footprint_nb.trainer import read_metrics
    from footprint_nb.study import same_cell_references
    train, valid = read_metrics(run_dir)
    cfg, model, tok = load_run(run_dir, which='last')
    samples = read_pair_table(heldout); ds = EPDataset(samples, tok)
    base_mask = planted_base_mask(ds, samples, [(i, 'enhancer', RULE_POS) for i in range(len(samples))])
    collate, K, batches, plain = EPCollator(tok, None), cfg.train.batch_size, [], []
    for cell in CELLS:
        idx = [i for i, s in enumerate(samples) if s.cell_line == cell]
        for j in range(0, len(idx) - K + 1, K):
            b = collate([ds[i] for i in idx[j:j + K]]); plain.append(b); batches.append(mask_bases(b, base_mask(b)))
    acc = mlm_accuracy(model, batches)
    # the batch's own context cannot name the cell here (every base that would is masked): also u of another batch of the cell line, unmasked
    cell = mlm_accuracy(model, batches, contexts=('full', 'common'), context_from=same_cell_references(plain))
    last = valid[-1] if valid else {}
    return dict(alpha=[r['alpha'] for r in train if 'alpha' in r][-1], rule_acc_full=acc['full'], rule_acc_common=acc['common'],
                rule_acc_none=acc['none'], rule_n=acc['n'], rule_acc_cell_full=cell['full'], rule_acc_cell_common=cell['common'], **{k: last.get(k) for k in ('mlm_acc_full', 'mlm_acc_none', 'cell_acc_spec', 'cell_acc_com')})

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', required=True); p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--steps', type=int, default=600); p.add_argument('--threads', type=int, default=1)
    p.add_argument('--corpora', nargs='+', default=['rule', 'control'], choices=['rule', 'control'])
    p.add_argument('--set', nargs='+', default=[], metavar='KEY=VALUE', help="footprint-pretrain's --set for every run (default: its defaults)")
    a = p.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    for corpus, rule in (('rule', True), ('control', False)):
        if not (out/f'{corpus}.csv').exists(): write_corpus(out/f'{corpus}.csv', rule, 1); write_corpus(out/f'heldout_{corpus}.csv', rule, 99, n=64)
    env = {**os.environ, 'OMP_NUM_THREADS': str(a.threads), 'MKL_NUM_THREADS': str(a.threads)}
    exe = Path(sys.executable).parent/'footprint-pretrain'
    for seed in a.seeds:
        for corpus in a.corpora:
            name = f'{corpus}-s{seed}'
            if not (out/'runs'/name/'metrics.jsonl').exists() or not list((out/'runs'/name/'checkpoints').glob('ckpt-*.pt')):
                subprocess.run([str(exe), '--data', str(out/f'{corpus}.csv'), '--steps', str(a.steps), '--seed', str(seed),
                                '--out', str(out/'runs'), '--name', name, '--no-progress', '--overwrite', '--set', *a.set, 'train.mlm_reference=false'], env=env, check=True)  # no MLM-only reference: it changes none of the run's numbers
            row = dict(corpus=corpus, seed=seed, steps=a.steps, set=' '.join(a.set), **measure(out/'runs'/name, out/f'heldout_{corpus}.csv'))
            print(json.dumps(row), flush=True)
            with open(out/'results.jsonl', 'a') as f: f.write(json.dumps(row) + '\n')

"""Issue 14's check through the command line, as a new user would run it: do the CLI's defaults give a specific
footprint that names the cell line, on a planted corpus the package's generator did not write?

The corpus is written here (not by `footprint_nb.synthetic`, and without JASPAR): 4 cell lines, 200-bp enhancers and
promoters from an i.i.d. background (GC 0.42), 12 motifs of 10 bp drawn at random (each position one base with
probability 0.85, the others 0.05): 4 planted in every cell line at 1-2 expected sites per part, and 2 more per
cell line, its own, at 1 expected site per part (random position and strand). 400 training pairs and 128
held-out pairs per cell line. For every seed (and every `--signals` value, the CLI's default first):

    footprint-pretrain --data train.csv --steps STEPS --seed SEED [--set model.footprint.signal=...]
    footprint-embed --run RUN --data train.csv --out train.npz;  footprint-embed --run RUN --data heldout.csv ...

then nearest-centroid cell ID of 16-sequence means of z_spec (= g_spec of those 16) and of z_com, centroids from the
training pairs, tested on the 8 held-out means per cell line (chance 0.25), next to a 3-mer profile of the same means.
Where the cell is lost: the same for the whole footprint v (`id_v`), a shrinkage LDA fitted on the training samples
of z_spec and of v (`lda_z_spec`, `lda_v`), z_spec's training means classified by their own centroids (`resub_z_spec`), and
with `--more-held` the variance of z_spec's cell means on the training pairs over that on the held-out pairs
(`between_ratio_z_spec`: above 1, the map separates the training pairs' cells better than new ones, as any fitted
readout does: tools/cell_objective_probe.py).

    python tools/cli_motif_check.py --out /tmp/cli_motif --seeds 0 1 2 --steps 300 --signals default onehot --workers 2
    python tools/cli_motif_check.py --out /tmp/cli_motif --set model.footprint.encoder=conv model.footprint.spec_basis=learned   (the encoder before issue 14's pooled one)
    python tools/cli_motif_check.py --out /tmp/cli_motif --seeds 0 1 2 --more-held 384 --workers 2   (also 32 held-out means per cell line, not 8)
    python tools/cli_motif_check.py --out /tmp/cli_motif --seeds 0 1 2 3 4 5 --more-held 384 --workers 2 --set model.footprint.feature_dropout=0.5
"""
import argparse, csv, json, os, random, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
from itertools import product
from pathlib import Path
import numpy as np

CELLS, N_TRAIN, N_HELD, LENGTH, K = ['HepG2y', 'K562y', 'GM12878y', 'IMR90y'], 400, 128, 200, 16

def motifs(rng, n:int=12):
    "n random 10-bp PWMs (rows: position, columns ACGT): one dominant base per position."
    out = []
    for _ in range(n):
        top = [rng.randrange(4) for _ in range(10)]
        out.append([[0.85 if b == t else 0.05 for b in range(4)] for t in top])
    return out

def part(rng, planted) -> str:
    "One 200-bp part: background, then each (motif, rate) planted Poisson(rate) times, random position and strand."
    s = [rng.choices('ACGT', weights=(0.29, 0.21, 0.21, 0.29))[0] for _ in range(LENGTH)]
    for pwm, rate in planted:
        for _ in range(np.random.default_rng(rng.randrange(2**32)).poisson(rate)):
            site = [rng.choices('ACGT', weights=row)[0] for row in pwm]
            if rng.random() < 0.5: site = ['TGCA'['ACGT'.index(b)] for b in reversed(site)]
            p = rng.randrange(LENGTH - len(site)); s[p:p + len(site)] = site
    return ''.join(s)

def write_corpus(out:Path, seed:int=1, more:int=0):
    "train.csv, heldout.csv and, with `more`, heldout_more.csv (drawn after them: the first two do not change)."
    rng = random.Random(seed); m = motifs(rng)
    common = [(m[i], rate) for i, rate in zip(range(4), (1.0, 1.5, 1.0, 2.0))]
    for name, n in (('train', N_TRAIN), ('heldout', N_HELD), ('heldout_more', more)):
        if not n: continue
        with open(out/f'{name}.csv', 'w', newline='') as f:
            w = csv.writer(f); w.writerow(['cell_line', 'enhancer_seq', 'promoter_seq'])
            for ci, cell in enumerate(CELLS):
                planted = common + [(m[4 + 2 * ci + j], 1.0) for j in range(2)]
                for _ in range(n): w.writerow([cell, part(rng, planted), part(rng, planted)])

def kmer3(s:str) -> np.ndarray:
    "3-mer frequencies of one part (the package's own `kmer_frequencies`)."
    from footprint_nb.metrics import kmer_frequencies
    return kmer_frequencies(np.array(['ACGT'.index(b) for b in s]), 3)

def means(x, cells):
    "K-sequence means per cell line, in file order, and their labels."
    X, y = [], []
    for c in CELLS:
        rows = x[cells == c]
        for j in range(0, len(rows) - K + 1, K): X.append(rows[j:j + K].mean(0)); y.append(c)
    return np.array(X), np.array(y)

def by_cell(arrays:dict) -> dict:
    "Rows grouped by cell line (stable: within a cell line, heldout before heldout_more), so that `means` takes each file's pairs in turn."
    order = np.argsort([CELLS.index(c) for c in arrays['cell_line']], kind='stable')
    return {k: a[order] for k, a in arrays.items()}

def between_var(x, cells) -> float:
    "Variance of the cell lines' means (summed over dimensions): the spread that names the cell."
    return float(np.stack([x[cells == c].mean(0) for c in CELLS]).var(0).sum())

def cell_id(tr, ytr_cells, te, yte_cells) -> float:
    from footprint_nb.metrics import nearest_centroid_predict
    Xtr, ytr = means(tr, ytr_cells); Xte, yte = means(te, yte_cells)
    return float((nearest_centroid_predict(Xtr, ytr, Xte) == yte).mean())

def lda_weights(tr, ytr_cells, shrink:float=0.5):
    "A shrinkage LDA fitted on the training samples: its weights (d, n_cells) and the cell means (n_cells, d)."
    mu = np.stack([tr[ytr_cells == c].mean(0) for c in CELLS])                       # (n_cells, d)
    S = np.cov(np.concatenate([tr[ytr_cells == c] - m for c, m in zip(CELLS, mu)]).T).reshape(tr.shape[1], tr.shape[1])
    S = (1 - shrink) * S + shrink * np.trace(S) / len(S) * np.eye(len(S))           # shrunk towards the mean variance
    return np.linalg.pinv(S) @ mu.T, mu

def lda_id(tr, ytr_cells, te, yte_cells, shrink:float=0.5) -> float:
    "Cell ID of the held-out K-means by a shrinkage LDA fitted on the training samples: how much of the cell a linear readout finds."
    W, mu = lda_weights(tr, ytr_cells, shrink)
    Xte, yte = means(te, yte_cells)
    return float((np.array(CELLS)[(Xte @ W - 0.5 * (mu @ W).diagonal()).argmax(1)] == yte).mean())

NO_REFERENCE = 'train.mlm_reference=false'  # the MLM-only reference trains after a run and changes none of its numbers: not needed here

def run(out:Path, seed:int, signal:str, steps:int, threads:int, sets:tuple=()) -> dict:
    name = f'{signal}-s{seed}' + ''.join(f"-{kv.split('=')[-1]}" for kv in sets); rd = out/'runs'/name
    env = {**os.environ, 'OMP_NUM_THREADS': str(threads), 'MKL_NUM_THREADS': str(threads)}
    bindir = Path(sys.executable).parent
    if not list((rd/'checkpoints').glob('ckpt-*.pt')):
        extra = ([] if signal == 'default' else [f'model.footprint.signal={signal}']) + list(sets)
        extra = ['--set', *extra, NO_REFERENCE]
        subprocess.run([str(bindir/'footprint-pretrain'), '--data', str(out/'train.csv'), '--steps', str(steps), '--seed', str(seed),
                        '--out', str(out/'runs'), '--name', name, '--no-progress', '--overwrite', *extra], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    for part_ in ('train', 'heldout'):
        subprocess.run([str(bindir/'footprint-embed'), '--run', str(rd), '--data', str(out/f'{part_}.csv'), '--out', str(rd/f'{part_}.npz')],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    tr, te = np.load(rd/'train.npz'), np.load(rd/'heldout.npz')
    row = dict(signal=signal, seed=seed, steps=steps, chance=1 / len(CELLS), **({'set': list(sets)} if sets else {}))
    if (out/'heldout_more.csv').exists():   # the same, on every held-out pair (heldout + heldout_more): 4x the means
        if not (rd/'heldout_more.npz').exists():
            subprocess.run([str(bindir/'footprint-embed'), '--run', str(rd), '--data', str(out/'heldout_more.csv'), '--out', str(rd/'heldout_more.npz')],
                           env=env, check=True, stdout=subprocess.DEVNULL)
        tm = np.load(rd/'heldout_more.npz')
        both = by_cell({k: np.concatenate([te[k], tm[k]]) for k in ('z_spec', 'z_com', 'v', 'cell_line')})
        for space in ('z_spec', 'z_com', 'v'): row[f'id_{space}_all_held'] = cell_id(tr[space], tr['cell_line'], both[space], both['cell_line'])
        row['n_held_means'] = len(means(both['z_spec'], both['cell_line'])[1])
        row['between_ratio_z_spec'] = between_var(tr['z_spec'], tr['cell_line']) / between_var(both['z_spec'], both['cell_line'])
    for space in ('z_spec', 'z_com'): row[f'id_g_{space[2:]}'] = cell_id(tr[space], tr['cell_line'], te[space], te['cell_line'])
    # where the cell is lost: the whole footprint v, a linear readout (LDA) of z_spec and of v, z_spec's training means
    row.update(id_v=cell_id(tr['v'], tr['cell_line'], te['v'], te['cell_line']), lda_z_spec=lda_id(tr['z_spec'], tr['cell_line'], te['z_spec'], te['cell_line']),
               lda_v=lda_id(tr['v'], tr['cell_line'], te['v'], te['cell_line']), lda_z_com=lda_id(tr['z_com'], tr['cell_line'], te['z_com'], te['cell_line']), resub_z_spec=cell_id(tr['z_spec'], tr['cell_line'], tr['z_spec'], tr['cell_line']))
    metrics = [json.loads(l) for l in open(rd/'metrics.jsonl')]
    valid = [r for r in metrics if r.get('kind') == 'valid']
    row.update(mlm_acc=valid[-1]['mlm_acc'] if valid else None, alpha=[r['alpha'] for r in metrics if r.get('kind') == 'train'][-1])
    return row

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', required=True); p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--steps', type=int, default=300); p.add_argument('--signals', nargs='+', default=['default'])
    p.add_argument('--threads', type=int, default=1); p.add_argument('--workers', type=int, default=1)
    p.add_argument('--set', nargs='*', default=[], metavar='KEY=VALUE', help="more config overrides for every run, e.g. model.footprint.spec_basis=learned")
    p.add_argument('--more-held', type=int, default=0, help="also N more held-out pairs per cell line (heldout_more.csv; train and heldout unchanged) and the cell ID on all of them (*_all_held)")
    a = p.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    if not (out/'train.csv').exists() or (a.more_held and not (out/'heldout_more.csv').exists()): write_corpus(out, more=a.more_held)
    def profile(path):
        rows = list(csv.DictReader(open(path)))
        return np.array([np.concatenate([kmer3(r['enhancer_seq']), kmer3(r['promoter_seq'])]) for r in rows]), np.array([r['cell_line'] for r in rows])
    (ktr, ctr), (kte, cte) = profile(out/'train.csv'), profile(out/'heldout.csv')
    base = dict(id_kmer=cell_id(ktr, ctr, kte, cte))
    if a.more_held:
        kmo, cmo = profile(out/'heldout_more.csv')
        both = by_cell(dict(kmer=np.concatenate([kte, kmo]), cell_line=np.concatenate([cte, cmo])))
        base['id_kmer_all_held'] = cell_id(ktr, ctr, both['kmer'], both['cell_line'])
    with ThreadPoolExecutor(a.workers) as ex:
        for row in ex.map(lambda sp: run(out, sp[1], sp[0], a.steps, a.threads, tuple(a.set)), product(a.signals, a.seeds)):
            row.update(base); print(json.dumps(row), flush=True)
            with open(out/'results.jsonl', 'a') as f: f.write(json.dumps(row) + '\n')

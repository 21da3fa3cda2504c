"""Run the ground-truth study of nbs/10_tutorial_ground_truth.ipynb and store its rows as JSON.

    python tools/ground_truth_study.py --steps 600 --seeds 0 1 2 --workers 2 --out nbs/results/ground_truth_600.json
    python tools/ground_truth_study.py --data real --steps 600 --seeds 0 1 2 --workers 2 --out nbs/results/real_600.json
    python tools/ground_truth_study.py --data arrangement --steps 300 --seeds 0 1 2 --out nbs/results/arrangement_300.json
    python tools/ground_truth_study.py --plan seed --steps 600 --out nbs/results/ground_truth_600.json   (the seed's design)
    python tools/ground_truth_study.py --plan gate --steps 600 --out nbs/results/gate_600.json   (the gate: rule, control, prices)
    python tools/ground_truth_study.py --plan rule-only --steps 600 --out nbs/results/rule_only_600.json   (cells that differ only at the rule base)

Synthetic data: every run of `footprint_nb.study.STUDY_PLAN` (or `SEED_PLAN` with `--plan seed`, `GATE_PLAN` with `--plan gate`, or `--runs`) with
every seed. Arrangement: the synthetic data whose cell lines differ only in the spacing of a motif pair (`ARRANGEMENT_PLAN`).
Real data (the bundled fragments of six cell lines): the working design, the MLM-only model and the seed's design
(`REAL_PLAN`). The tutorial reads the files and shows the tables and the figures; its `#| slow` cells rerun the same studies."""
import argparse, json, platform, time
from datetime import datetime, timezone
import torch
from footprint_nb.config import DESIGNS
from footprint_nb.study import STUDY_PLAN, SEED_PLAN, GATE_PLAN, RULE_ONLY_PLAN, run_study, study_table

REAL_PLAN = [('working', None, (), 'full'), ('mlm-only', None, (), 'off'), ('seed-design', None, (), 'full', {'design': 'seed'}),
             ('onehot-signal', None, (), 'full', {'model.footprint.signal': 'onehot'}),
             ('arrangement-design', None, (), 'full', {'design': 'arrangement'}),
             ('conv-encoder', None, (), 'full', {'model.footprint.encoder': 'conv', 'model.footprint.spec_basis': 'learned'})]
ARRANGEMENT_PLAN = [('working', False, (), 'full'), ('mlm-only', False, (), 'off'), ('seed-design', False, (), 'full', {'design': 'seed'}),
                    ('onehot-signal', False, (), 'full', {'model.footprint.signal': 'onehot'}),
                    ('arrangement-design', False, (), 'full', {'design': 'arrangement'}),
                    ('conv-encoder', False, (), 'full', {'model.footprint.encoder': 'conv', 'model.footprint.spec_basis': 'learned'})]

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default='synthetic', choices=['synthetic', 'arrangement', 'real'])
    ap.add_argument('--plan', default='working', choices=['working', 'seed', 'gate', 'rule-only'], help="synthetic data: STUDY_PLAN (the working design), SEED_PLAN, GATE_PLAN or RULE_ONLY_PLAN")
    ap.add_argument('--steps', type=int, default=600)
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--runs', nargs='+', default=None, help='names from STUDY_PLAN (default: all)')
    ap.add_argument('--set', nargs='*', default=[], metavar='KEY=VALUE', help='make_config overrides for every run, e.g. loss.lambda_var=0.1')
    ap.add_argument('--n-test', type=int, default=None, help='held-out test batches of K sequences per cell line for the cell ID (default: the study\'s 8); more batches, a tighter estimate of the same accuracy')
    ap.add_argument('--data-seed', type=int, default=None, help='synthetic data: one data set for every seed, so the seeds vary only the model and its training (default: each seed draws its own data)')
    ap.add_argument('--out', required=True)
    a = ap.parse_args(argv)
    if a.data_seed is not None and a.data == 'real': ap.error('--data-seed: the real cell lines are one data set already; use it with --data synthetic or arrangement')
    full_plan = {'synthetic': {'seed': SEED_PLAN, 'gate': GATE_PLAN, 'rule-only': RULE_ONLY_PLAN}.get(a.plan, STUDY_PLAN), 'arrangement': ARRANGEMENT_PLAN, 'real': REAL_PLAN}[a.data]
    plan = [p for p in full_plan if a.runs is None or p[0] in a.runs]
    unknown = set(a.runs or ()) - {p[0] for p in full_plan}
    if unknown: ap.error(f"unknown run(s) {sorted(unknown)}; choose from {[p[0] for p in full_plan]}")
    overrides = dict(kv.split('=', 1) for kv in a.set)
    t0 = time.time()
    mode = dict(mode='arrangement') if a.data == 'arrangement' else {}
    if a.n_test: mode['n_test'] = a.n_test
    if a.data_seed is not None: mode['data_seed'] = a.data_seed
    rows = run_study(plan, seeds=a.seeds, workers=a.workers, data='real' if a.data == 'real' else 'synthetic', steps=a.steps, **mode, **overrides)
    meta = dict(data=a.data, plan=a.plan, steps=a.steps, seeds=a.seeds, data_seed=a.data_seed, overrides=overrides, working_design=DESIGNS['working'], seconds=round(time.time() - t0), torch=torch.__version__,
                machine=f'{platform.machine()}, {torch.get_num_threads()} threads, CPU' if not torch.cuda.is_available() else torch.cuda.get_device_name(),
                date=datetime.now(timezone.utc).strftime('%Y-%m-%d'), command='python tools/ground_truth_study.py ' + ' '.join(argv or __import__('sys').argv[1:]))
    with open(a.out, 'w') as f: json.dump(dict(meta=meta, rows=rows), f, indent=1)
    print(study_table(rows))
    print(f'wrote {a.out} ({meta["seconds"]} s)')

if __name__ == '__main__': main()

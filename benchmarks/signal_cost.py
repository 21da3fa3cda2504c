"""The footprint path's share of a training step for several footprint signals, timed round-robin in one run.

`benchmarks/pretrain.py` times each signal's full step against its own no-projection step, so the reference of every
row is a separate measurement and moves with the machine's load (on a shared machine by 5-15% between rows). Here one
no-projection trainer and one full trainer per signal take turns, block after block, and every signal's share is read
against the same reference in the same round: per round (full / no-projection - 1), then the median and the range over
rounds; the order of the trainers rotates from round to round. The working design, the tiny preset on the bundled full-length pairs unless told otherwise.

Every block is read on two clocks at once: the wall clock (what a user waits for) and, on the CPU, the process's CPU
time (`time.process_time`: the work done, all threads summed; time the process spends waiting for a core that another
program holds is not counted). Measured on a 2-core machine (2026-12-07, 10_tutorial_ground_truth 5j), the two agreed to
0.1 point: the round-to-round swings there were the machine's own speed, which no clock removes; short blocks over many
rounds and the median's bootstrap interval are what narrow the share. On a GPU only the wall clock is meaningful.

    python benchmarks/signal_cost.py --threads 1 --rounds 8 --steps 4 [--json FILE]   # about 5 minutes
    python benchmarks/signal_cost.py --threads 1 --rounds 48 --steps 1             # short blocks, many rounds: a tighter median
    python benchmarks/signal_cost.py --path --rounds 30                            # the footprint path alone, forward and backward
    python benchmarks/signal_cost.py --signals dinuc motif:motif_pairs=true,n_channels=24 motif:n_channels=8
"""
import argparse, json, random, statistics, sys, time
from pathlib import Path
import torch
sys.path.insert(0, str(Path(__file__).parent))
from pretrain import build, sync


def rotated(r, n):  # round r's order of n trainers: no trainer always runs first
    return [(j + r) % n for j in range(n)]


def time_rotated(trainers, steps, rounds, device):  # seconds per cell batch on (wall, cpu) clocks: one block per trainer per round, the order rotated each round
    for tr in trainers:
        for _ in range(2): tr.train_step()   # warm-up (allocator, autotuning)
    wall, cpu = [[None] * rounds for _ in trainers], [[None] * rounds for _ in trainers]
    for r in range(rounds):
        for i in rotated(r, len(trainers)):
            tr = trainers[i]; sync(device); t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(steps): tr.train_step()
            sync(device); n = steps * tr.micro_batches
            wall[i][r], cpu[i][r] = (time.perf_counter() - t0) / n, (time.process_time() - c0) / n
    return wall, cpu


def median_ci(x, n=2000, seed=0):  # the median and a 95% bootstrap interval of it, resampling rounds
    rng = random.Random(seed)
    meds = sorted(statistics.median(rng.choices(x, k=len(x))) for _ in range(n))
    return statistics.median(x), meds[int(0.025 * n)], meds[int(0.975 * n) - 1]


def table(name, blocks, signals):  # one clock's table: the reference, then each signal's seconds and share
    ref = blocks[0]
    print(f"{name}\n{'signal':45s} {'s/cell batch':>12s} {'share: median':>14s} {'95% interval':>16s} {'range over rounds':>20s}")
    print(f"{'no projection (the reference)':45s} {statistics.median(ref):12.3f} {'-':>14s} {'-':>16s} {'-':>20s}")
    rows = []
    for s, t in zip(signals, blocks[1:]):
        share = [x / r - 1 for x, r in zip(t, ref)]
        m, lo, hi = median_ci(share)
        print(f'{s:45s} {statistics.median(t):12.3f} {m:+13.1%} {lo:+7.1%}..{hi:+.1%} {min(share):+9.1%}..{max(share):+.1%}')
        rows.append(dict(signal=s, seconds=t, share=share, median_interval=[m, lo, hi]))
    print()
    return dict(reference_seconds=ref, rows=rows)


def time_paths(trainers, rounds):  # seconds of the footprint path alone per cell batch: forward from the tokens, backward of a sum of squares of v and g_spec
    batch = next(trainers[0].batches())
    ids, am, seg = batch['input_ids'], batch['attention_mask'].bool(), batch['segment_ids']
    def run(tr):
        out = tr.model.footprint_of(None, ids, am, seg)
        (out.v.square().mean() + out.g_spec.square().mean()).backward()
    for tr in trainers:
        tr.train_step()                      # the running statistics the discriminant reads
        for _ in range(3): run(tr)
    times = [[None] * rounds for _ in trainers]
    for r in range(rounds):
        for i in rotated(r, len(trainers)):
            t0 = time.perf_counter(); run(trainers[i]); times[i][r] = time.perf_counter() - t0
    return times


def settings(spec):  # 'motif:motif_pairs=true,n_channels=24' -> {'model.footprint.signal': 'motif', ...}
    signal, _, rest = spec.partition(':')
    return {'model.footprint.signal': signal, **{f'model.footprint.{k}': v for k, v in (kv.split('=', 1) for kv in rest.split(',') if kv)}}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--signals', nargs='+', default=['dinuc', 'motif:motif_pairs=true,n_channels=24'],
                   help='SIGNAL[:KEY=VALUE,...] of model.footprint, one full trainer each (default: base pairs, and 8 detectors beside them)')
    p.add_argument('--preset', default='tiny'); p.add_argument('--K', type=int, default=16); p.add_argument('--L', type=int, default=200)
    p.add_argument('--steps', type=int, default=4, help='steps per block'); p.add_argument('--rounds', type=int, default=8)
    p.add_argument('--threads', type=int, default=1); p.add_argument('--device', default='cpu')
    p.add_argument('--json', default=None, help='also write the blocks and shares to this file')
    p.add_argument('--path', action='store_true', help='time the footprint path alone (forward and backward, one cell batch, CPU), one call per signal per round')
    a = p.parse_args()
    torch.set_num_threads(a.threads); torch.manual_seed(0)
    if a.path:
        times = time_paths([build(a.preset, True, a.K, a.L, 'cpu', extra=settings(s)) for s in a.signals], a.rounds)
        print(f'the footprint path alone, forward and backward, one cell batch (K {a.K}, L {a.L}/part), {a.threads} thread(s), {a.rounds} rounds\n')
        print(f"{'signal':45s} {'ms: median':>11s} {'95% interval':>16s} {'min':>7s}")
        for s, t in zip(a.signals, times):
            m, lo, hi = median_ci(t)
            print(f'{s:45s} {1e3 * m:11.1f} {1e3 * lo:7.1f}..{1e3 * hi:<7.1f} {1e3 * min(t):7.1f}')
        if a.json: json.dump(dict(settings=vars(a), torch=torch.__version__, rows=[dict(signal=s, seconds=t) for s, t in zip(a.signals, times)]), open(a.json, 'w'), indent=1)
        return
    trainers = [build(a.preset, False, a.K, a.L, a.device)] + [build(a.preset, True, a.K, a.L, a.device, extra=settings(s)) for s in a.signals]
    wall, cpu = time_rotated(trainers, a.steps, a.rounds, a.device)
    print(f'device {a.device}, torch {torch.__version__}, {a.threads} thread(s), preset {a.preset}, K {a.K}, L {a.L}/part, '
          f'{a.rounds} rounds of {a.steps}-step blocks, one per trainer, the order rotated each round\n')
    out = {'wall': table('wall clock', wall, a.signals)}
    if not a.device.startswith('cuda'): out['cpu'] = table('CPU time of the process (all threads)', cpu, a.signals)
    print('share: the footprint path\'s share of a step, full / no-projection - 1 within each round (goal <= +10%);\n'
          '95% interval: of the median, from 2000 bootstrap resamples of the rounds')
    if a.json:
        json.dump(dict(settings=vars(a), torch=torch.__version__, clocks=out, **out['wall']), open(a.json, 'w'), indent=1)


if __name__ == '__main__': main()

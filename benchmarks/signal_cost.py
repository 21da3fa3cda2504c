"""The footprint path's share of a training step for several footprint signals, timed round-robin in one run.

`benchmarks/pretrain.py` times each signal's full step against its own no-projection step, so the reference of every
row is a separate measurement and moves with the machine's load (on a shared machine by 5-15% between rows). Here one
no-projection trainer and one full trainer per signal take turns, block after block, and every signal's share is read
against the same reference in the same round: per round (full / no-projection - 1), then the median and the range over
rounds; the order of the trainers rotates from round to round. The working design, the tiny preset on the bundled full-length pairs unless told otherwise.

    python benchmarks/signal_cost.py --threads 1 --rounds 8 --steps 4 [--json FILE]
    python benchmarks/signal_cost.py --signals dinuc motif:motif_pairs=true,n_channels=24 motif:n_channels=8
"""
import argparse, json, statistics, sys, time
from pathlib import Path
import torch
sys.path.insert(0, str(Path(__file__).parent))
from pretrain import build, sync


def time_rotated(trainers, steps, rounds, device):  # seconds per cell batch: one block per trainer per round, the order rotated each round
    for tr in trainers:
        for _ in range(2): tr.train_step()   # warm-up (allocator, autotuning)
    blocks = [[None] * rounds for _ in trainers]
    for r in range(rounds):
        for i in [(j + r) % len(trainers) for j in range(len(trainers))]:  # no trainer always runs first
            tr = trainers[i]; sync(device); t0 = time.perf_counter()
            for _ in range(steps): tr.train_step()
            sync(device); blocks[i][r] = (time.perf_counter() - t0) / (steps * tr.micro_batches)
    return blocks


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
    a = p.parse_args()
    torch.set_num_threads(a.threads); torch.manual_seed(0)
    trainers = [build(a.preset, False, a.K, a.L, a.device)] + [build(a.preset, True, a.K, a.L, a.device, extra=settings(s)) for s in a.signals]
    blocks = time_rotated(trainers, a.steps, a.rounds, a.device)
    ref = blocks[0]
    print(f'device {a.device}, torch {torch.__version__}, {a.threads} thread(s), preset {a.preset}, K {a.K}, L {a.L}/part, '
          f'{a.rounds} rounds of {a.steps}-step blocks, one per trainer, the order rotated each round\n')
    print(f"{'signal':45s} {'s/cell batch':>12s} {'share: median':>14s} {'range over rounds':>20s}")
    print(f"{'no projection (the reference)':45s} {statistics.median(ref):12.3f} {'-':>14s} {'-':>20s}")
    for s, t in zip(a.signals, blocks[1:]):
        share = [x / r - 1 for x, r in zip(t, ref)]
        print(f'{s:45s} {statistics.median(t):12.3f} {statistics.median(share):+13.1%} {min(share):+9.1%}..{max(share):+.1%}')
    print('\nshare: the footprint path\'s share of a step, full / no-projection - 1 within each round (goal <= +10%)')
    if a.json:
        rows = [dict(signal=s, seconds=t, share=[x / r - 1 for x, r in zip(t, ref)]) for s, t in zip(a.signals, blocks[1:])]
        json.dump(dict(settings=vars(a), torch=torch.__version__, reference_seconds=ref, rows=rows), open(a.json, 'w'), indent=1)


if __name__ == '__main__': main()

"""Pretraining speed on this machine: prints tables with ratios measured in the same run.

1. steps/s and samples/s of the tiny and small presets (full step: forward, every loss, backward, AdamW, EMA) on the
   bundled full-length pairs, centre-cropped to L bases per part;
2. the projection task's overhead: the full step against the same step with `--no-projection`, for the seed's design
   (one cell line per step, learned signal) and the working design (every cell line per step, one micro-batch
   each, the one-hot signal); times per cell batch (micro-batch), so that the two designs compare;
3. the backbone + MLM step against Hugging Face `BertForMaskedLM` with the same layers, hidden size, heads,
   feed-forward size and sequence length (needs `pip install transformers`; skipped otherwise);
4. peak memory of one training step against K and L (CPU: max RSS of a fresh process; GPU: max allocated).

Usage: python benchmarks/pretrain.py [--device cpu|cuda] [--steps 3] [--reps 5] [--presets tiny small] [--designs seed working]
       [--signals onehot dinuc] [--encoders conv pooled] [--variants KEY=VALUE ...] [--threads 2] [--no-memory]
(the full step and the no-projection step are timed in alternating blocks of --steps steps, --reps blocks each, so
that a change of the machine's load between them does not become an overhead; medians of the blocks)
(--signals, --encoders: one row of the working design per footprint signal and encoder; default: the design's own;
--variants: one more working-design row per setting, several keys joined by commas, e.g. model.footprint.cwc.learn_wavelet=false)
Timings on a shared machine are noisy: compare only within one run.
"""
import argparse, json, os, statistics, subprocess, sys, time
import torch

def build(preset, projection, K, L, device, bundled='pairs', design='working', signal=None, encoder=None, extra=None):  # full-length pairs fill the crops
    from footprint_nb.pretrain import make_config, Pretrainer
    over = {'design': design, **({'model.footprint.signal': signal} if signal else {}), **({'model.footprint.encoder': encoder} if encoder else {}), 'data.bundled': bundled, 'train.batch_size': K, 'tokenizer.max_enh_tokens': L, 'tokenizer.max_prom_tokens': L,
            'train.device': device, 'projection': projection, 'train.eval_every': 0, 'data.valid_fraction': 0.05, **(extra or {})}
    return Pretrainer(make_config(preset, over), '/tmp/footprint_bench_run', progress=False)

def sync(device):
    if device.startswith('cuda'): torch.cuda.synchronize()

def time_paired(trainers, steps, reps, device):  # seconds per cell batch of each trainer: medians of `reps` round-robin blocks
    for tr in trainers:
        for _ in range(2): tr.train_step()   # warm-up (allocator, autotuning)
    blocks = [[] for _ in trainers]
    for _ in range(reps):
        for tr, times in zip(trainers, blocks):
            sync(device); t0 = time.perf_counter()
            for _ in range(steps): tr.train_step()
            sync(device); times.append((time.perf_counter() - t0) / (steps * tr.micro_batches))
    return [statistics.median(t) for t in blocks], blocks

def hf_step_time(tr, steps, device):
    "BertForMaskedLM with the backbone's sizes on the same batches (MLM loss, backward, AdamW)."
    try: from transformers import BertConfig, BertForMaskedLM
    except ImportError: return None
    b = tr.cfg.model.backbone
    n_layers = b.n_layers + b.n_cross_layers
    cfg = BertConfig(vocab_size=b.vocab_size, hidden_size=b.d_model, num_hidden_layers=n_layers, num_attention_heads=b.n_heads,
                     intermediate_size=b.d_ff, max_position_embeddings=b.max_len, type_vocab_size=2,
                     hidden_dropout_prob=b.dropout, attention_probs_dropout_prob=0.0, attn_implementation='sdpa')
    model = BertForMaskedLM(cfg).to(device).train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    amp = tr.amp_dtype
    def step():
        batch = {k: v.to(device) if torch.is_tensor(v) else v for k, v in next(tr.batches()).items()}
        with torch.autocast(torch.device(device).type, dtype=amp or torch.float32, enabled=amp is not None):
            out = model(input_ids=batch['input_ids'], attention_mask=batch['attention_mask'].long(),
                        token_type_ids=batch['segment_ids'], labels=batch['labels'])
        out.loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
    for _ in range(2): step()
    sync(device); t0 = time.perf_counter()
    for _ in range(steps): step()
    sync(device)
    return (time.perf_counter() - t0) / steps

def _status_kib(key):
    for line in open('/proc/self/status'):
        if line.startswith(key): return int(line.split()[1])

def memory_child(preset, K, L, device):
    tr = build(preset, True, K, L, device, bundled='pairs')  # full-length pairs: every crop length is filled
    tr.train_step()  # optimiser state and allocator pools exist from here on
    if device.startswith('cuda'):
        torch.cuda.reset_peak_memory_stats(); tr.train_step(); return torch.cuda.max_memory_allocated() / 2**20
    base = _status_kib('VmRSS:')
    with open('/proc/self/clear_refs', 'w') as f: f.write('5')  # Linux: reset the peak RSS (VmHWM) to the current RSS
    tr.train_step()
    return (_status_kib('VmHWM:') - base) / 1024  # MiB the step needs above what the process already held

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--steps', type=int, default=3, help='timed steps per block')
    p.add_argument('--reps', type=int, default=5, help='alternating blocks per trainer')
    p.add_argument('--presets', nargs='+', default=['tiny', 'small'])
    p.add_argument('--designs', nargs='+', default=['seed', 'working'])
    p.add_argument('--signals', nargs='+', default=[None], help="the working design's rows with these footprint signals (e.g. onehot dinuc)")
    p.add_argument('--encoders', nargs='+', default=[None], help="the working design's rows with these footprint encoders (conv pooled)")
    p.add_argument('--variants', nargs='+', default=[], metavar='KEY=VALUE[,KEY=VALUE...]', help="one more working-design row per setting (several keys joined by commas), e.g. model.footprint.cwc.learn_wavelet=false")
    p.add_argument('--no-memory', action='store_true', help='skip the peak-memory table')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--memory-child', nargs=3, help=argparse.SUPPRESS)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.memory_child:
        print(json.dumps(memory_child(a.memory_child[0], int(a.memory_child[1]), int(a.memory_child[2]), a.device))); return
    print(f'device {a.device}, torch {torch.__version__}, {a.threads} threads, 2 warm-up steps, then {a.reps} alternating blocks of {a.steps} steps (full, no projection)\n')
    print(f"{'preset':<7} {'design':<30} {'K':>3} {'L/part':>6} {'batch s':>8} {'samples/s':>9} {'no-proj s':>9} {'overhead':>8} {'block range':>13} {'HF BERT s':>9} {'ours/HF':>7}")
    for preset in a.presets:
        K, L = {'tiny': (16, 200), 'small': (32, 500), 'base': (64, 1000)}[preset]
        rows = [(d, s, e, None) for d in a.designs for s in (a.signals if d == 'working' else [None]) for e in (a.encoders if d == 'working' else [None])]
        rows += [('working', None, None, v) for v in a.variants]
        for row, (design, signal, encoder, variant) in enumerate(rows):
            extra = dict(kv.split('=', 1) for kv in variant.split(',')) if variant else None
            tr1 = build(preset, True, K, L, a.device, design=design, signal=signal, encoder=encoder, extra=extra)
            tr0 = build(preset, False, K, L, a.device, design=design, extra=extra)  # a training setting changes the baseline too
            (full, noproj), (b1, b0) = time_paired([tr1, tr0], a.steps, a.reps, a.device)
            ratios = sorted(f / n - 1 for f, n in zip(b1, b0))  # each full block against the no-projection block after it
            hf = hf_step_time(tr0, a.steps, a.device) if row == 0 else None
            label = design + (f'/{signal}' if signal else '') + (f'/{encoder}' if encoder else '') + (f"/{','.join(kv.split('.')[-1] for kv in variant.split(','))}" if variant else '')
            print(f"{preset:<7} {label:<30} {K:>3} {L:>6} {full:>8.3f} {K/full:>9.1f} {noproj:>9.3f} {full/noproj - 1:>+8.1%} {f'{ratios[0]:+.0%}..{ratios[-1]:+.0%}':>13} "
                  f"{'-' if hf is None else f'{hf:.3f}':>9} {'-' if hf is None else f'{noproj/hf:.2f}':>7}")
            del tr1, tr0
    print('\nbatch s: seconds per cell batch of K samples (a working-design step takes one per cell line). overhead: full / no-projection - 1 (medians; goal <= +10%); block range: lowest..highest ratio of a full block to the no-projection block after it. ours/HF: backbone+MLM step (no projection) / BertForMaskedLM step (goal <= 1).')
    if a.no_memory: return
    print(f"\npeak memory of a training step, tiny preset, full-length pairs cropped to L bases per part ({'max allocated' if a.device.startswith('cuda') else 'peak RSS above the RSS before the step'}, MiB):")
    print(f"{'K':>4} {'L/part':>6} {'MiB':>8} {'MiB / (K*L)':>12}")
    for K, L in [(8, 200), (16, 200), (32, 200), (16, 100), (16, 400)]:
        r = subprocess.run([sys.executable, __file__, '--device', a.device, '--threads', str(a.threads), '--memory-child', 'tiny', str(K), str(L)],
                           capture_output=True, text=True)
        mib = float(r.stdout.strip().splitlines()[-1]) if r.returncode == 0 else float('nan')
        print(f'{K:>4} {L:>6} {mib:>8.1f} {mib / (K * L) * 1000:>11.2f}m')

if __name__ == '__main__': main()

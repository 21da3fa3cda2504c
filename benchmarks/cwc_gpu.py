"""Issue 16's GPU checks in one run: CPU/GPU agreement, the module's throughput against the device's memory bandwidth,
the `cwt` drop-in against ptwt, and the learnable forward+backward's speed and peak memory. About 1-2 minutes on one
H200; prints markdown tables and writes them as JSON.

    python benchmarks/cwc_gpu.py --out cwc_gpu.json            (on a machine with a CUDA GPU; `tools/gpu_check.sh` runs it)
    python benchmarks/cwc_gpu.py --device cpu --quick          (a smoke test of the script itself: small sizes, no GPU)

Timings are medians of CUDA-event-timed repetitions after warm-ups (perf_counter on the CPU), every reference measured
in the same run. The bandwidth reference is a device-to-device copy of a large tensor in the same run (bytes read +
written); the module's bytes are the least any transform must move: the input read once and |CWC| written once.
"""
import argparse, json, pathlib, statistics, sys, time, warnings
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # the repo, if footprint_nb is not installed
import numpy as np, torch
from footprint_nb.cwc import CWC, CWCConfig, cwt, valid_scales
warnings.filterwarnings('ignore', message='cwt: the')   # --quick's short signals: the long scales' warning

S = 32

def cmor_scales(L:int) -> np.ndarray:
    "pywt's cmor1.5-1.0 scales with the centre frequencies of our Morlet's `valid_scales(L, S)` (omega0 = 6)."
    return 2 * np.pi * valid_scales(L, S) / 6

def timer(device:str, reps:int):
    "fn -> median milliseconds of `reps` calls after 3 warm-ups."
    cuda = device.startswith('cuda')
    def median_ms(fn):
        for _ in range(3): fn()
        if cuda: torch.cuda.synchronize()
        ts = []
        for _ in range(reps):
            if cuda:
                e0, e1 = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                e0.record(); fn(); e1.record(); torch.cuda.synchronize(); ts.append(e0.elapsed_time(e1))
            else:
                t0 = time.perf_counter(); fn(); ts.append(1e3 * (time.perf_counter() - t0))
        return statistics.median(ts)
    return median_ms

def rel_err(a, b) -> float:
    "max |a - b| / max |b|, both moved to the CPU as complex128 (real or complex alike)."
    a, b = (torch.as_tensor(t).detach().cpu().to(torch.complex128) for t in (a, b))
    return float((a - b).abs().max() / b.abs().max().clamp_min(1e-300))

def agreement(device:str, L:int) -> list:
    "The module on the device against the same module on the CPU (output and every gradient), and the drop-in against pywt."
    rows, g = [], torch.Generator().manual_seed(0)
    x = torch.randn(8, 2, L, generator=g)
    mask = torch.arange(L)[None] < torch.tensor([L, L // 2, L - 7, L, 3 * L // 4, L, L // 3, L])[:, None]
    for padding in ('none', 'zero', 'reflect'):
        for learn in (False, True):
            cfg = CWCConfig(length=L, n_scales=S, padding=padding, learn_wavelet=learn, learn_scales=learn)
            cpu = CWC(cfg); dev = CWC(cfg).to(device); dev.load_state_dict(cpu.state_dict())
            w = torch.randn(8, 2, S, L, generator=g)                       # a fixed random upstream gradient
            outs = []
            for m, d in ((cpu, 'cpu'), (dev, device)):
                xi = x.clone().to(d).requires_grad_(True)
                y = m(xi, mask.to(d)); (y * w.to(d)).sum().backward()
                outs.append((y, xi.grad, [p.grad for p in m.parameters()]))
            (y0, gx0, gp0), (y1, gx1, gp1) = outs
            rows.append(dict(check=f'CWC padding={padding}, learnable={learn}', output=rel_err(y1, y0), grad_x=rel_err(gx1, gx0),
                             grad_params=max([rel_err(b, a) for a, b in zip(gp0, gp1)], default=0.0)))
    with torch.autocast(device_type=device.split(':')[0], dtype=torch.bfloat16):  # FFTs stay float32 under autocast
        y = CWC(CWCConfig(length=L, n_scales=S)).to(device)(x.to(device))
    rows.append(dict(check='CWC under bf16 autocast', dtype=str(y.dtype), finite=bool(torch.isfinite(y).all()),
                     output=rel_err(y, CWC(CWCConfig(length=L, n_scales=S))(x))))
    try:
        import pywt
        xn, a = x[:, 0].numpy(), cmor_scales(L)
        for wav in ('cmor1.5-1.0', 'morl', 'mexh'):
            ref = pywt.cwt(xn, a, wav, method='fft', axis=-1)[0]
            rows.append(dict(check=f'cwt drop-in {wav} float32 on {device} vs pywt.cwt', output=rel_err(cwt(x[:, 0].to(device), a, wav)[0], torch.from_numpy(ref))))
    except ImportError: rows.append(dict(check='cwt drop-in vs pywt', skipped='pywt not installed'))
    return rows

def copy_bandwidth(device:str, ms, n_bytes:int) -> float:
    "Bytes read + written per second by a device-to-device copy of n_bytes: the practical ceiling of any memory-bound kernel."
    a = torch.empty(n_bytes // 4, dtype=torch.float32, device=device); b = torch.empty_like(a)
    return 2 * n_bytes / (ms(lambda: b.copy_(a)) * 1e-3)

def throughput(device:str, ms, sizes, bandwidth:float) -> list:
    "Forward |CWC| (circular and zero-padded), the bare FFT work and the drop-in against ptwt, per (B, L)."
    rows = []
    try: import ptwt
    except ImportError: ptwt = None
    for B, L in sizes:
        x = torch.randn(B, 1, L, device=device)
        a_cmor = cmor_scales(L)
        Y = torch.randn(B * S, L, dtype=torch.complex64, device=device)
        least = (B * L + B * S * L) * 4                                   # read the input once, write |CWC| once (float32)
        ceil = ms(lambda: (torch.fft.rfft(x), torch.fft.ifft(Y)))
        r = dict(B=B, L=L, fft_ceiling_ms=ceil)
        for padding in ('none', 'zero'):
            m = CWC(CWCConfig(length=L, n_scales=S, padding=padding)).to(device)
            def fwd():
                with torch.no_grad(): m(x)
            t = ms(fwd)
            r[f'cwc_{padding}_ms'] = t; r[f'cwc_{padding}_over_ceiling'] = t / ceil
            r[f'cwc_{padding}_bandwidth_share'] = least / (t * 1e-3) / bandwidth
        r['dropin_cmor_ms'] = ms(lambda: cwt(x[:, 0], a_cmor, 'cmor1.5-1.0')[0])
        if ptwt is not None:
            r['ptwt_cmor_ms'] = ms(lambda: ptwt.cwt(x[:, 0], a_cmor, 'cmor1.5-1.0')[0])
            r['ptwt_over_dropin'] = r['ptwt_cmor_ms'] / r['dropin_cmor_ms']
        rows.append(r)
    return rows

def learnable(device:str, ms, sizes) -> list:
    "Forward+backward with learnable wavelet and scales: speed against ptwt's learnable cmor, peak memory over the output."
    rows = []
    try:
        import ptwt
        from ptwt.continuous_transform import _ComplexMorletWavelet
    except ImportError: ptwt = None
    cuda = device.startswith('cuda')
    for B, L in sizes:
        x = torch.randn(B, 1, L, device=device)
        mask = torch.arange(L, device=device)[None] < torch.randint(L // 2, L + 1, (B, 1), device=device)
        r = dict(B=B, L=L)
        for rec in (False, True):
            m = CWC(CWCConfig(length=L, n_scales=S, learn_wavelet=True, learn_scales=True, recompute=rec)).to(device)
            def fb(): m.zero_grad(); m(x, mask).sum().backward()
            r[f'recompute={rec}_ms'] = ms(fb)
            if cuda:
                torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats(); before = torch.cuda.memory_allocated()
                y = m(x, mask); out = y.numel() * y.element_size(); y.sum().backward(); torch.cuda.synchronize()
                r[f'recompute={rec}_peak_over_output'] = (torch.cuda.max_memory_allocated() - before) / out
                del y
        if ptwt is not None:
            wav, xd = _ComplexMorletWavelet('cmor1.5-1.0').to(device), x[:, 0].double()
            a_t = torch.from_numpy(cmor_scales(L)).to(device)
            def ptwt_fb(): wav.zero_grad(); ptwt.cwt(xd, a_t, wav)[0].abs().sum().backward()
            r['ptwt_fwd_bwd_ms'] = ms(ptwt_fb); r['ptwt_over_recompute=False'] = r['ptwt_fwd_bwd_ms'] / r['recompute=False_ms']
        rows.append(r)
    return rows

def markdown(rows:list) -> str:
    keys = list(dict.fromkeys(k for r in rows for k in r))
    fmt = lambda v: f'{v:.3g}' if isinstance(v, float) else str(v)
    return '\n'.join(['| ' + ' | '.join(keys) + ' |', '|' + '---|' * len(keys)] + ['| ' + ' | '.join(fmt(r.get(k, '')) for k in keys) + ' |' for r in rows])

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--device', default='cuda'); p.add_argument('--quick', action='store_true', help='small sizes, few repetitions')
    p.add_argument('--reps', type=int, default=20); p.add_argument('--out', default=None, help='write every table as JSON here')
    a = p.parse_args()
    if a.device.startswith('cuda') and not torch.cuda.is_available(): sys.exit('no CUDA device: run this on a GPU machine, or --device cpu --quick')
    t0, reps = time.time(), 3 if a.quick else a.reps
    ms = timer(a.device, reps)
    sizes = [(8, 256)] if a.quick else [(64, 1024), (64, 4096), (1024, 1024), (1024, 4096)]
    name = torch.cuda.get_device_name() if a.device.startswith('cuda') else 'cpu'
    res = dict(device=name, torch=torch.__version__, S=S, reps=reps)
    res['agreement'] = agreement(a.device, 256 if a.quick else 1024)
    res['copy_bandwidth_GBps'] = copy_bandwidth(a.device, ms, 1 << (24 if a.quick else 31)) / 1e9
    res['throughput'] = throughput(a.device, ms, sizes, res['copy_bandwidth_GBps'] * 1e9)
    res['learnable'] = learnable(a.device, ms, sizes[:2] if not a.quick else sizes)
    print(f"{name}, torch {torch.__version__}, S = {S}, median of {reps} repetitions\n")
    print('Agreement (max |device - CPU| / max |CPU|; the drop-in against pywt.cwt on the CPU)\n'); print(markdown(res['agreement']))
    print(f"\nDevice-to-device copy: {res['copy_bandwidth_GBps']:.0f} GB/s (read + written)\n")
    print('Forward |CWC| and the drop-in (ms; bandwidth share: input + output bytes per second over the copy\'s; goal >= 0.6)\n')
    print(markdown(res['throughput']))
    print('\nLearnable forward+backward (ms; peak memory over the output: goal <= 1.5 with recompute)\n'); print(markdown(res['learnable']))
    print(f'\n(total {time.time() - t0:.0f} s)')
    if a.out: pathlib.Path(a.out).write_text(json.dumps(res, indent=1))

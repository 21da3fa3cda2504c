"""Benchmark footprint_nb.cwc against pywt.cwt, ssqueezepy.cwt, ptwt.cwt and the bare FFT work; prints one table per
thread count (1 and 2), B=64 signals, S=32 scales, L=1024 and 4096, the memory kept for the backward, and the peak memory of a learnable forward+backward.

Run from the repo root:  python benchmarks/cwc.py     (CWC_BENCH_REPS=5 by default; about 2-4 minutes on 2 cores)
Every row is timed in the same run, round-robin (one repetition of every method, then the next), so a busy machine
slows all rows alike; the medians are reported. Compare only within one table.
"""
import os, time, warnings
os.environ.setdefault('OMP_NUM_THREADS', '2')
import sys, pathlib
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # the repo, if footprint_nb is not installed
import numpy as np, torch
warnings.filterwarnings('ignore')
import pywt, ptwt, ssqueezepy
from ptwt.continuous_transform import _ComplexMorletWavelet
from footprint_nb.cwc import CWC, CWCConfig, cwt, valid_scales

B, S, REPS = 64, 32, int(os.environ.get('CWC_BENCH_REPS', 5))
CEIL, PYWT, SSQ, PTWT, PTWT_FB = ('FFT ceiling: rfft(B,L) + ifft(B*S,L)', 'pywt.cwt cmor1.5-1.0 fft, abs',
    'ssqueezepy.cwt morlet padtype=None, abs', 'ptwt.cwt cmor1.5-1.0, abs', 'fwd+bwd ptwt learnable cmor (float64 inside ptwt)')
SSQ_ZERO = 'ssqueezepy.cwt morlet padtype=zero, abs'
FLOOR = 'FFT work alone: rfft(B,L) + ifft(B*S,L) in cache-sized batches, no output kept'
# like with like: each drop-in row against the same pywt call, each CWC row against ssqueezepy with the same padding
MATCH = {'cwt (pywt drop-in) cmor1.5-1.0': 'pywt.cwt cmor1.5-1.0 fft', 'cwt (pywt drop-in) cmor1.5-1.0, abs': PYWT,
         'cwt (pywt drop-in) morl': 'pywt.cwt morl fft', 'CWC abs padding=none (circular)': SSQ, 'CWC abs padding=zero': SSQ_ZERO}

def methods(L):
    "name -> function: every row of one table at length L (the same signals and centre frequencies everywhere)."
    xn = np.random.default_rng(0).standard_normal((B, L)).astype(np.float32)
    x = torch.from_numpy(xn)
    a = valid_scales(L, S)                     # our Morlet scales (omega0 = 6)
    a_cmor = 2 * np.pi * a / 6                 # the same centre frequencies for cmor1.5-1.0 (centre 1 cycle per unit)
    Y = torch.randn(B * S, L, dtype=torch.complex64)
    per = (1 << 19) // L                       # rows per batch: the module's default chunk_elems
    def floor():
        torch.fft.rfft(x)
        for i in range(0, B * S, per): torch.fft.ifft(Y[i:i + per])
    cw = {p: CWC(CWCConfig(length=L, n_scales=S, padding=p)) for p in ('none', 'zero')}
    learn = {r: CWC(CWCConfig(length=L, n_scales=S, padding='zero', learn_wavelet=True, learn_scales=True, recompute=r))
             for r in (False, True)}
    def fwd(m):
        def f():
            with torch.no_grad(): m(x[:, None])
        return f
    def fb(m):
        def f(): m.zero_grad(); m(x[:, None]).sum().backward()
        return f
    wav, xd, a_t = _ComplexMorletWavelet('cmor1.5-1.0'), x.double(), torch.from_numpy(a_cmor)
    def ptwt_fb(): wav.zero_grad(); ptwt.cwt(xd, a_t, wav)[0].abs().sum().backward()
    return {CEIL: lambda: (torch.fft.rfft(x), torch.fft.ifft(Y)), FLOOR: floor,
            'CWC abs padding=none (circular)': fwd(cw['none']),
            'CWC abs padding=zero': fwd(cw['zero']),
            'cwt (pywt drop-in) cmor1.5-1.0': lambda: cwt(xn, a_cmor, 'cmor1.5-1.0')[0],
            'cwt (pywt drop-in) cmor1.5-1.0, abs': lambda: np.abs(cwt(xn, a_cmor, 'cmor1.5-1.0')[0]),
            'cwt (pywt drop-in) morl': lambda: cwt(xn, a_cmor, 'morl')[0],
            'pywt.cwt cmor1.5-1.0 fft': lambda: pywt.cwt(xn, a_cmor, 'cmor1.5-1.0', method='fft', axis=-1)[0],
            PYWT: lambda: np.abs(pywt.cwt(xn, a_cmor, 'cmor1.5-1.0', method='fft', axis=-1)[0]),
            'pywt.cwt morl fft': lambda: pywt.cwt(xn, a_cmor, 'morl', method='fft', axis=-1)[0],
            SSQ: lambda: np.abs(ssqueezepy.cwt(xn, 'morlet', scales=a.astype(np.float32), padtype=None, astensor=False)[0]),
            SSQ_ZERO: lambda: np.abs(ssqueezepy.cwt(xn, 'morlet', scales=a.astype(np.float32), padtype='zero', astensor=False)[0]),
            PTWT: lambda: ptwt.cwt(x, a_cmor, 'cmor1.5-1.0')[0].abs(),
            'fwd+bwd CWC learnable (wavelet + scales), zero pad': fb(learn[False]),
            'fwd+bwd CWC learnable, recompute=True': fb(learn[True]),
            PTWT_FB: ptwt_fb}

def timings(L, reps=REPS):
    fns = methods(L)
    for f in fns.values(): f()                               # warm up (caches, plans, allocator)
    ts = {k: [] for k in fns}
    for _ in range(reps):
        for k, f in fns.items():
            t0 = time.perf_counter(); f(); ts[k].append(time.perf_counter() - t0)
    return {k: 1e3 * float(np.median(v)) for k, v in ts.items()}

def saved_bytes(m, x, mask):
    "Bytes autograd keeps for the backward beyond the returned output (saved tensors, each storage once), output's bytes."
    seen = {}
    def pack(t): seen[t.untyped_storage().data_ptr()] = t.untyped_storage().nbytes(); return t
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t): y = m(x, mask)
    seen.pop(y.untyped_storage().data_ptr(), None)     # the output itself: the caller holds it
    return sum(seen.values()), y.numel() * y.element_size()

def table(threads):
    torch.set_num_threads(threads)
    os.environ['SSQ_PARALLEL'] = '1' if threads > 1 else '0'
    res = {L: timings(L) for L in (1024, 4096)}
    print(f"\n{threads} thread{'s' if threads > 1 else ''} (torch {torch.__version__}), B={B}, S={S}, median of {REPS} "
          f"round-robin runs; ratios > 1 in the reference columns mean the row is faster than that reference; "
          f"like-for-like: a drop-in row against the same pywt call, a CWC row against ssqueezepy with the same padding\n")
    print("| L | method | ms | like-for-like ref / row | pywt / row | ssqueezepy / row | ptwt / row | row / FFT ceiling | ptwt fwd+bwd / row |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for L, r in res.items():
        for k, t in r.items():
            fbr = f"{r[PTWT_FB] / t:.2f}" if k.startswith('fwd+bwd') else '-'
            same = f"{r[MATCH[k]] / t:.2f}" if k in MATCH else '-'
            print(f"| {L} | {k} | {t:.1f} | {same} | {r[PYWT] / t:.2f} | {r[SSQ] / t:.2f} | {r[PTWT] / t:.2f} | {t / r[CEIL]:.2f} | {fbr} |")
    return res

def memory_table():
    print("\nMemory kept between forward and backward, learnable wavelet + scales, zero padding, B=64 signals, S=32, "
          "a validity mask (autograd saved tensors other than the returned output, each storage once, deterministic; the "
          "output itself is 1x; the backward's transient buffers are one chunk's, chunk_elems complex values)\n")
    print("| L | recompute | saved beyond the output / output | (output + saved) / output |\n|---|---|---:|---:|")
    for L in (1024, 4096):
        for r in (False, True):
            m = CWC(CWCConfig(length=L, n_scales=S, learn_wavelet=True, learn_scales=True, recompute=r))
            mask = torch.arange(L)[None] < torch.randint(L // 2, L + 1, (B, 1))
            saved, out = saved_bytes(m, torch.randn(B, 1, L), mask)
            print(f"| {L} | {r} | {saved / out:.2f} | {1 + saved / out:.2f} |")

PEAK = """
import resource, sys, torch
from footprint_nb.cwc import CWC, CWCConfig
L, recompute = int(sys.argv[1]), sys.argv[2] == 'True'
torch.manual_seed(0); torch.set_num_threads(1)
m = CWC(CWCConfig(length=L, n_scales=32, learn_wavelet=True, learn_scales=True, recompute=recompute))
x, mask = torch.randn(64, 1, L), torch.arange(L)[None] < torch.randint(L // 2, L + 1, (64, 1))
def status(key): return next(int(l.split()[1]) * 1024 for l in open('/proc/self/status') if l.startswith(key))
m(x[:2], mask[:2]).sum().backward()            # libraries' one-off set-up (FFT descriptors, thread pools), at 2 signals
open('/proc/self/clear_refs', 'w').write('5')  # reset the peak resident set (Linux >= 4.0)
before = status('VmRSS:')
y = m(x, mask); out = y.numel() * y.element_size(); y.sum().backward()
print((status('VmHWM:') - before) / out)
"""

def peak_table():
    "Peak resident memory of one learnable forward+backward over the resident memory before it, in a fresh process each."
    import subprocess
    print("\nPeak memory of one learnable forward+backward (wavelet + scales, zero padding, B=64, S=32, a validity mask), "
          "in units of the output: the process's peak resident set minus its resident set just before the call, a fresh "
          "process per row after one call on 2 signals (the libraries' one-off set-up), so every buffer of the call, "
          "the scratch kept between calls included, is counted once; glibc's mmap threshold fixed at 128 KiB so that "
          "freed blocks leave the resident set and it follows the live memory)\n")
    print("| L | recompute | peak / output |\n|---|---|---:|")
    root = str(pathlib.Path(__file__).resolve().parents[1])
    for L in (1024, 4096):
        for r in (False, True):
            res = subprocess.run([sys.executable, '-c', PEAK, str(L), str(r)], capture_output=True, text=True, cwd=root,
                                 env={**os.environ, 'PYTHONPATH': root, 'PYTHONWARNINGS': 'ignore',
                                      'MALLOC_MMAP_THRESHOLD_': '131072'})   # freed blocks go back: resident = live
            print(f"| {L} | {r} | {float(res.stdout.split()[-1]):.2f} |" if res.returncode == 0 else f"| {L} | {r} | failed: {res.stderr[-200:]} |")

if __name__ == '__main__':
    t0 = time.time()
    for threads in (1, 2): table(threads)
    memory_table()
    peak_table()
    print(f"\n(total {time.time() - t0:.0f} s)")

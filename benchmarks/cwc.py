"""Benchmark footprint_nb.cwc against pywt.cwt, ssqueezepy.cwt, ptwt.cwt and the bare FFT work; prints one table.

Run from the repo root:  python benchmarks/cwc.py   (B=64 signals, S=32 scales, L=1024 and 4096, 2 torch threads)
All timings are medians of repeated runs in this one process; compare only within one run.
"""
import os, time, warnings
os.environ.setdefault('OMP_NUM_THREADS', '2')
import sys, pathlib
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # the repo, if footprint_nb is not installed
import numpy as np, torch
torch.set_num_threads(2)
warnings.filterwarnings('ignore')
import pywt, ptwt, ssqueezepy
from ptwt.continuous_transform import _ComplexMorletWavelet
from footprint_nb.cwc import CWC, CWCConfig, cwt, valid_scales

B, S, REPS = 64, 32, int(os.environ.get('CWC_BENCH_REPS', 5))

def bench(fn, reps=REPS):
    fn()                                   # warm up (caches, allocator)
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); ts.append(time.perf_counter() - t0)
    return 1e3 * float(np.median(ts))

def run(L):
    rng = np.random.default_rng(0)
    xn = rng.standard_normal((B, L)).astype(np.float32)
    x = torch.from_numpy(xn)
    a = valid_scales(L, S)                     # our Morlet scales (omega0 = 6)
    a_cmor = 2 * np.pi * a / 6                 # the same centre frequencies for cmor1.5-1.0 (centre 1 cycle per unit)
    rows = {}
    Y = torch.randn(B * S, L, dtype=torch.complex64)
    rows['FFT ceiling: rfft(B,L) + ifft(B*S,L)'] = bench(lambda: (torch.fft.rfft(x), torch.fft.ifft(Y)))
    cw = {p: CWC(CWCConfig(length=L, n_scales=S, padding=p)) for p in ('none', 'zero')}
    with torch.no_grad():
        rows['CWC |.| padding=none (circular)'] = bench(lambda: cw['none'](x[:, None]))
        rows['CWC |.| padding=zero'] = bench(lambda: cw['zero'](x[:, None]))
    rows['cwt (pywt drop-in) cmor1.5-1.0, |.|'] = bench(lambda: np.abs(cwt(xn, a_cmor, 'cmor1.5-1.0')[0]))
    rows['pywt.cwt cmor1.5-1.0 fft, |.|'] = bench(lambda: np.abs(pywt.cwt(xn, a_cmor, 'cmor1.5-1.0', method='fft', axis=-1)[0]), reps=3)
    rows['ssqueezepy.cwt morlet padtype=None, |.|'] = bench(lambda: np.abs(ssqueezepy.cwt(xn, 'morlet', scales=a.astype(np.float32), padtype=None, astensor=False)[0]))
    rows['ptwt.cwt cmor1.5-1.0, |.|'] = bench(lambda: ptwt.cwt(x, a_cmor, 'cmor1.5-1.0')[0].abs(), reps=3)
    # forward + backward with learnable wavelet parameters
    learn = CWC(CWCConfig(length=L, n_scales=S, padding='zero', learn_wavelet=True, learn_scales=True))
    def ours_fb():
        learn.zero_grad(); learn(x[:, None]).sum().backward()
    rows['fwd+bwd CWC learnable (wavelet + scales), zero pad'] = bench(ours_fb, reps=3)
    wav = _ComplexMorletWavelet('cmor1.5-1.0')
    xd = x.double()
    def ptwt_fb():
        wav.zero_grad(); ptwt.cwt(xd, torch.from_numpy(a_cmor), wav)[0].abs().sum().backward()
    rows['fwd+bwd ptwt learnable cmor (float64 inside ptwt)'] = bench(ptwt_fb, reps=2)
    return rows

if __name__ == '__main__':
    res = {L: run(L) for L in (1024, 4096)}
    names = list(res[1024])
    def ratio(L, num, den): return res[L][num] / res[L][den]
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, B={B}, S={S}, median of {REPS} runs (ms)\n")
    print(f"| method | L=1024 ms | L=4096 ms |\n|---|---:|---:|")
    for n in names: print(f"| {n} | {res[1024][n]:.1f} | {res[4096][n]:.1f} |")
    ours = 'CWC |.| padding=zero'
    print(f"\n| ratio (others / ours, >1 means ours faster) | L=1024 | L=4096 | goal |\n|---|---:|---:|---:|")
    for n, goal in [('pywt.cwt cmor1.5-1.0 fft, |.|', '>= 4'), ('ssqueezepy.cwt morlet padtype=None, |.|', '>= 2'),
                    ('ptwt.cwt cmor1.5-1.0, |.|', '>= 3.5')]:
        print(f"| {n} / CWC zero pad | {ratio(1024, n, ours):.2f} | {ratio(4096, n, ours):.2f} | {goal} |")
    n = 'ssqueezepy.cwt morlet padtype=None, |.|'
    o = 'CWC |.| padding=none (circular)'
    print(f"| {n} / CWC circular (both unpadded) | {ratio(1024, n, o):.2f} | {ratio(4096, n, o):.2f} | >= 2 |")
    c = 'FFT ceiling: rfft(B,L) + ifft(B*S,L)'
    for o in ('CWC |.| padding=none (circular)', ours):
        print(f"| {o} / FFT ceiling | {ratio(1024, o, c):.2f} | {ratio(4096, o, c):.2f} | <= 1.3 |")
    fb = ('fwd+bwd ptwt learnable cmor (float64 inside ptwt)', 'fwd+bwd CWC learnable (wavelet + scales), zero pad')
    print(f"| ptwt fwd+bwd / CWC fwd+bwd | {ratio(1024, *fb):.2f} | {ratio(4096, *fb):.2f} | >= 3 |")

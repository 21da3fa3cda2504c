"""Tried, not kept: the band-limited ("pruned") inverse FFT for `CWC`'s forward |CWC| (issue 16).

The Morlet filter of scale a is a Gaussian bump around omega0 / a: above 1e-8 of its peak it covers K bins of the
n // 2 + 1 one-sided ones, a few thousand at the smallest scales and a few dozen at the largest (the table printed
first). The product Z = X psi is then zero outside bins [k0, k0 + K), and for any R dividing n with n / R >= K

    T[R t + r] = e^(2 pi i k0 (R t + r) / n) / R * IFFT_{n/R}( Z[k0 + j] e^(2 pi i j r / n) )[t],   j < K,

so R inverse FFTs of length n / R replace one of length n (n log(n / R) work instead of n log n), and the modulus
drops the phase in front. The output comes out as (R, n / R), T's samples interleaved, and must be transposed on
the way into the (B, S, L) result. This script times that path (the transpose fused into the modulus: numpy's
|.| of the transposed view written straight into the output; bands kept only where R >= `min_R`) against the
module's forward in the same run, round-robin, no gradient, B = 64, S = 32, one thread.

    python benchmarks/cwc_band.py        (about 10 seconds)
"""
import os, sys, math, time, pathlib
os.environ.setdefault('OMP_NUM_THREADS', '1')
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import numpy as np, torch
from footprint_nb.cwc import CWC, CWCConfig, _chunk_transform, _empty

B, S, ROUNDS, TOL = 64, 32, int(os.environ.get('CWC_BENCH_REPS', 9)), 1e-8

def band(psi, n:int, tol:float=TOL): # (s, nh) real -> (k0, k1, R): the bins above tol x each row's peak, the largest R | n with n / R >= k1 - k0
    a = psi.abs(); keep = (a > tol * a.amax(-1, keepdim=True)).any(0).nonzero().flatten()
    k0, k1 = int(keep[0]), int(keep[-1]) + 1
    return k0, k1, max(d for d in range(1, n + 1) if n % d == 0 and n // d >= k1 - k0)

def banded(m:CWC, x, min_R:int): # (B, 1, L) -> forward |CWC| (B, S, L) through the band-limited path where R >= min_R
    BC, L = x.shape[0], x.shape[-1]
    chunks, psis, ffts = m._chunks(m.scales(), L, BC, x.dtype, x.device, False)
    plan = m.__dict__.setdefault('_band_plan', {})
    if (L, min_R) not in plan:
        parts = []
        for (s0, s1, n, start, xi), psi in zip(chunks, psis):
            k0, k1, R = band(psi, n)
            if R < min_R or start: parts.append(None); continue
            j, r = torch.arange(k1 - k0, dtype=torch.float64), torch.arange(R, dtype=torch.float64)
            twiddle = torch.polar(torch.ones(R, k1 - k0, dtype=torch.float64), 2 * math.pi * r[:, None] * j[None] / n)
            F = (psi[:, None, k0:k1] * twiddle / R).to(torch.complex64)               # (s, R, K)
            parts.append((k0, k1, R, F, torch.zeros(BC, s1 - s0, R, n // R, dtype=torch.complex64)))
        plan[(L, min_R)] = parts
    X = [torch.fft.rfft(x[:, 0], n=n) for n, _ in ffts]                               # (B, n//2 + 1) per length
    out = _empty((BC, S, L), torch.float32, x.device)
    for (s0, s1, n, start, xi), psi, part in zip(chunks, psis, plan[(L, min_R)]):
        o = out[:, s0:s1].numpy()
        if part is None: np.abs(_chunk_transform(X[xi], psi, n)[..., start:start + L].numpy(), out=o); continue
        k0, k1, R, F, A = part
        torch.mul(X[xi][:, None, None, k0:k1], F, out=A[..., :k1 - k0])
        y = torch.fft.ifft(A).numpy().swapaxes(-1, -2)                                 # (B, s, n/R, R): T[R t + r]
        q = L // R
        np.abs(y[..., :q, :], out=o[..., :q * R].reshape(BC, s1 - s0, q, R))
        if L > q * R: np.abs(y[..., q, :L - q * R], out=o[..., q * R:])
    return out

if __name__ == '__main__':
    torch.set_num_threads(1)
    print(f"Band-limited inverse FFT against CWC's forward, B={B}, S={S}, 1 thread, no gradient, median of {ROUNDS} round-robin rounds (torch {torch.__version__})\n")
    rows = []
    for L in (1024, 4096):
        for pad in ('none', 'zero'):
            m, x = CWC(CWCConfig(length=L, n_scales=S, padding=pad)), torch.randn(B, 1, L)
            with torch.no_grad():
                ref = m(x)[:, 0]
                if pad == 'none':
                    ch, ps, _ = m._chunks(m.scales(), L, B, torch.float32, 'cpu', False)
                    bands = [(band(p, c[2]), p.shape[-1]) for c, p in zip(ch, ps)]           # ((k0, k1, R), n//2 + 1) per chunk
                    print(f"L = {L}: bins above {TOL:g} of the peak, per chunk of scales (K of n//2+1, and R):",
                          ', '.join(f"{k1 - k0}/{K} R={R}" for (k0, k1, R), K in bands))
                fns = {'CWC forward': lambda: m(x), 'band, R >= 2': lambda: banded(m, x, 2), 'band, R >= 8': lambda: banded(m, x, 8)}
                err = {k: float((f().view(ref.shape) - ref).abs().max() / ref.abs().max()) for k, f in fns.items() if k != 'CWC forward'}
                ts = {k: [] for k in fns}
                for _ in range(ROUNDS):
                    for k, f in fns.items(): t0 = time.perf_counter(); f(); ts[k].append(time.perf_counter() - t0)
            med = {k: 1e3 * float(np.median(v)) for k, v in ts.items()}
            for k in fns: rows.append(f"| {L} | {pad} | {k} | {med[k]:.1f} | {med['CWC forward'] / med[k]:.2f} | {err.get(k, 0.):.1e} |")
    print("\n| L | padding | path | ms | CWC forward / row | max rel. difference from CWC |\n|---|---|---|---:|---:|---:|")
    print('\n'.join(rows))

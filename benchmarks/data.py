"Time loading, tokenising, masking and collating the bundled corpus (footprint_nb.data). Run: python benchmarks/data.py"
import sys, time, warnings
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
from footprint_nb.data import *

def main():
    t0 = time.perf_counter(); samples = load_bundled('all'); t_load = time.perf_counter() - t0
    rows = []
    for k, stride in [(1, 1), (3, 1), (6, 1), (6, 6)]:
        tok = KmerTokenizer(k=k, stride=stride, max_enh_tokens=512, max_prom_tokens=512)
        t0 = time.perf_counter(); ds = EPDataset(samples, tok); t_codes = time.perf_counter() - t0
        t0 = time.perf_counter(); items = [ds[i] for i in range(len(ds))]; t_tok = time.perf_counter() - t0
        col = EPCollator(tok, MaskConfig(), seed=0)
        t0 = time.perf_counter(); nb = 0
        for j in range(0, 64 * 100, 64): col(items[j:j + 64]); nb += 1
        t_col = (time.perf_counter() - t0) / nb
        ntok = sum(len(it['enc'].input_ids) for it in items)
        rows.append((k, stride, t_codes, t_tok, ntok / 1e6, 1e3 * t_col))
    print(f"load_bundled('all'): {len(samples)} pairs in {t_load:.2f} s")
    print(f"{'k':>3}{'stride':>8}{'codes s':>10}{'tokenise s':>12}{'M tokens':>10}{'collate ms/64':>15}{'tok time / k=1':>16}")
    for r in rows: print(f"{r[0]:>3}{r[1]:>8}{r[2]:>10.2f}{r[3]:>12.2f}{r[4]:>10.1f}{r[5]:>15.1f}{r[3] / rows[0][3]:>16.2f}")

if __name__ == '__main__':
    with warnings.catch_warnings():
        warnings.simplefilter('ignore'); main()

"""Run every notebook's tests, as `nbdev-test` does, and count them: prints `N passed, M failed` (notebooks).

nbdev-test prints no count; this runs `nbdev-test --path NB` per notebook (two at a time, one per core), shows
each notebook's result and time as it finishes, and exits non-zero if any failed.
Usage: python tools/run_tests.py [--flags "slow cuda"] [--workers 2] [NOTEBOOK ...]
"""
import argparse, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

root = Path(__file__).resolve().parents[1]

def run_one(nb, flags):
    cmd = [str(Path(sys.executable).parent/'nbdev-test'), str(nb)] + (['--flags', flags] if flags else [])
    t0 = time.time()
    res = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    return nb, res.returncode == 0, time.time() - t0, (res.stdout + res.stderr).strip()

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*', help='notebooks to test (default: every nbs/*.ipynb)')
    p.add_argument('--flags', default='', help='test flags to run that are skipped by default, e.g. "slow cuda"')
    p.add_argument('--workers', type=int, default=2)
    a = p.parse_args()
    nbs = [Path(n) for n in a.notebooks] or sorted(n for n in (root/'nbs').glob('*.ipynb') if not n.name.startswith('_'))
    passed, failed = 0, []
    with ThreadPoolExecutor(a.workers) as pool:
        for fut in as_completed([pool.submit(run_one, nb, a.flags) for nb in nbs]):
            nb, ok, secs, log = fut.result()
            print(f"{'PASS' if ok else 'FAIL'} {nb.name} ({secs:.0f}s)", flush=True)
            if ok: passed += 1
            else: failed.append((nb, log))
    for nb, log in failed: print(f'\n===== {nb.name} =====\n{log[-6000:]}')
    print(f'\n{passed} passed, {len(failed)} failed')
    sys.exit(1 if failed else 0)

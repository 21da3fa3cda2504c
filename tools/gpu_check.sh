#!/usr/bin/env bash
# The GPU checks owed by issue 16, as one prepared command for a machine with a CUDA GPU (about 3-5 minutes):
# the `#| cuda` cells of the notebooks that have them, then `benchmarks/cwc_gpu.py` (CPU/GPU agreement, throughput
# against the device's copy bandwidth, the drop-in against ptwt, learnable forward+backward speed and peak memory).
#
#   bash tools/gpu_check.sh --wheels     here, once: the packages a bare GPU image lacks, as wheels in .whl/ (ignored by git)
#   bash tools/gpu_check.sh              there, from the repo root, with .whl carried along; logs and JSON go to $OUT
#
# The GPU image is assumed to hold torch, numpy, scipy, numba, matplotlib, seaborn, pyyaml, tqdm and safetensors;
# everything else the package, the notebooks' runner and the references need travels as wheels.
set -uo pipefail
cd "$(dirname "$0")/.."
WHEELS="fastcore==2.2.41 execnb==0.3.4 nbdev==3.3.26 asttokens==3.0.2 astunparse==1.6.3 fastgit==0.1.4 ghapi==2.1.4
  watchdog==7.1.0 ipython==9.18.1 ipython_pygments_lexers==1.1.1 jedi==0.20.1 parso==0.8.7 pexpect==4.9.0 ptyprocess==0.7.0
  prompt_toolkit==3.0.53 wcwidth==0.9.4 stack_data==0.6.3 executing==2.3.0 pure_eval==0.2.4 traitlets==5.16.1
  decorator matplotlib-inline==0.2.2 comm==0.2.3 ipywidgets==8.1.9 jupyterlab_widgets==3.0.17 widgetsnbextension==4.0.16
  PyWavelets==1.9.0 ptwt==1.0.1 ssqueezepy==0.6.6"
if [ "${1:-}" = --wheels ]; then
  grep -qx '/.whl/' .git/info/exclude 2>/dev/null || { mkdir -p .git/info; echo '/.whl/' >> .git/info/exclude; }
  python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 -d .whl $WHEELS && du -sh .whl && ls .whl | wc -l
  exit
fi
OUT=${OUT:-/tmp/gpu_check}; mkdir -p "$OUT"
[ -d .whl ] || { echo "no .whl/: run 'bash tools/gpu_check.sh --wheels' here first and carry .whl"; exit 1; }
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 MPLBACKEND=Agg
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$OUT/device.txt"
python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name())" | tee -a "$OUT/device.txt"
echo "== the #| cuda cells (02_cwc, 05_model), with every other cell of those notebooks"
t0=$SECONDS
timeout 240 python3 /tmp/site/bin/nbdev-test --flags cuda --file-re '^(02_cwc|05_model)' --n-workers 2 --timing 2>&1 | tee "$OUT/cuda_tests.log"
echo "cuda tests: exit ${PIPESTATUS[0]} in $((SECONDS - t0)) s" | tee -a "$OUT/cuda_tests.log"
echo "== benchmarks/cwc_gpu.py"
timeout 240 python3 benchmarks/cwc_gpu.py --out "$OUT/cwc_gpu.json" 2>&1 | tee "$OUT/cwc_gpu.md"

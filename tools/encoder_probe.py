"""Issue 14's encoder search: the footprint path alone, trained by L_cell, on the corpus of `tools/cli_motif_check.py`.

Which part of the path keeps the specific footprint from naming the cell line in 300 steps? The path of the working
design (base-pair signal, learnable CWC, 12 scales) without a backbone or MLM; each step one 16-sample batch of each of the
4 cell lines (15% of the tokens masked, as in training), CE of a small MLP on group means of z_spec (VIEWS groups per
batch); then nearest-centroid cell ID of 16-sequence means of z_spec, held-out pairs against centroids of the training
pairs. Encoder variants as environment variables: ENC=conv (the package's FootprintEncoder; NORM=none drops its
per-pixel LayerNorms, DH its width), ENC=linear (one linear map of the pooled log1p|CWC| rows; STD=1 standardises them
with running statistics, BANDS averages scales into bands, POOL=mean drops the max), ENC=convstd; LR, WD.

    python tools/encoder_probe.py dinuc 1 0 300 [DATA_DIR]           # the convolutional encoder
    ENC=linear STD=1 python tools/encoder_probe.py dinuc 1 0 300     # what became `PooledEncoder`
    python tools/encoder_probe.py --fixed [DATA_DIR]                 # fixed features, no training

DATA_DIR (default /tmp/cli_motif) must hold train.csv and heldout.csv as `cli_motif_check.py` writes them.
Stored: nbs/results/encoder_probe.json."""
import os, sys, csv, math, json, time; os.environ.setdefault('OMP_NUM_THREADS','1')
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(1); from footprint_nb.footprint import FootprintPath, FootprintConfig
from footprint_nb.signals import mask_and_center
from footprint_nb.cwc import CWCConfig
from footprint_nb.metrics import nearest_centroid_predict
if sys.argv[1] == '--fixed':
    import runpy; sys.argv = [sys.argv[0]] + sys.argv[2:]; runpy.run_path(str(__import__('pathlib').Path(__file__).with_name('encoder_probe_fixed.py')), run_name='__main__'); sys.exit()
signal, views, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
steps = int(sys.argv[4]) if len(sys.argv) > 4 else 300
data = sys.argv[5] if len(sys.argv) > 5 else '/tmp/cli_motif'
VOC = ['[PAD]','[MASK]','A','C','G','T']
def load(p):
    rows = list(csv.DictReader(open(p)))
    enc = lambda s: [2 + 'ACGT'.index(b) for b in s]
    cells = sorted(set(r['cell_line'] for r in rows))
    E = torch.tensor([enc(r['enhancer_seq']) for r in rows]); P = torch.tensor([enc(r['promoter_seq']) for r in rows])
    return E, P, np.array([r['cell_line'] for r in rows])
Etr, Ptr, ctr = load(f'{data}/train.csv'); Ete, Pte, cte = load(f'{data}/heldout.csv')
cells = sorted(set(ctr)); L = Etr.shape[1]
torch.manual_seed(seed); g = torch.Generator().manual_seed(seed)
kind = signal
cfg = FootprintConfig(signal=kind, d_hidden=int(os.environ.get('DH','8')), pool=4, d_v=32, d_com=16, d_spec=4, gain='none', gate_grad='straight',
                      cwc=CWCConfig(length=L, n_scales=12, padding='zero', learn_wavelet=True))
path = FootprintPath(cfg, VOC)
if os.environ.get('NORM')=='none': path.encoder.norm1 = nn.Identity(); path.encoder.norm2 = nn.Identity()
from footprint_nb.footprint import masked_mean, masked_max
class LinEnc(nn.Module):
    """The prototype of `footprint_nb.footprint.PooledEncoder` (env BANDS, POOL, STD), kept as the probe ran: its running
    statistics are a plain EMA of the batch variance and include the batch being standardised (the package's do not)."""
    def __init__(s, C, S, d):
        s_bands = int(os.environ.get('BANDS', '0')); S = s_bands or S
        super().__init__(); s.bands = s_bands; nf = 2 if os.environ.get('POOL','meanmax') == 'meanmax' else 1; s.proj = nn.Linear(nf * C * S, d); s.std = os.environ.get('STD') == '1'; s.n = 0
        s.register_buffer('mu', torch.zeros(nf * C * S)); s.register_buffer('var', torch.ones(nf * C * S))
    def forward(s, M, valid):
        m = valid[:, None, None, :]; x = torch.log1p(M.float() * m)
        h = torch.cat([masked_mean(x, m, -1), masked_max(x, m, -1)], 1) if os.environ.get('POOL','meanmax') == 'meanmax' else masked_mean(x, m, -1)
        if s.bands: h = F.adaptive_avg_pool1d(h, s.bands)
        h = h.flatten(1)
        if s.std:
            if s.training:
                with torch.no_grad():
                    s.n += 1; b = 1 / s.n if s.n < 100 else 0.01
                    s.mu.lerp_(h.mean(0), b); s.var.lerp_(h.var(0) + (h.mean(0) - s.mu) ** 2, b)
            h = (h - s.mu) / (s.var + 1e-4).sqrt()
        return s.proj(h)
class ConvStd(nn.Module):
    def __init__(s, enc):
        super().__init__(); s.enc = enc; nfeat = enc.proj.in_features; s.n = 0
        s.register_buffer('mu', torch.zeros(nfeat)); s.register_buffer('var', torch.ones(nfeat))
    def forward(s, M, valid):
        e = s.enc; B, C, S, L = M.shape; m = valid[:, None, None, :]; x = torch.log1p(M.float() * m)
        w = m.to(x.dtype)
        x = F.avg_pool2d(x * w, (1, e.pool), ceil_mode=True) / F.avg_pool2d(w, (1, e.pool), ceil_mode=True).clamp_min(1e-6)
        m = F.max_pool2d(w, (1, e.pool), ceil_mode=True) > 0; x = x * m
        x = F.gelu(e.norm1(e.conv1(x))) * m; x = (x + F.gelu(e.norm2(e.conv2(x)))) * m
        h = F.adaptive_avg_pool1d(torch.cat([masked_mean(x, m, -1), masked_max(x, m, -1)], 1), e.n_bands).flatten(1)
        if s.training:
            with torch.no_grad():
                s.n += 1; b = 1 / s.n if s.n < 100 else 0.01
                s.mu.lerp_(h.mean(0), b); s.var.lerp_(h.var(0) + (h.mean(0) - s.mu) ** 2, b)
        return e.proj((h - s.mu) / (s.var + 1e-4).sqrt())
if os.environ.get('ENC') == 'convstd': path.encoder = ConvStd(path.encoder)
if os.environ.get('ENC') == 'linear': path.encoder = LinEnc(path.encoder.conv1.in_channels, 12, cfg.d_segment)
LR=float(os.environ.get('LR','2e-3'))
head = nn.Sequential(nn.Linear(4, 16), nn.GELU(), nn.Linear(16, len(cells)))
params = list(path.parameters()) + list(head.parameters())
opt = torch.optim.AdamW(params, lr=LR, weight_decay=float(os.environ.get('WD','0.01')))
sched = lambda s: min(1, (s + 1) / 30) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(s, steps) / steps)))
def fwd(E, P, mask=True):
    if mask:
        E = E.masked_fill(torch.rand(E.shape, generator=g) < 0.15, 1); P = P.masked_fill(torch.rand(P.shape, generator=g) < 0.15, 1)
    v = [torch.ones_like(E, dtype=torch.bool), torch.ones_like(P, dtype=torch.bool)]
    return path(None, v, input_ids=[E, P])
idx = {c: np.flatnonzero(ctr == c) for c in cells}
t0 = time.time(); accs = []
for step in range(steps):
    for gp in opt.param_groups: gp['lr'] = LR * sched(step)
    opt.zero_grad(); tot = 0; correct = 0
    for ci, c in enumerate(cells):
        b = torch.from_numpy(np.random.default_rng(seed * 100000 + step * 10 + ci).choice(idx[c], 16, replace=False))
        out = fwd(Etr[b], Ptr[b])
        z = out.z_spec  # (16, 4)
        gs = z.view(views, -1, z.shape[-1]).mean(1)  # (views, 4)
        logits = head(gs)
        loss = F.cross_entropy(logits, torch.full((views,), ci)) / len(cells)
        loss.backward(); tot += loss.item(); correct += (logits.argmax(-1) == ci).float().mean().item()
    torch.nn.utils.clip_grad_norm_(params, 1.0); opt.step(); accs.append(correct / len(cells))
@torch.no_grad()
def emb(E, P):
    return torch.cat([fwd(E[i:i+64], P[i:i+64], mask=False).z_spec for i in range(0, len(E), 64)]).numpy()
def means(x, cc):
    X, y = [], []
    for c in cells:
        r = x[cc == c]
        for j in range(0, len(r) - 15, 16): X.append(r[j:j+16].mean(0)); y.append(c)
    return np.array(X), np.array(y)
path.eval()
Xtr, ytr = means(emb(Etr, Ptr), ctr); Xte, yte = means(emb(Ete, Pte), cte)
acc = float((nearest_centroid_predict(Xtr, ytr, Xte) == yte).mean())
print(json.dumps(dict(signal=signal, views=views, seed=seed, steps=steps, norm=os.environ.get('NORM','ln'), dh=cfg.d_hidden, enc=os.environ.get('ENC','conv'), std=os.environ.get('STD','0'), bands=os.environ.get('BANDS','0'), wd=os.environ.get('WD','0.01'), pool=os.environ.get('POOL','meanmax'), lr=LR, data=data.split('/')[-1], id_g_spec=acc,
      train_acc_last50=float(np.mean(accs[-50:])), sec=round(time.time() - t0))), flush=True)

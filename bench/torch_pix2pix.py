#!/usr/bin/env python3
"""PyTorch CPU anchor for `npm run bench`: one pix2pix training step, timed.

Written from the published architecture (Isola et al., "Image-to-Image Translation with
Conditional Adversarial Networks", CVPR 2017, section 3 and appendix 6.1.1):
  - U-Net generator: 4x4 stride-2 convs C64-C128-C256-C512-C512-... down to 1x1, LeakyReLU 0.2,
    batch norm except on the first and innermost encoder layers; decoder of 4x4 stride-2
    transposed convs with skip concatenation, ReLU, batch norm, dropout 0.5 on the three
    innermost decoder layers, tanh output. Only the output transposed conv has a bias: the
    reference count of 54,413,955 parameters at 256^2 implies that the outermost and innermost
    encoder convs (which have no norm after them) carry none either.
  - 70x70 PatchGAN: C64 (no norm)-C128-C256 (stride 2)-C512 (stride 1)-conv to 1 logit,
    all 4x4 with padding 1, LeakyReLU 0.2.
  - Objective: vanilla GAN (BCE with logits) + 100 * L1; per iteration one D step
    ((real + fake) * 0.5) then one G step; Adam(lr 2e-4, betas (0.5, 0.999)); batch 1.

Prints exactly one JSON line (blas: the BLAS library torch has loaded):
  {"size":256,"msPerStep":...,"inferImgPerSec":...,"torch":"1.13...","threads":2,"blas":"/usr/lib/..."}

Run with Debian's interpreter, which has python3-torch:
  /usr/bin/python3 bench/torch_pix2pix.py --size 128 --steps 5 --warmup 2
"""
import argparse
import json
import math
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
except ImportError:
    sys.stderr.write("torch is not installed for this interpreter; "
                     "install it with: sudo apt-get install python3-torch\n")
    sys.exit(3)

THREADS = 2
# Reference parameter counts (pix2pix at 256^2, ngf = ndf = 64, batch norm).
GENERATOR_PARAMS_256 = 54_413_955
DISCRIMINATOR_PARAMS = 2_768_705


def down_block(cin, cout, norm, act):
    """LeakyReLU (unless outermost) -> 4x4 stride-2 conv -> optional batch norm."""
    layers = [nn.LeakyReLU(0.2)] if act else []
    layers.append(nn.Conv2d(cin, cout, 4, stride=2, padding=1, bias=False))
    if norm:
        layers.append(nn.BatchNorm2d(cout))
    return nn.Sequential(*layers)


def up_block(cin, cout, dropout):
    """ReLU -> 4x4 stride-2 transposed conv -> batch norm -> optional dropout 0.5."""
    layers = [nn.ReLU(), nn.ConvTranspose2d(cin, cout, 4, stride=2, padding=1, bias=False),
              nn.BatchNorm2d(cout)]
    if dropout:
        layers.append(nn.Dropout(0.5))
    return nn.Sequential(*layers)


class UNetGenerator(nn.Module):
    """U-Net with log2(size) downsamplings to 1x1 and mirrored skip connections."""

    def __init__(self, size, in_ch=3, out_ch=3, ngf=64, dropout_layers=3):
        super().__init__()
        depth = int(math.log2(size))
        if 2 ** depth != size or depth < 6:
            raise ValueError(f"--size: expected a power of two >= 64, got {size}")
        widths = [min(ngf * 2 ** i, ngf * 8) for i in range(depth)]
        self.down = nn.ModuleList()
        cin = in_ch
        for i, w in enumerate(widths):
            outermost, innermost = i == 0, i == depth - 1
            self.down.append(down_block(cin, w, norm=not (outermost or innermost), act=not outermost))
            cin = w
        # Decoder, innermost first: block j maps to the width of encoder layer depth-2-j.
        self.up = nn.ModuleList()
        cin = widths[-1]
        for j in range(depth - 1):
            w = widths[depth - 2 - j]
            self.up.append(up_block(cin, w, dropout=j < dropout_layers))
            cin = 2 * w  # skip concatenation doubles the channels
        self.out = nn.Sequential(nn.ReLU(), nn.ConvTranspose2d(cin, out_ch, 4, stride=2, padding=1),
                                 nn.Tanh())

    def forward(self, x):
        skips = []
        for layer in self.down:
            x = layer(x)
            skips.append(x)
        skips.pop()  # the innermost activation feeds the decoder directly
        for layer in self.up:
            x = torch.cat([layer(x), skips.pop()], dim=1)
        return self.out(x)


class PatchDiscriminator(nn.Module):
    """70x70 PatchGAN on concat(condition, image): a 256^2 input gives 30x30 logits."""

    def __init__(self, in_ch=6, ndf=64):
        super().__init__()
        lrelu = lambda: nn.LeakyReLU(0.2)
        self.net = nn.Sequential(
            nn.Conv2d(in_ch, ndf, 4, 2, 1), lrelu(),
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 2), lrelu(),
            nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 4), lrelu(),
            nn.Conv2d(ndf * 4, ndf * 8, 4, 1, 1, bias=False), nn.BatchNorm2d(ndf * 8), lrelu(),
            nn.Conv2d(ndf * 8, 1, 4, 1, 1))

    def forward(self, x):
        return self.net(x)


def init_weights(module):
    """N(0, 0.02) for conv weights; batch-norm gamma N(1, 0.02), beta 0 (as in the paper)."""
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)


def loaded_blas():
    """Path of the BLAS library this process has mapped (Linux), or "unknown".

    Debian's python3-torch calls BLAS through the libblas.so.3 alternative; with only the
    reference (netlib) BLAS installed, its transposed convolutions and conv gradients run ~4-6x
    slower than with OpenBLAS, which would make this anchor far too easy to beat.
    """
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "/" in line}
    except OSError:
        return "unknown"
    blas = sorted(p for p in paths if any(k in p.rsplit("/", 1)[-1] for k in ("blas", "blis", "mkl_rt")))
    return blas[0] if blas else "unknown"


def is_reference_blas(path):
    """Debian installs the netlib reference BLAS at .../blas/libblas.so.3."""
    return "/blas/libblas.so" in path


def count(module):
    return sum(p.numel() for p in module.parameters())


def set_requires_grad(module, flag):
    for p in module.parameters():
        p.requires_grad_(flag)


def train_step(G, D, opt_g, opt_d, ear, face, bce, l1, lambda_l1=100.0):
    """One D step ((real + fake) * 0.5) then one G step (adv + 100 * L1)."""
    fake = G(ear)

    set_requires_grad(D, True)
    opt_d.zero_grad(set_to_none=True)
    logits_fake = D(torch.cat([ear, fake.detach()], 1))
    logits_real = D(torch.cat([ear, face], 1))
    loss_d = 0.5 * (bce(logits_fake, torch.zeros_like(logits_fake))
                    + bce(logits_real, torch.ones_like(logits_real)))
    loss_d.backward()
    opt_d.step()

    set_requires_grad(D, False)  # the G step needs input gradients of D only
    opt_g.zero_grad(set_to_none=True)
    logits = D(torch.cat([ear, fake], 1))
    loss_g = bce(logits, torch.ones_like(logits)) + lambda_l1 * l1(fake, face)
    loss_g.backward()
    opt_g.step()
    return loss_d.item(), loss_g.item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=256, help="image side: 64, 128 or 256")
    parser.add_argument("--steps", type=int, default=5, help="timed training steps")
    parser.add_argument("--warmup", type=int, default=2, help="untimed steps before timing")
    parser.add_argument("--infer", type=int, default=5, help="timed generator forwards")
    args = parser.parse_args()
    if args.steps < 1:
        parser.error(f"--steps: expected >= 1, got {args.steps}")

    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    G = UNetGenerator(args.size)
    D = PatchDiscriminator()
    init_weights(G)
    init_weights(D)
    # The reference count is for 256^2; other sizes differ only in depth, so check a 256^2 twin.
    g_params = count(G) if args.size == 256 else count(UNetGenerator(256))
    assert g_params == GENERATOR_PARAMS_256, f"generator has {g_params} parameters"
    assert count(D) == DISCRIMINATOR_PARAMS, f"discriminator has {count(D)} parameters"

    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce, l1 = nn.BCEWithLogitsLoss(), nn.L1Loss()
    ear = torch.rand(1, 3, args.size, args.size) * 2 - 1
    face = torch.rand(1, 3, args.size, args.size) * 2 - 1

    G.train()
    D.train()
    for _ in range(args.warmup):
        train_step(G, D, opt_g, opt_d, ear, face, bce, l1)
    times = []
    for _ in range(args.steps):
        t0 = time.perf_counter()
        train_step(G, D, opt_g, opt_d, ear, face, bce, l1)
        times.append(time.perf_counter() - t0)

    # Inference: running batch-norm statistics, dropout kept on (it is the noise z).
    G.eval()
    for m in G.modules():
        if isinstance(m, nn.Dropout):
            m.train()
    with torch.no_grad():
        G(ear)  # warm-up
        t0 = time.perf_counter()
        for _ in range(args.infer):
            G(ear)
        infer_s = time.perf_counter() - t0

    blas = loaded_blas()
    if is_reference_blas(blas):
        sys.stderr.write(f"warning: torch is using the reference BLAS ({blas}); PyTorch is several times "
                         "faster with OpenBLAS: sudo apt-get install libopenblas0-pthread\n")
    print(json.dumps({
        "size": args.size,
        "msPerStep": round(statistics.median(times) * 1000, 1),
        "inferImgPerSec": round(args.infer / infer_s, 3),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": blas,
    }, separators=(",", ":")))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference SSIM and PSNR values from scikit-image for the evaluation tests.

The test images are built from a closed-form pattern plus noise from a 32-bit linear congruential
generator, so src/lib/eval/reference_images.ts rebuilds exactly the same pixels in TypeScript.
Pixels are rounded to float32 (what the TypeScript side holds) before scikit-image sees them.

Run from the repository root:
    /usr/bin/python3 scripts/reference/ssim_reference.py > src/lib/eval/fixtures/ssim_reference.json
"""
import json
import math
import sys

import numpy as np
import skimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

COMMAND = '/usr/bin/python3 scripts/reference/ssim_reference.py > src/lib/eval/fixtures/ssim_reference.json'


def lcg_uniforms(seed, count):
    """Uniforms in [0, 1) from s <- (1664525 s + 1013904223) mod 2^32 (Numerical Recipes constants)."""
    s = seed % 2**32
    out = []
    for _ in range(count):
        s = (1664525 * s + 1013904223) % 2**32
        out.append(s / 2**32)
    return out


def recipe_image(height, width, channels, recipe):
    """clip(gain * pattern + offset + noise * (2u - 1), -1, 1), row-major over (y, x, channel)."""
    phase = recipe['phase']
    gain = recipe['gain']
    offset = recipe['offset']
    noise = recipe['noise']
    uniforms = lcg_uniforms(recipe['seed'], height * width * channels) if noise > 0 else None
    img = np.empty((height, width, channels), dtype=np.float64)
    i = 0
    for y in range(height):
        for x in range(width):
            for c in range(channels):
                v = 0.55 * math.sin(0.3 * x + 0.2 * y + c + phase) + 0.35 * math.cos(0.5 * y - 0.15 * x + 2 * c + 2 * phase)
                v = gain * v + offset
                if uniforms is not None:
                    v += noise * (2 * uniforms[i] - 1)
                img[y, x, c] = min(1.0, max(-1.0, v))
                i += 1
    return img.astype(np.float32).astype(np.float64)


def plain(phase):
    return {'phase': phase, 'gain': 1.0, 'offset': 0.0, 'noise': 0.0, 'seed': 0}


CASES = [
    {'name': 'noisy 32x32x3', 'height': 32, 'width': 32, 'channels': 3,
     'a': plain(0.0), 'b': {'phase': 0.0, 'gain': 1.0, 'offset': 0.0, 'noise': 0.25, 'seed': 12345}},
    {'name': 'other pattern 32x32x3', 'height': 32, 'width': 32, 'channels': 3,
     'a': plain(0.0), 'b': plain(1.7)},
    {'name': 'contrast and noise 24x40x3', 'height': 24, 'width': 40, 'channels': 3,
     'a': plain(0.4), 'b': {'phase': 0.4, 'gain': 0.6, 'offset': 0.2, 'noise': 0.1, 'seed': 7}},
    {'name': 'smallest window 11x13x3', 'height': 11, 'width': 13, 'channels': 3,
     'a': plain(1.0), 'b': {'phase': 1.0, 'gain': 1.0, 'offset': 0.0, 'noise': 0.4, 'seed': 99}},
    {'name': 'grey 16x20x1', 'height': 16, 'width': 20, 'channels': 1,
     'a': {'phase': 0.3, 'gain': 1.0, 'offset': 0.0, 'noise': 0.3, 'seed': 5},
     'b': {'phase': 0.3, 'gain': 0.9, 'offset': -0.05, 'noise': 0.3, 'seed': 6}},
]


def main():
    results = []
    for case in CASES:
        h, w, c = case['height'], case['width'], case['channels']
        a = recipe_image(h, w, c, case['a'])
        b = recipe_image(h, w, c, case['b'])
        ssim = structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                     data_range=2, channel_axis=-1)
        psnr = peak_signal_noise_ratio(a, b, data_range=2)
        results.append({**case, 'ssim': float(ssim), 'psnr': float(psnr)})
    json.dump({
        'producedBy': COMMAND,
        'library': f'scikit-image {skimage.__version__} (Debian python3-skimage), numpy {np.__version__}',
        'ssimCall': 'structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=2, channel_axis=-1)',
        'psnrCall': 'peak_signal_noise_ratio(a, b, data_range=2)',
        'cases': results,
    }, sys.stdout, indent=2)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()

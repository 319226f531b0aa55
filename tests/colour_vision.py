"""Colour-vision simulation for palette tests: Machado, Oliveira and Fernandes
(2009) matrices at full severity, applied in linear sRGB, and CIE Lab
distances (CIE76 ΔE) between what a viewer with each deficiency sees."""

from __future__ import annotations

import itertools
import math

Matrix = tuple[tuple[float, float, float], ...]

MACHADO_2009: dict[str, Matrix] = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
    "normal vision": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
}

RGB = tuple[float, float, float]


def linear(rgb: RGB) -> RGB:
    """sRGB (0-1) to linear light."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    return r, g, b


def simulate(rgb: RGB, matrix: Matrix) -> RGB:
    """What a viewer sees, in linear RGB, clipped to the gamut."""
    lin = linear(rgb)
    r, g, b = (min(1.0, max(0.0, sum(m * c for m, c in zip(row, lin, strict=True))))
               for row in matrix)
    return r, g, b


def lab(lin: RGB) -> RGB:
    """Linear sRGB to CIE Lab (D65)."""
    r, g, b = lin
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def closest_pair(colours: dict[str, RGB], matrix: Matrix) -> tuple[float, str, str]:
    """The smallest ΔE between any two colours as simulated, and which two."""
    seen = {name: lab(simulate(rgb, matrix)) for name, rgb in colours.items()}
    return min((math.dist(seen[a], seen[b]), a, b)
               for a, b in itertools.combinations(sorted(seen), 2))

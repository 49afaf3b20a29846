#!/usr/bin/python3
"""Check that figures are valid, non-blank PNG (or GIF) files.

Usage: figcheck.py FILE...   (exit 1 with one line per bad file). Also imported by the
tests in tests/post/ (check_figure)."""

import sys

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def check_figure(path, min_size=100, min_std=0.02, min_ink=0.005):
    """None if `path` is a readable, non-blank image, else a one-line reason."""
    import numpy as np
    from PIL import Image

    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as err:
        return f"{path}: cannot read ({err.strerror})"
    if path.endswith(".png") and head != PNG_MAGIC:
        return f"{path}: not a PNG file"
    if path.endswith(".gif") and not head.startswith(b"GIF8"):
        return f"{path}: not a GIF file"
    try:
        with Image.open(path) as img:
            img.verify()
        with Image.open(path) as img:
            frames = getattr(img, "n_frames", 1)
            gray = np.asarray(img.convert("L"), dtype=float) / 255.0
    except Exception as err:  # noqa: BLE001  (any decoder error means a broken file)
        return f"{path}: cannot decode ({err})"
    h, w = gray.shape
    if h < min_size or w < min_size:
        return f"{path}: too small ({w}x{h})"
    if gray.std() < min_std:
        return f"{path}: blank (pixel std {gray.std():.4f})"
    ink = float(np.mean(gray < 0.9))
    if ink < min_ink:
        return f"{path}: almost empty ({100 * ink:.2f}% non-white pixels)"
    if path.endswith(".gif") and frames < 2:
        return f"{path}: GIF with a single frame"
    return None


def main(paths):
    bad = [msg for msg in (check_figure(p) for p in paths) if msg]
    for msg in bad:
        print(f"figcheck: {msg}", file=sys.stderr)
    print(f"figcheck: {len(paths) - len(bad)} of {len(paths)} figures ok")
    return 1 if bad or not paths else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

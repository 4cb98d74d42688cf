"""The OCR benchmark's metrics: edit distance and error rates (diacritics count)."""

from __future__ import annotations

import random

from eval.ocr_bench import degrade, error_rates, levenshtein, typeset


def _naive(a, b) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def test_bit_parallel_levenshtein_equals_the_textbook_one() -> None:
    rng = random.Random(3)
    for _ in range(300):
        a = "".join(rng.choice("aăâđe ") for _ in range(rng.randint(0, 40)))
        b = "".join(rng.choice("aăâđe ") for _ in range(rng.randint(0, 40)))
        assert levenshtein(a, b) == _naive(a, b)
    assert levenshtein(["khu", "công", "nghiệp"], ["khu", "cong", "nghiệp"]) == 1


def test_error_rates_count_diacritics_and_ignore_spacing() -> None:
    assert error_rates("Khu công nghiệp", "Khu  công\nnghiệp") == (0.0, 0.0)
    cer, wer = error_rates("Khu công nghiệp", "Khu cong nghiệp")
    assert cer == 1 / 15 and wer == 1 / 3


def test_typeset_and_degrade() -> None:
    from PIL import Image

    pages = typeset("Điều 1. " + "Khu công nghiệp sinh thái " * 200)
    assert len(pages) == 2 and len(pages[0]) == 48 and all(len(line) < 110 for page in pages for line in page)
    noisy = degrade(Image.new("L", (200, 300), 255), seed=1)
    assert noisy.mode == "L" and noisy.size[0] > 200  # skewed with expansion

from kb.text.lexical_analyzer import bm25_tokens, folded_syllables, word_tokens


def test_compounds_are_joined_and_lowercased():
    tokens = word_tokens("Doanh nghiệp trong khu công nghiệp")
    assert tokens[0] == "doanh_nghiệp"
    assert any(t.startswith("công_nghiệp") for t in tokens)
    assert all(t == t.lower() for t in tokens)


def test_one_letter_syllables_are_kept():
    # Haystack's default BM25 regex drops these.
    tokens = word_tokens("ý kiến ở TP.HCM")
    assert "ý_kiến" in tokens
    assert "ở" in tokens


def test_punctuation_is_dropped_but_legal_numbers_survive():
    tokens = word_tokens("theo Nghị định 35/2022/NĐ-CP, Điều 37: (a)")
    assert "35/2022" in tokens
    assert "nđ-cp" in tokens
    assert "," not in tokens and "(" not in tokens


def test_folded_syllables_let_unaccented_queries_match():
    accented = set(bm25_tokens("Khu công nghiệp sinh thái"))
    unaccented = set(bm25_tokens("khu cong nghiep sinh thai"))
    shared = accented & unaccented
    assert {"~khu", "~cong", "~nghiep", "~sinh", "~thai"} <= shared


def test_tone_placement_variants_give_the_same_word():
    assert word_tokens("Hoà Khánh") == word_tokens("Hòa Khánh")


def test_folded_syllables_skip_numbers():
    assert folded_syllables(["35/2022", "công_nghiệp"]) == ["~cong", "~nghiep"]


def test_nfd_query_tokenises_like_nfc():
    import unicodedata

    text = "công nghiệp"
    assert bm25_tokens(unicodedata.normalize("NFD", text)) == bm25_tokens(text)


def test_the_light_word_segmenter_equals_underthesea_and_leaves_it_importable():
    """kb.text.underthesea_parts loads the segmenter without underthesea's heavy __init__; the full
    package still imports afterwards (ingest needs sent_tokenize) and segments identically."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from kb.text.underthesea_parts import word_tokenize, viet74k_words\n"
        "light = word_tokenize()\n"
        "texts = ['Khu công nghiệp sinh thái Hiệp Phước ở TP.HCM', 'ý kiến của doanh nghiệp về cộng sinh']\n"
        "ours = [light(t) for t in texts]\n"
        "assert 'transformers' not in sys.modules and 'torch' not in sys.modules, 'heavy imports'\n"
        "assert len(viet74k_words()) > 70000 and 'transformers' not in sys.modules\n"
        "from underthesea import sent_tokenize, word_tokenize as full\n"
        "assert ours == [full(t) for t in texts], (ours, [full(t) for t in texts])\n"
        "assert sent_tokenize('Câu một. Câu hai.') == ['Câu một.', 'Câu hai.']\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]

"""The Indonesian normaliser: slang, regional words, English terms, reduplication, particles."""

from __future__ import annotations

import pytest

from knowledge_base.normalize import normalize_text, spoken_numbers, strip_particle, tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # case, emoji and punctuation
        ("Gimana?? 😭🙏", "bagaimana"),
        ("GAJI-nya, brp!!!", "gajinya berapa"),
        # question words, incl. Javanese and Sundanese
        ("gmn caranya", "bagaimana caranya"),
        ("piye carane", "bagaimana caranya"),
        ("kumaha", "bagaimana"),
        ("opo iku", "apa itu"),
        ("naon", "apa"),
        ("brp biayanya", "berapa biayanya"),
        ("dmn kantornya", "dimana kantornya"),
        ("di mana kantornya", "dimana kantornya"),
        # negation
        ("gak", "tidak"),
        ("ga", "tidak"),
        ("nggak", "tidak"),
        ("ndak", "tidak"),
        ("ora", "tidak"),
        ("teu", "tidak"),
        ("tdk", "tidak"),
        # modality
        ("bs", "bisa"),
        ("iso", "bisa"),
        ("tiasa", "bisa"),
        ("kudu", "harus"),
        ("hrs", "harus"),
        # function words: "dr" is "dari", never "dokter"
        ("yg resmi", "yang resmi"),
        ("berangkat dr desa", "berangkat dari desa"),
        ("klo", "kalau"),
        # migration vocabulary
        ("krj di taiwan", "kerja di taiwan"),
        ("tkw", "pmi"),
        ("TKI", "pmi"),
        ("pjtki", "p3mi"),
        ("pptkis", "p3mi"),
        ("PT nya resmi?", "p3minya resmi"),
        ("paspot", "paspor"),
        ("paspotnya ditahan", "paspornya ditahan"),
        ("dokumn", "dokumen"),
        ("ngurus visa", "urus visa"),
        ("brgkt", "berangkat"),
        # reduplication shorthand
        ("brkas2", "berkas berkas"),
        ("syarat2 apa aja", "syarat syarat apa saja"),
        ("kerja2", "kerja kerja"),
        # G to G stays one token in every spelling
        ("program G to G", "program gtog"),
        ("G2G korea", "gtog korea"),
        ("g-to-g", "gtog"),
        ("gtog", "gtog"),
        # free-standing "nya" joins the word before it, never becomes "ya"
        ("gaji nya berapa", "gajinya berapa"),
        ("hanya tanya", "hanya tanya"),
        # countries
        ("Hong Kong", "hongkong"),
        ("hk", "hongkong"),
        ("Korsel", "korea"),
        ("korea selatan", "korea"),
        ("malay", "malaysia"),
        ("singapore", "singapura"),
        ("Arab Saudi", "saudi"),
        # English key terms
        ("passport fee", "paspor biaya"),
        ("legal agency", "resmi agensi"),
        ("work visa", "kerja visa"),
        # regional words: Minangkabau, Manado Malay, Balinese
        ("umua 23 lai bisa daftar japang ndak", "usia 23 lai bisa daftar jepang tidak"),
        ("bara pitih nan paralu sabalun barangkek", "berapa uang yang perlu sebelum berangkat"),
        ("dorang bilang nyanda usah paspor", "mereka bilang tidak usah paspor"),
        ("tiang sampun daftar nggih", "saya sudah daftar ya"),
        ("awak kapal perikanan", "awak kapal perikanan"),
        # informal -in on di- verbs
        ("disiapin", "disiapkan"),
        ("dingin", "dingin"),
    ],
)
def test_normalize_text(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("biayanya", "biaya"),
        ("apakah", "apa"),
        ("bisakah", "bisa"),
        ("inilah", "ini"),
        ("hanya", "hanya"),
        ("punya", "punya"),
        ("tanya", "tanya"),
        ("sekolah", "sekolah"),
        ("masalah", "masalah"),
        ("langkah", "langkah"),
        ("jumlah", "jumlah"),
        ("nikah", "nikah"),
    ],
)
def test_strip_particle_keeps_words_that_end_like_particles(word: str, expected: str) -> None:
    assert strip_particle(word) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gmn caranya krj ke Taiwan yg resmi??", ["kerja", "taiwan", "resmi"]),
        ("Apakah biaya penempatannya gratis?", ["biaya", "tempat", "gratis"]),
        ("Persyaratan pendaftaran", ["syarat", "daftar"]),
        ("paspot sy ditahan PT", ["paspor", "tahan", "p3mi"]),
        ("apa aja yg hrs disiapin", ["siap"]),
    ],
)
def test_tokenize_drops_stopwords_and_stems(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_informal_and_formal_questions_share_tokens() -> None:
    formal = set(tokenize("Dokumen apa saja yang harus disiapkan untuk bekerja di luar negeri?"))
    informal = set(tokenize("dokumn apa aja yg hrs disiapin buat krj di luar negri"))
    assert {"dokumen", "siap", "kerja", "luarnegeri"} <= formal & informal


def test_standardize_regional_keeps_everything_but_regional_words() -> None:
    from knowledge_base import standardize_regional

    assert standardize_regional("Paspor diambiak, indak buliah kalua!") == \
        "Paspor diambil, tidak boleh keluar!"
    assert standardize_regional("gk blh kluar, HP disita 🙏") == "gk blh kluar, HP disita 🙏"


@pytest.mark.parametrize(("text", "expected"), [
    ("umur sembilan belas tahun", "umur 19 tahun"),
    ("biaya dua puluh lima juta", "biaya 25 juta"),
    ("seratus dua puluh ribu", "120 ribu"),
    ("umure wolulas", "umure 18"),
    ("selawe taun", "25 taun"),
    ("patang puluh limo", "45"),
    ("dua tiga hari", "dua tiga hari"),  # two numbers, not one
    ("lima orang", "lima orang"),  # a lone unit word stays
    ("belas kasihan", "belas kasihan"),
])
def test_spoken_numbers_become_digits(text: str, expected: str) -> None:
    assert spoken_numbers(text) == expected

"""The benchmark's synthetic collection must build: `make bench` measures nothing if it does not
(it broke once when the real redirects started to point at real cases)."""
from __future__ import annotations

import benchmark
from kennisbank.build import generate


def test_the_synthetic_corpus_validates_and_generates(tmp_path, monkeypatch, vocab):
    monkeypatch.setattr(benchmark, "BENCH", tmp_path)
    corpus = benchmark.make_corpus(3, vocab)
    built, problems = generate(out_dir=tmp_path / "docs", examples=corpus / "examples",
                               typology=benchmark.corpus_typology(corpus), today=benchmark.TODAY, quiet=True)
    assert sorted(built.cases) == ["casus-00000", "casus-00001", "casus-00002"]
    assert not [p for p in problems if p.level == "fout"]
    assert (tmp_path / "docs" / "casussen" / "casus-00001.md").is_file()

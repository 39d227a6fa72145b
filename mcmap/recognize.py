"""Recognition support: compare a foreign credential (or pathway) with a local one.

``recognize(foreign, local)`` compares the elements a recognition officer weighs (level through
EQF or AQRF referencing, workload through notional hours, learning outcomes through the
alignment engine, quality assurance, assessment with supervision and identity verification),
lists each difference with its evidence and severity, and proposes ``full``, ``partial`` (which
outcomes and how much credit) or ``none``. Substantial difference is meant in the sense of the
Lisbon Recognition Convention and the UNESCO Global Convention; the thresholds are documented
and overridable. The result supports a decision: the competent recognition authority decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mcmap.recognition.compare import (
    Difference,
    Thresholds,
    compare_assessment,
    compare_outcomes,
    compare_quality,
    compare_workload,
    level_differences,
)
from mcmap.recognition.decision import Decision, decide
from mcmap.recognition.levels import compare_levels
from mcmap.recognition.profile import Profile, profile

if TYPE_CHECKING:
    from mcmap.align.skills import SkillIndex
    from mcmap.recognition.similarity import OutcomeView

NOTICE = (
    "This comparison supports a recognition decision; it does not make one. The competent "
    "recognition authority decides, for the applicant's purpose (further study, research or "
    "employment), and may weigh what the descriptors do not show. Inferred levels and outcome "
    "matches come from mcmap's alignment engine and are evidence to check, not findings of fact."
)

#: what "substantial difference" rests on; quotations only where the wording was read at source
BASIS: tuple[dict[str, str], ...] = (
    {"text": "Each country shall recognise qualifications ... as similar to the corresponding "
             "qualifications in its own system unless it can show that there are substantial "
             "differences between its own qualifications and the qualifications for which "
             "recognition is sought.",
     "source": "Council of Europe, The Lisbon Recognition Convention: main points "
               "(https://www.coe.int/t/dg4/highereducation/Recognition/LRC_EN.asp)",
     "status": "quotation of the Council of Europe's summary"},
    {"text": "The competent recognition authority should recognise a qualification, unless it can "
             "prove that there is a substantial difference that could be a major obstacle for "
             "successfully pursuing the desired activity.",
     "source": "European Area of Recognition manual, ch. 10 "
               "(http://ear.enic-naric.net/emanual/Chapter%2010/Recommendation.aspx)",
     "status": "quotation"},
    {"text": "A substantial difference is one likely to prevent the applicant from succeeding in the "
             "desired activity, such as further study, research or employment (Global Convention, "
             "2019); partial recognition recognises part of a qualification when substantial "
             "differences prevent full recognition.",
     "source": "UNESCO Global Convention on the Recognition of Qualifications concerning Higher "
               "Education (2019), as summarised in the UNESCO presentation mcmap was built from",
     "status": "paraphrase; the treaty text was not checked"},
)
SEVERITY_ORDER = {"substantial": 0, "unassessed": 1, "minor": 2}
ELEMENT_ORDER = {"level": 0, "workload": 1, "learning-outcomes": 2, "quality-assurance": 3, "assessment": 4}


@dataclass
class RecognitionResult:
    """The comparison; ``to_dict`` is the JSON contract (``mcmap schema recognize-result``)."""

    foreign: Profile
    local: Profile
    decision: Decision
    differences: list[Difference]
    comparison: dict[str, Any]
    thresholds: Thresholds
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def full(self) -> bool:
        return self.decision.decision == "full"

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision.decision,
            "reasons": list(self.decision.reasons),
            "recognised": self.decision.recognised,
            "conditions": list(self.decision.conditions),
            "differences": [d.to_dict() for d in self.differences],
            "comparison": {
                "foreign": self.foreign.to_dict(), "local": self.local.to_dict(), **self.comparison
            },
            "thresholds": self.thresholds.to_dict(),
            "notice": NOTICE,
            "basis": [dict(b) for b in BASIS],
            "provenance": self.provenance,
        }


def recognize(
    foreign_path: str,
    local_path: str,
    *,
    thresholds: Thresholds | None = None,
    taxonomy_ref: str = "esco",
    top_k: int = 5,
) -> RecognitionResult:
    """Compare the credential or pathway in ``foreign_path`` with the one in ``local_path``."""
    from mcmap.align.engine import provenance, skill_index
    from mcmap.recognition.inputs import read_one
    from mcmap.taxonomy import load_taxonomy

    t = thresholds or Thresholds()
    f_doc, f_src, _ = read_one(foreign_path, "FOREIGN")
    l_doc, l_src, _ = read_one(local_path, "--to")
    foreign, local = profile(f_doc, f_src), profile(l_doc, l_src)
    taxonomy = load_taxonomy(taxonomy_ref)
    index = skill_index(taxonomy, top_k)
    f_views, f_eqf, f_skills = _aligned(foreign, taxonomy, index, t, top_k)
    l_views, l_eqf, _ = _aligned(local, taxonomy, index, t, top_k)

    level = compare_levels(foreign, local, f_eqf, l_eqf)
    differences = level_differences(level, t)
    workload, found = compare_workload(foreign, local, t)
    differences += found
    required = [(s.id, s.label or taxonomy.label_of(s.id), s.id in f_skills)
                for s in getattr(local.document, "required_skills", ())]
    outcomes, found = compare_outcomes(l_views, f_views, t, required)
    differences += found
    quality, found = compare_quality(foreign, local)
    differences += found
    assessment, found = compare_assessment(foreign, local)
    differences += found
    differences.sort(key=lambda d: (SEVERITY_ORDER[d.severity], ELEMENT_ORDER[d.element], d.summary))
    decision = decide(differences, level, outcomes, workload, local, t)
    return RecognitionResult(
        foreign, local, decision, differences,
        {"level": level.to_dict(), "workload": workload, "learning_outcomes": outcomes,
         "quality_assurance": quality, "assessment": assessment},
        t,
        {**provenance(taxonomy, top_k),
         "recognition": "mcmap rules (docs/gaps-and-recognition.md): levels through published EQF/AQRF "
                        "referencing, workload through notional hours, outcomes through the alignment "
                        "engine's similarity (mcmap.recognition.similarity)"},
    )


def _aligned(
    side: Profile, taxonomy: Any, index: SkillIndex, t: Thresholds, top_k: int
) -> tuple[list[OutcomeView], int | None, set[str]]:
    """Outcome views, the inferred EQF level and the evidenced skill ids of one side."""
    from mcmap.align.engine import align_batch, combine, provenance
    from mcmap.credential import Credential
    from mcmap.mapping import map_credentials
    from mcmap.recognition.coverage import Settings, outcome_views
    from mcmap.recognition.evidence import outcome_concepts
    from mcmap.recognition.similarity import views

    doc = side.document
    if isinstance(doc, Credential):
        mapping = map_credentials([(doc, side.file, 1)], taxonomy, top_k=top_k)[0]
        found = outcome_views([mapping], index, Settings(t.skill_threshold, t.similarity))
        skills = set().union(*(v.concepts for v in found)) if found else set()
        return found, mapping.alignment.level.eqf, skills
    outcomes = doc.required_outcomes
    aligned = align_batch([o.text for o in outcomes], taxonomy, top_k=top_k,
                          outcome_ids=[o.id for o in outcomes])
    declared = [[s.id for s in o.skills if s.taxonomy == taxonomy.id] for o in outcomes]
    found = views(doc.id, aligned, declared, [o.domain for o in outcomes], index, t.skill_threshold)
    skills = {s.id for s in doc.required_skills}
    for a, d in zip(aligned, declared, strict=True):
        skills |= outcome_concepts(a, d, t.skill_threshold)
    level = combine(aligned, provenance(taxonomy, top_k)).level.eqf if aligned else None
    return found, level, skills

"""Stacking micro-credentials into pathways: rule evaluation, credit arithmetic and planning.

Library entry point: :func:`evaluate_pathway` (a :class:`StackResult` with the verdict, the
explained rule tree, the gaps as data and, given a catalogue, a plan). Files are read with
:func:`load_credentials` and :func:`load_pathway`. Semantics: ``docs/stacking.md``.
"""

from __future__ import annotations

from mcmap.stack.engine import MINIMIZE, evaluate_pathway
from mcmap.stack.load import LoadedCredential, LoadedPathway, load_credentials, load_pathway
from mcmap.stack.result import VERDICTS, StackResult

__all__ = [
    "MINIMIZE",
    "VERDICTS",
    "LoadedCredential",
    "LoadedPathway",
    "StackResult",
    "evaluate_pathway",
    "load_credentials",
    "load_pathway",
]

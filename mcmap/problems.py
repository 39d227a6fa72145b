"""Findings as values: every problem mcmap reports has a stable code, a severity and a location."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding. Ordered by location so reports are deterministic."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    path: str = ""  # JSON path inside the document, e.g. "$.outcomes[2].text"
    hint: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file

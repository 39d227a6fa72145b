"""What semantic checks may consult: reference data, loaded lazily and once per run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mcmap.load.yamlpos import Document
    from mcmap.taxonomy import Taxonomy


@dataclass(frozen=True)
class Entry:
    """A document that passed kind detection, with its kind."""

    doc: Document
    kind: str


@dataclass
class CheckContext:
    """Reference data for checks. Taxonomies are loaded only if a document links to one."""

    extra_taxonomies: tuple[str, ...] = ()  # paths given with --taxonomy
    _taxonomies: dict[str, Taxonomy | None] = field(default_factory=dict)

    def taxonomy(self, taxonomy_id: str) -> Taxonomy | None:
        """The taxonomy with this id (built-in or given with --taxonomy), or None if unknown."""
        if taxonomy_id not in self._taxonomies:
            self._taxonomies[taxonomy_id] = self._find_taxonomy(taxonomy_id)
        return self._taxonomies[taxonomy_id]

    def _find_taxonomy(self, taxonomy_id: str) -> Taxonomy | None:
        from mcmap.taxonomy import list_taxonomies, load_taxonomy

        for path in self.extra_taxonomies:
            loaded = load_taxonomy(path)
            if loaded.id == taxonomy_id:
                return loaded
        known = {str(getattr(t, "id", t)) for t in list_taxonomies()}
        return load_taxonomy(taxonomy_id) if taxonomy_id in known else None

    @staticmethod
    def framework(framework_id: str) -> Any:
        """The built-in (or MCMAP_FRAMEWORKS_PATH) framework, or None if unknown."""
        from mcmap.errors import UsageError
        from mcmap.frameworks_lib import load_framework

        try:
            return load_framework(framework_id)
        except UsageError:
            return None

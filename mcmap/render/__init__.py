"""Output renderers, one per format, behind a registry."""

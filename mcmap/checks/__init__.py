"""Semantic QA rules, one per module, in an explicit registry."""

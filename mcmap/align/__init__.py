"""Alignment engine: outcomes to Bloom levels, framework levels and taxonomy skills."""

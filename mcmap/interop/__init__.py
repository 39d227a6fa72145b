"""Conversions between mcmap descriptors and other formats (ESCO downloads, OB3, ELM, CTDL)."""

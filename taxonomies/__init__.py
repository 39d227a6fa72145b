"""Built-in taxonomies (ESCO, Bloom, greening topics), shipped as ``mcmap.taxonomies``."""

"""mcmap: map micro-credentials to qualification frameworks and skills taxonomies."""

__version__ = "0.1.0"

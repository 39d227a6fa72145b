"""Built-in qualification frameworks (YAML), shipped as the package ``mcmap.frameworks``."""

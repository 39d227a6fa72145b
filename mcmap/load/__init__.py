"""Reading descriptor files: YAML with positions, file discovery, schema validation."""

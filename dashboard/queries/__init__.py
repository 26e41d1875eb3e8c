"""Named, parameterised query functions, one module per subject. Each takes the database path and
the shared ``Filters`` and returns a small aggregated DataFrame; aggregation happens in DuckDB."""

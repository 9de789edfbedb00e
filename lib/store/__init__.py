"""The SQL store: engine, schema, migrations, reads and writes."""

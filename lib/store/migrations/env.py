"""Alembic environment: the engine is handed in by lib.store.migrate (no alembic.ini)."""

from alembic import context

from lib.store.schema import metadata

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    context.run_migrations()

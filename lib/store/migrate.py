"""Alembic, driven from code: `python -m lib.store.migrate` upgrades the configured store to head."""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from lib.config import ConfigError, load_settings
from lib.store.engine import STORE_ERRORS, cannot_open, make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; existing rows are kept (each migration is additive)."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def main() -> int:
    """`python -m lib.store.migrate` (and `make run`): 0 once the store is at the latest schema, 2 with
    what stops it in one line (a malformed setting, a store that cannot be opened)."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        upgrade(make_engine(settings.database_url))
    except STORE_ERRORS as exc:
        print(cannot_open(exc, settings.database_url), file=sys.stderr)
        return 2
    print("store is at the latest schema")
    return 0


if __name__ == "__main__":
    sys.exit(main())

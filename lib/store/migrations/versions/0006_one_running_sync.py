"""At most one sync run is running: a partial unique index on sync_runs.outcome = 'running'.

The check for a running run and the insert of a new one are two statements, so two runs started at
one moment (cron and the app's button) could both pass it. With the index the second insert fails,
and the run says another is going. A store from before may already hold several runs marked running:
all but the latest are failed as interrupted first.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

RUNNING = sa.text("outcome = 'running'")


def upgrade() -> None:
    op.execute("UPDATE sync_runs SET outcome = 'failed', finished_at = COALESCE(finished_at, started_at), "
               "error = 'interrupted: another run was marked running at the same time' "
               "WHERE outcome = 'running' AND id < (SELECT MAX(id) FROM sync_runs WHERE outcome = 'running')")
    op.create_index("ux_sync_runs_one_running", "sync_runs", ["outcome"], unique=True,
                    sqlite_where=RUNNING, postgresql_where=RUNNING)


def downgrade() -> None:
    op.drop_index("ux_sync_runs_one_running", table_name="sync_runs")

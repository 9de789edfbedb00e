"""Record who started each sync run; index snapshots by time for "what changed since" reads.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_runs") as batch:
        batch.add_column(sa.Column("started_by", sa.String(length=255), nullable=True))
    op.create_index("ix_task_snapshots_observed_at", "task_snapshots", ["observed_at"])


def downgrade() -> None:
    op.drop_index("ix_task_snapshots_observed_at", table_name="task_snapshots")
    with op.batch_alter_table("sync_runs") as batch:
        batch.drop_column("started_by")

"""Keep each task status's `special` mark (default, closed, duplicate) from maniphest.status.search.

It tells the default closed status (work done) from the duplicate one (work dropped), so velocity,
sprint health and epic progress count only closed work that was done. Rows here start NULL; the next
run fills them (statuses are replaced at every run).

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statuses") as batch:
        batch.add_column(sa.Column("special", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statuses") as batch:
        batch.drop_column("special")

"""Keep the DACI matrix's role columns in the wiki's order.

Rows synced before this keep a NULL role_position until the team page changes; screens then order
those roles by where they first appear.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("daci") as batch:
        batch.add_column(sa.Column("role_position", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("daci") as batch:
        batch.drop_column("role_position")

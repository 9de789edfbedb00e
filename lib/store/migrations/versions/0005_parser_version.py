"""Record which version of the page parsers read each wiki page; drop the unused sync_state table.

A page whose stored rows came from an older parser is read again at the next run even when its
revision is unchanged (rows here start NULL, so the first run after this upgrade reads every page
once). sync_state was created by 0001 and never written.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("wiki_pages") as batch:
        batch.add_column(sa.Column("parsed_with", sa.String(length=40), nullable=True))
    op.drop_table("sync_state")


def downgrade() -> None:
    op.create_table("sync_state",
                    sa.Column("resource", sa.String(length=100), nullable=False),
                    sa.Column("value", sa.Text(), nullable=False),
                    sa.PrimaryKeyConstraint("resource", name=op.f("pk_sync_state")))
    with op.batch_alter_table("wiki_pages") as batch:
        batch.drop_column("parsed_with")

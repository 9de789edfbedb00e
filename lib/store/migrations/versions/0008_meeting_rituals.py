"""The team's meeting rituals (the team page's "Ritual | How | Who | What | When" table): the meeting
screen names the team-leads meeting's attendees and cadence, and "since the last meeting" follows its
day and time. The table starts empty; the next run reads the team page again (new parser version).

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting_rituals",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ritual", sa.String(length=255), nullable=False),
        sa.Column("how", sa.Text(), nullable=True),
        sa.Column("who", sa.Text(), nullable=True),
        sa.Column("what", sa.Text(), nullable=True),
        sa.Column("cadence", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_meeting_rituals")),
    )


def downgrade() -> None:
    op.drop_table("meeting_rituals")

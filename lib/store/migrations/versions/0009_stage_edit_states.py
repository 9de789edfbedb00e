"""Stage edits remember what the wiki did with them (lib.stages: local, seen, conflict, resolved).

Edits made before cannot say whether the wiki showed them. The rule before this revision linked an edit
to the one under it only when both were made against the same revision of the goals page (no sync
between them); an edit that a later one of its goal was made on top of, against another revision, is
taken as shown by the wiki here, so that the wiki taking it back still reads as a conflict, as it did.
No column changes: `state` holds the new value as it held the old ones.

Revision ID: 0009
Revises: 0008
"""
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE goal_stage_edits SET state = 'seen' WHERE state = 'local' AND EXISTS ("
        " SELECT 1 FROM goal_stage_edits AS later WHERE later.goal_key = goal_stage_edits.goal_key"
        " AND later.id > goal_stage_edits.id"
        " AND (later.based_on_revid <> goal_stage_edits.based_on_revid"
        "      OR (later.based_on_revid IS NULL) <> (goal_stage_edits.based_on_revid IS NULL)))")


def downgrade() -> None:
    op.execute("UPDATE goal_stage_edits SET state = 'local' WHERE state = 'seen'")

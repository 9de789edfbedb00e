"""Drop the tasks indexes no query uses (owner, sprint, date modified).

Every screen reads the whole board into one DataFrame, so these indexes were never used to find
rows; they only made each sync's write of every task slower.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UNUSED = {"ix_tasks_owner_phid": "owner_phid", "ix_tasks_sprint_phid": "sprint_phid",
          "ix_tasks_date_modified": "date_modified"}


def upgrade() -> None:
    for name in UNUSED:
        op.drop_index(name, table_name="tasks")


def downgrade() -> None:
    for name, column in UNUSED.items():
        op.create_index(name, "tasks", [column])

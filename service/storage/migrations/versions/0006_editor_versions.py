"""editor: draft details on summaries, tenant versions (edits, regenerations), approval

Revision ID: 0006
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("summaries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))
    with op.batch_alter_table("tenant_summaries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approved_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "summary_versions",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("tenant_summary_id", Id, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("summary_id", Id, nullable=True),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("bullets", sa.JSON(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_summary_id"], ["tenant_summaries.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["summary_id"], ["summaries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_summary_id", "version", name="uq_summary_versions_version"),
    )
    op.create_index("ix_summary_versions_summary_id", "summary_versions", ["summary_id"])


def downgrade() -> None:
    op.drop_index("ix_summary_versions_summary_id", table_name="summary_versions")
    op.drop_table("summary_versions")
    with op.batch_alter_table("tenant_summaries", schema=None) as batch_op:
        batch_op.drop_column("approved_at")
        batch_op.drop_column("approved_version")
    with op.batch_alter_table("summaries", schema=None) as batch_op:
        batch_op.drop_column("details")

"""tenancy: tenants, API keys, and each tenant's view of articles and summaries

Everything stored before this revision becomes the "default" tenant's, with the
same ids as before (open mode keeps answering the old ids; an admin reaches the
old data with a key made by `briefing keys create --tenant default`).

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
DEFAULT_TENANT = "default"


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("tenant_id", Id, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prefix"),
    )
    op.create_table(
        "tenant_articles",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("tenant_id", Id, nullable=False),
        sa.Column("article_id", Id, nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "article_id", name="uq_tenant_articles"),
    )
    op.create_table(
        "tenant_article_tags",
        sa.Column("tenant_article_id", Id, nullable=False),
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["tenant_article_id"], ["tenant_articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_article_id", "tag"),
    )
    op.create_index("ix_tenant_article_tags_tag", "tenant_article_tags", ["tag"])
    op.create_table(
        "tenant_summaries",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("tenant_id", Id, nullable=False),
        sa.Column("summary_id", Id, nullable=False),
        sa.Column("tenant_article_id", Id, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["summary_id"], ["summaries.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_article_id"], ["tenant_articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "summary_id", name="uq_tenant_summaries"),
    )
    op.create_index("ix_tenant_summaries_tenant_id", "tenant_summaries", ["tenant_id", "id"])
    op.create_index("ix_tenant_summaries_summary_id", "tenant_summaries", ["summary_id"])

    # What was stored before belongs to the default tenant, under the same ids.
    op.execute(
        sa.text(
            "INSERT INTO tenants (id, name, created_at) VALUES (1, :name, CURRENT_TIMESTAMP)"
        ).bindparams(name=DEFAULT_TENANT)
    )
    op.execute(
        "INSERT INTO tenant_articles "
        "(id, tenant_id, article_id, url, source, published_at, language, created_at) "
        "SELECT id, 1, id, url, source, published_at, language, created_at FROM articles"
    )
    op.execute(
        "INSERT INTO tenant_article_tags (tenant_article_id, tag) "
        "SELECT article_id, tag FROM article_tags"
    )
    op.execute(
        "INSERT INTO tenant_summaries (id, tenant_id, summary_id, tenant_article_id, created_at) "
        "SELECT id, 1, id, article_id, created_at FROM summaries"
    )
    if op.get_bind().dialect.name == "postgresql":
        # Explicit ids leave the sequences behind; move them past the copied rows.
        for table in ("tenants", "tenant_articles", "tenant_summaries"):
            op.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )


def downgrade() -> None:
    op.drop_index("ix_tenant_summaries_summary_id", table_name="tenant_summaries")
    op.drop_index("ix_tenant_summaries_tenant_id", table_name="tenant_summaries")
    op.drop_table("tenant_summaries")
    op.drop_index("ix_tenant_article_tags_tag", table_name="tenant_article_tags")
    op.drop_table("tenant_article_tags")
    op.drop_table("tenant_articles")
    op.drop_table("api_keys")
    op.drop_table("tenants")

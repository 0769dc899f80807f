"""Alembic environment: always run from the app with a live connection (see core/db/migrations.py)."""

from alembic import context

from assessor_app.core.db.migrations import is_modelled
from assessor_app.core.db.models.base import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through assessor_app.core.db.migrations, not the alembic command.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table instead
    compare_type=True,
    include_name=is_modelled,  # the search indexes have no model
)
with context.begin_transaction():
    context.run_migrations()

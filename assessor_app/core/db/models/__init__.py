"""The case database schema for the whole product, as typed SQLAlchemy records, one module per area.

Later features extend these tables through Alembic migrations under ``db/migrations``; they never
redesign them. Stable keys (``uid``) let cases move between laptops and batch workbooks.

Importing any one of these modules imports every one, so ``Base.metadata`` always holds every table (the
Alembic environment and the privacy access request read it whole) and relationships between areas resolve.
"""

from assessor_app.core.db.models import audit_sync, cases, catalogue, laptop  # noqa: F401  (registers all)

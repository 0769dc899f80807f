"""Evidence and eligibility: the checklist, the evidence store, and eligibility from the database."""

"""The case view: one application with its timeline, evidence checklist, attachments and eligibility."""

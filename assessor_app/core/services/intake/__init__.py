"""Promotion-day intake: events, this laptop's station, drafts, lodging and reference numbers."""

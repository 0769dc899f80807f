"""The promotion-day dashboard: one event's figures, its hour chart and the end-of-day summary PDF."""

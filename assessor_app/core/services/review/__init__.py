"""Reviewing cases: users and states, assessment, document requests, locks and corrections, reimbursement."""

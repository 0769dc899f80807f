"""The applicant's side of the PDPO: a data access request, retention and purge."""

"""RPL Assessor Workstation: offline intake, evidence, review and Excel sync for RPL assessment agencies."""

__version__ = "0.1.0"

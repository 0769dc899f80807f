"""Every PDF the workstation prints: slip, assessment report, letters; their shared layout and fonts."""

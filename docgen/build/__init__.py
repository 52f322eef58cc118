"""Build: plan every output, render in worker processes, and write through the one writer."""

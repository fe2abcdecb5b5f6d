"""Developer tooling for FAJMA: the virtual device launcher and its Noise proxy."""

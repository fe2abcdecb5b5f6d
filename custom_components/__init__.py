"""Home Assistant custom integrations of this repository (a package for type checking and tests)."""

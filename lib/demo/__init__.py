"""Fakes of the two remote APIs and the demo data they serve (no network needed)."""

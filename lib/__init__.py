"""Leads Planning Dashboard: the library behind the pages and the sync."""

"""Bulk jobs: streaming import, progress, export (see README "Batch jobs")."""

"""Shared by the Python suites: puts tests/ on the import path for server_support."""

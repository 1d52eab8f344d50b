"""Fakes of the ports for tests."""

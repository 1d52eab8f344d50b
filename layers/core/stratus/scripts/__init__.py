"""Learned scripts: record a completed run's actions, replay them with new facts, no model."""

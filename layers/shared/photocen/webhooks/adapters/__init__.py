"""Implementations of ``photocen.webhooks.ports``, one file each."""

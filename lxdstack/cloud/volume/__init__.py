"""Cinder (block storage). For now: version discovery only; every other route answers 501."""

"""Grading many essays: files and folders in, one summary row per essay out. Imports nothing from Flask."""

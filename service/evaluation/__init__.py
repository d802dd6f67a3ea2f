"""Measuring the detectors against annotated essays."""

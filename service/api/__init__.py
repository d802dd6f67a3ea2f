"""HTTP doors into the analysis: one blueprint per resource."""

from service.api import feedback, health
from service.api import batch, jobs, pages, references

BLUEPRINTS = (health.blp, feedback.blp)
BLUEPRINTS += (pages.blp,)
BLUEPRINTS += (references.blp,)
BLUEPRINTS += (batch.blp,)
BLUEPRINTS += (jobs.blp,)

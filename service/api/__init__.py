"""HTTP doors into the analysis: one blueprint per resource."""

from service.api import feedback, health

BLUEPRINTS = (health.blp, feedback.blp)

"""HTTP doors into the analysis: one blueprint per resource."""

from service.api import feedback, health
from service.api import batch

BLUEPRINTS = (health.blp, feedback.blp)
BLUEPRINTS += (batch.blp,)

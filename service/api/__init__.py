"""HTTP doors into the analysis: one blueprint per resource."""

from service.api import feedback, health
from service.api import references

BLUEPRINTS = (health.blp, feedback.blp)
BLUEPRINTS += (references.blp,)

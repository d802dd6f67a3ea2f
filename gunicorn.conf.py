# gunicorn reads this file from the working directory; the settings live in the package.
from service.gunicorn_settings import *  # noqa: F401,F403

"""gunicorn settings, read from the environment (see service/config.py and the README).

`essay-feedback serve` passes this module to gunicorn; the repository's gunicorn.conf.py
re-exports it so that a plain `gunicorn 'service:create_app()'` picks it up too.
"""

from service.config import Settings

_settings = Settings.from_env()

bind = _settings.bind
workers = _settings.workers
timeout = _settings.timeout
graceful_timeout = 30
keepalive = 5
# Load the spaCy pipeline once in the master; forked workers share its memory.
preload_app = True
max_requests = 1000
max_requests_jitter = 100
worker_tmp_dir = "/dev/shm"
accesslog = "-"
errorlog = "-"
loglevel = _settings.log_level
# The access log never carries request bodies; the query string is left out as well.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

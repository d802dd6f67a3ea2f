"""Asynchronous jobs: many essays submitted at once, analysed by Celery workers, results kept for a while.

`store` holds jobs, essays and results in SQL; `queue` makes the Celery app; `tasks` is
the work a worker process does; `callbacks` signs and sends the notice that a job ended.
"""

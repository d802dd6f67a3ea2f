"""The `essay-feedback` command. Each subcommand lives in a module of its own."""

import click

from service.cli.analyze import analyze, serve
from service.cli.grade import grade
from service.cli.evaluate import evaluate
from service.cli.pipeline import pipeline
from service.cli.worker import worker


@click.group()
@click.version_option(package_name="essay-feedback")
def main() -> None:
    """Structural feedback on history essays."""


main.add_command(analyze)
main.add_command(serve)
main.add_command(grade)
main.add_command(evaluate)
main.add_command(worker)
main.add_command(pipeline)

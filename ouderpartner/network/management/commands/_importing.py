"""Shared bits of the import commands: reading a path or URL and reporting the result."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ouderpartner.core.models import Workspace
from ouderpartner.network.importers.base import ImportResult, UnusableFile, read_source


def read(path_or_url: str) -> tuple[bytes, str]:
    try:
        return read_source(path_or_url)
    except (OSError, UnusableFile) as error:  # URLError is an OSError
        raise CommandError(f"Cannot read {path_or_url}: {error}") from error


def workspace(slug: str) -> Workspace:
    try:
        return Workspace.objects.get(slug=slug)
    except Workspace.DoesNotExist as error:
        raise CommandError(f"No workspace with the slug {slug!r}.") from error


def report(command: BaseCommand, result: ImportResult, *, max_errors: int = 50) -> None:
    command.stdout.write(result.describe())
    for error in result.errors[:max_errors]:
        command.stdout.write(f"  line {error.line}: {error.reason}")
    if len(result.errors) > max_errors:
        command.stdout.write(f"  … and {len(result.errors) - max_errors} more bad line(s)")

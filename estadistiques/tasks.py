"""The statistics' background work: old page views become aggregates."""

from celery import shared_task

from estadistiques.retention import retention_days
from estadistiques.retention import rollup as views_rollup


@shared_task(name="estadistiques.rollup", acks_late=True)
def rollup() -> None:
    views_rollup(retention_days())

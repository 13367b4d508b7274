"""What notifications/ hears from the apps below it."""

import logging

from django.db import DatabaseError, transaction

from notifications.events import notification_record_job_end

logger = logging.getLogger(__name__)


def job_finished_noted(*, job_id, **kwargs) -> None:
    """Recorded once the job's outcome is committed, on its own: a notification that cannot be written
    never fails or undoes the job it tells of, and an import rolled back is never announced."""

    def record() -> None:
        try:
            notification_record_job_end(job_id=job_id)
        except DatabaseError:
            logger.warning("The end of job %s could not be notified", job_id, exc_info=True)

    transaction.on_commit(record)

"""What jobs/ tells the apps above it, which it does not know (nor import)."""

import uuid

from django.dispatch import Signal

from jobs.models import Job

# Sent once a job has ended, succeeded or failed (by its worker, or as abandoned when its worker died),
# right after its outcome is written, inside the transaction that writes it, with the job's `job_id`.
job_finished = Signal()


def job_announce_end(pk: uuid.UUID) -> None:
    """Tell whoever listens that the job has ended; called by every write of a job's outcome."""
    job_finished.send(sender=Job, job_id=pk)

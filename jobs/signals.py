"""What jobs/ tells the apps above it, which it does not know (nor import)."""

from django.dispatch import Signal

# Sent once a job has ended, succeeded or failed (by its worker, or as abandoned when its worker died),
# right after its outcome is written, inside the transaction that writes it, with the job's `job_id`.
job_finished = Signal()

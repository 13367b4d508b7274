from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Chỉ số và báo cáo"

    def ready(self) -> None:
        from jobs.models import Job
        from jobs.registry import job_register
        from reporting.tasks import run_export

        job_register(Job.Kind.EXPORT, run_export)

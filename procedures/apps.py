from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = "Thủ tục hành chính và hồ sơ"

    def ready(self) -> None:
        from jobs.models import Job
        from jobs.registry import job_register
        from procedures.tasks import run_import

        job_register(Job.Kind.IMPORT_CHECK, run_import)
        # Confirming a checked workbook writes dossiers: whoever may add one may confirm.
        job_register(Job.Kind.IMPORT, run_import, permission="procedures.add_dossier")

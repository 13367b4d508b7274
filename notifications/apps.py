from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        from jobs.signals import job_finished
        from notifications.receivers import job_finished_noted

        job_finished.connect(job_finished_noted, dispatch_uid="notifications.job_finished")

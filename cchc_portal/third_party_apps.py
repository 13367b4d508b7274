"""The portal's names for the third-party apps the admin lists: their own configurations name them in
English ("Axes", "Tasks Database Backend") without a translation to hook into. Their models' names are
translated in locale/, since those are marked for translation."""

from axes.apps import AppConfig as AxesAppConfig
from django_tasks_db.apps import TasksAppConfig


class LoginLockoutsConfig(AxesAppConfig):
    verbose_name = "Đăng nhập sai và khóa tài khoản"


class TaskQueueConfig(TasksAppConfig):
    verbose_name = "Hàng đợi tác vụ nền (kỹ thuật)"

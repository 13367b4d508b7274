"""Which task does each kind of job's work. The app that owns the work registers its task in its
AppConfig.ready(), so that jobs/ runs and supervises work it knows nothing of (and imports none of)."""

from django_tasks.base import Task

_TASKS: dict[str, Task] = {}
# The permission a user needs to start a kind of job from its check (confirming an import).
_PERMISSIONS: dict[str, str] = {}


def job_register(kind: str, task: Task, *, permission: str = "") -> None:
    _TASKS[kind] = task
    if permission:
        _PERMISSIONS[kind] = permission


def job_permission(kind: str) -> str:
    return _PERMISSIONS[kind]


def job_task(kind: str) -> Task:
    return _TASKS[kind]


def job_task_paths() -> list[str]:
    """The import paths of the registered tasks, as the task results record them."""
    return sorted({task.module_path for task in _TASKS.values()})

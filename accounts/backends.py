from django.contrib.auth.backends import BaseBackend, ModelBackend

from accounts.permissions import ROLE_PERMISSIONS


class RolePermissionBackend(BaseBackend):
    """Grants a user the permissions of their role; it authenticates no one."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        return set(ROLE_PERMISSIONS.get(user_obj.role, ()))

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)


class PasswordBackend(ModelBackend):
    """Checks a username and password; grants no permission of its own. A role is the only source of
    permissions (RolePermissionBackend), so no per-user or group grant can drift from it, and a check
    the role refuses costs no query."""

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

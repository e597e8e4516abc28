"""Who may use the admin, and with what rights: changed only by a superuser, always audited.

`is_staff` opens the admin, the groups and permissions decide what an agent may do in it and
`is_superuser` everything, so these are never edited in the plain user form: its "Change
admin access" page calls `set_admin_access`, which records the actor, before and after.
A group's permissions are admin rights of all its members: `set_group_permissions` audits
them the same way.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts import audit
from accounts.models import User


def admin_access(user: User) -> dict:
    """The user's admin rights as the audit trail records them."""
    return {
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": _permission_names(user),
    }


@transaction.atomic
def set_admin_access(
    user: User,
    *,
    actor: User,
    is_active: bool,
    is_staff: bool,
    is_superuser: bool,
    groups: list[Group],
    permissions: list[Permission],
) -> User:
    """Set `user`'s admin rights; audits `user.admin_access_changed` if anything changed.

    Raises `PermissionDenied` unless `actor` is an active superuser.
    """
    if not (actor.is_active and actor.is_superuser):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    before = admin_access(user)
    user.is_active, user.is_staff, user.is_superuser = is_active, is_staff, is_superuser
    user.save(update_fields=["is_active", "is_staff", "is_superuser"])
    user.groups.set(groups)
    user.user_permissions.set(permissions)
    after = admin_access(user)
    if after != before:
        audit.record("user.admin_access_changed", actor=actor, obj=user, before=before, after=after)
    return user


@transaction.atomic
def set_group_permissions(group: Group, *, actor: User, permissions: list[Permission]) -> Group:
    """Set what a group's members may do; audits `group.permissions_changed` if it changed.

    Raises `PermissionDenied` unless `actor` is an active superuser.
    """
    if not (actor.is_active and actor.is_superuser):
        raise PermissionDenied
    before = _permission_names(group)
    group.permissions.set(permissions)
    after = _permission_names(group)
    if after != before:
        audit.record(
            "group.permissions_changed",
            actor=actor,
            obj=group,
            before={"name": group.name, "permissions": before},
            after={"name": group.name, "permissions": after},
        )
    return group


def _permission_names(holder) -> list[str]:
    rows = holder.permissions if isinstance(holder, Group) else holder.user_permissions
    return sorted(
        f"{app}.{codename}"
        for app, codename in rows.values_list("content_type__app_label", "codename")
    )

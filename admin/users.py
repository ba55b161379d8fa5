"""The administrator's staff: a page (/admin/users) and a JSON API (/api/v1/admin/users) to add
accounts, change their role, reset a password, and disable or enable one (disabling logs it
out everywhere at once). The rules are office/users.py."""

from flask import current_app, g
from flask_babel import gettext

from admin.blueprints import api, pages
from admin.common import admin_page, render_admin_page
from admin.common import bus as _bus
from admin.common import clock as _clock
from office import users
from office.contract import operation
from office.errors import InvalidInput
from office.models import User
from office.roles import ADMINS
from office.staff_schemas import (
    NewStaffRequest,
    PasswordResetRequest,
    StaffChangeRequest,
    StaffList,
    StaffOne,
    StaffRecord,
)


def staff_record(user: User) -> StaffRecord:
    return StaffRecord(id=user.id, username=user.username, role=user.role, active=user.active)


def _hashing() -> dict:
    """The app's password hasher, run off the event loop (a hash is ~0.1 s of CPU)."""
    return {"hasher": current_app.config["PASSWORD_HASHER"], "run": current_app.extensions["onewindow.run_blocking"]}


@api.get("/users")
@operation("Every staff account, active or not", roles=ADMINS, answers={200: StaffList})
def list_users():
    return StaffList(users=[staff_record(user) for user in users.staff()])


@api.post("/users")
@operation(
    "Add a staff account",
    description="Usernames are normalised (Admin is admin) and may not look like an existing one.",
    roles=ADMINS,
    body=NewStaffRequest,
    answers={201: StaffOne, 409: "The username is taken (user_exists), or looks like one (username_look_alike)"},
)
def add_staff(body: NewStaffRequest):
    user = users.add_user(
        body.username, body.password, body.role, actor_id=g.user.id, clock=_clock(), bus=_bus(), **_hashing()
    )
    return StaffOne(user=staff_record(user)), 201


@api.patch("/users/<id:user_id>")
@operation(
    "Change a staff account's role, or disable or enable it",
    description="Disabling ends the account's page sessions, API tokens and counter screens at once.",
    roles=ADMINS,
    body=StaffChangeRequest,
    answers={200: StaffOne, 404: "No such user", 409: "The last active admin cannot be demoted or disabled"},
)
def change_staff(user_id: int, body: StaffChangeRequest):
    if body.role is None and body.active is None:
        raise InvalidInput("nothing to change: give role and/or active", field="role")
    user = users.change_user(
        user_id, role=body.role, active=body.active, actor_id=g.user.id, clock=_clock(), bus=_bus()
    )
    return StaffOne(user=staff_record(user))


@api.post("/users/<id:user_id>/password")
@operation(
    "Reset a staff account's password",
    description="The administrator gives the new password. Whoever knew the old one is logged out: "
    "the account's page sessions, API tokens and counter screens end.",
    roles=ADMINS,
    body=PasswordResetRequest,
    answers={200: StaffOne, 404: "No such user"},
)
def reset_password(user_id: int, body: PasswordResetRequest):
    user = users.reset_password(user_id, body.password, actor_id=g.user.id, clock=_clock(), bus=_bus(), **_hashing())
    return StaffOne(user=staff_record(user))


def users_strings() -> dict[str, str]:
    """The page's words, in the current locale. Placeholders: {name}."""
    return {
        "users": gettext("Staff"),
        "add_user": gettext("Add a staff member"),
        "username": gettext("Username"),
        "password": gettext("Password"),
        "new_password": gettext("New password"),
        "role": gettext("Role"),
        "active": gettext("Active"),
        "officer": gettext("Officer"),
        "supervisor": gettext("Supervisor"),
        "admin": gettext("Administrator"),
        "add": gettext("Add"),
        "change_role": gettext("Change role"),
        "reset_password": gettext("Reset password"),
        "disable": gettext("Disable"),
        "enable": gettext("Enable"),
        "yes": gettext("yes"),
        "no": gettext("no"),
        "disabled": gettext("disabled"),
        "password_rule": gettext("At least 8 characters."),
        "reset_note": gettext("Resetting a password logs that person out everywhere."),
        "disable_confirm": gettext("Disable %(name)s? They are logged out everywhere at once.", name="{name}"),
        "added": gettext("%(name)s added.", name="{name}"),
        "role_changed": gettext("%(name)s's role changed.", name="{name}"),
        "password_reset": gettext("%(name)s's password reset; they are logged out.", name="{name}"),
        "user_disabled": gettext("%(name)s disabled and logged out.", name="{name}"),
        "user_enabled": gettext("%(name)s can log in again.", name="{name}"),
        "not_done": gettext("Not done:"),
    }


@pages.get("/admin/users")
@admin_page
def users_page():
    return render_admin_page("admin/users.html", users_strings, roles=list(User.ROLES))

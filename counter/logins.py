"""Both ways of logging in (POST /api/v1/login and the login page) check a password through
here: with the app's hasher, clock, event bus and login limits, for the client's address."""

from flask import current_app, request

from office.logins import Throttle
from office.models import User
from office.users import authenticate


def check_login(username: str, password: str) -> User | None:
    """The user, None for wrong credentials; TooManyAttempts (429) when the limits say so."""
    return authenticate(
        username,
        password,
        client=client_address(),
        hasher=current_app.config["PASSWORD_HASHER"],
        clock=current_app.config["CLOCK"],
        run=current_app.extensions["onewindow.run_blocking"],
        throttle=Throttle.from_settings(current_app.config),
        bus=current_app.extensions["onewindow.events"],
    )


def client_address() -> str:
    """The address the limits count by: the application's view of it (behind trusted proxies,
    the client's), else the connection's."""
    find = current_app.extensions.get("onewindow.client_address")
    return (find() if find else request.remote_addr) or ""

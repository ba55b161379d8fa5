"""The administration's two blueprints, which every section of admin/ adds its routes to: the
pages under /admin (CSRF-protected forms, the staff session) and the JSON API under
/api/v1/admin (role `admin` only, declared with office.contract.operation)."""

from flask import Blueprint

pages = Blueprint(
    "admin",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/admin/static",
)
api = Blueprint("admin_api", __name__, url_prefix="/api/v1/admin")  # "_api": CSRF checked by the contract

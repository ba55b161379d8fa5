"""Who may do what, by role: the tuples the HTTP operations and the rules check."""

STAFF = ("officer", "supervisor", "admin")
SUPERVISORS = ("supervisor", "admin")
ADMINS = ("admin",)

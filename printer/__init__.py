"""The printer area: ticket layout, ESC/POS backends and the print spool (issue 4)."""


def init_app(app) -> None:
    """Nothing to register yet: the print spool comes with the kiosk's printed ticket."""

"""OneWindow: the application that assembles the kiosk, display, counter and printer areas.

Kept free of imports so that `onewindow serve` can monkey-patch eventlet before anything
else is loaded (see onewindow.launch).
"""


def create_app(test_config=None):
    from onewindow.app import create_app as _create_app

    return _create_app(test_config)

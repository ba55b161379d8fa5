"""The `onewindow` console script.

`onewindow serve` runs on eventlet unless ONEWINDOW_ASYNC_MODE says otherwise; eventlet must
monkey-patch the standard library before anything else is imported (imported first, peewee
would keep one connection shared by every green thread), so this module imports nothing of
ours until that is done.
"""

import os
import sys
import warnings


def main() -> None:
    if _serving_on_eventlet(sys.argv[1:]):
        with warnings.catch_warnings():  # its deprecation notice is known: see README
            warnings.simplefilter("ignore")
            import eventlet

        eventlet.monkey_patch()
    from onewindow.cli import cli

    cli.main(prog_name="onewindow")


def _serving_on_eventlet(args: list[str]) -> bool:
    mode = os.environ.get("ONEWINDOW_ASYNC_MODE", "eventlet").strip().strip('"') or "eventlet"
    return bool(args) and args[0] == "serve" and mode == "eventlet"


if __name__ == "__main__":
    main()

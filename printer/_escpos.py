"""python-escpos, imported without its side effect on logging.

Its capabilities module calls logging.basicConfig() on import: the root logger gets a stderr
handler, and the application's own logging.basicConfig(...) later becomes a no-op. Every module
of ours takes python-escpos from here, so that handler is removed as soon as it is added.
"""

import logging

_handlers_before = list(logging.root.handlers)

from escpos.capabilities import BaseProfile, get_profile  # noqa: E402
from escpos.escpos import Escpos  # noqa: E402
from escpos.exceptions import Error as EscposError  # noqa: E402
from escpos.printer import Dummy, Network, Serial, Usb  # noqa: E402

for _handler in logging.root.handlers[:]:
    if _handler not in _handlers_before:
        logging.root.removeHandler(_handler)

__all__ = ["BaseProfile", "Dummy", "Escpos", "EscposError", "Network", "Serial", "Usb", "get_profile"]

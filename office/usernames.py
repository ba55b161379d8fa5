"""What a username may be, and when two are one: the rules that keep one account from posing
as another.

- `normalize_username(text)`: the form a name is stored and looked up in. NFKC first (full-width
  and other compatibility letters become the plain ones), then the PRECIS profile for usernames
  (RFC 8265, UsernameCaseMapped with Unicode case folding, from the precis-i18n library): letters
  and digits of any script, no spaces, no symbols, no control or format characters (so no bidi
  overrides such as U+202E and no zero-width joiners), no unassigned code points, and the bidi
  rule of RFC 5893. "Admin", "ADMIN" and "ａｄｍｉｎ" are all "admin"; the ASCII lower-case names
  of older databases are their own normal form, so they log in as before.
- `username_skeleton(name)`: the Unicode confusables skeleton (UTS #39) of a name, from the
  data of the confusable_homoglyphs library: "аdmin" with a Cyrillic а, "admin" with a Latin
  a, and "officer1" / "officerl" have the same skeleton. A new name whose skeleton is that of an
  existing one is refused (office/users.py), so nobody can be given a look-alike of someone.

Nothing here knows Flask or the database.
"""

import unicodedata
from functools import cache

from confusable_homoglyphs.confusables import confusables_data
from precis_i18n import get_profile

from office.errors import InvalidInput
from office.limits import USERNAME_MAX

_PROFILE = get_profile("UsernameCaseMapped:CaseFold")
_LRM = "\u200e"  # the confusables data wraps right-to-left glyphs in marks; they are no part of them


def normalize_username(text: str) -> str:
    """The stored and looked-up form of a username; InvalidInput if it cannot be one."""
    text = unicodedata.normalize("NFKC", (text or "").strip())
    if not text:
        raise InvalidInput("the username must not be blank")
    try:
        name = _PROFILE.enforce(text)
    except UnicodeError as error:
        char = error.object[error.start] if isinstance(error, UnicodeEncodeError) else "?"
        raise InvalidInput(
            f"the username may hold letters, digits and ASCII punctuation, not U+{ord(char):04X} "
            "(no spaces, symbols, control or format characters)"
        ) from None
    if len(name) > USERNAME_MAX:
        raise InvalidInput(f"username must be 1 to {USERNAME_MAX} characters")
    return name


def login_name(text: str) -> str:
    """The name to look a login up by: the normal form, or the text as given when it has none
    (it then matches no account, and the login fails like any wrong username)."""
    try:
        return normalize_username(text)
    except InvalidInput:
        return text


def username_skeleton(name: str) -> str:
    """The UTS #39 skeleton: every character replaced by the prototype of its look-alikes.
    Case folded once more, and mapped again, since names are compared case-blind: the
    prototype of "0" is "O", which must meet "o"."""
    return _mapped(_mapped(name).casefold())


def _mapped(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(_prototype(char) for char in decomposed))


@cache
def _prototype(char: str) -> str:
    """The look-alike that stands for `char` and for everything confusable with it.

    The data lists both ways each line of Unicode's confusables.txt (source -> prototype):
    a source lists its prototype alone; a prototype lists all its sources. A prototype of
    several characters ("rn" for "m") is never a source. When a source and its prototype list
    only each other, the two cannot be told apart, and the smaller stands for both."""
    found = [entry["c"].replace(_LRM, "") for entry in confusables_data.get(char, ())]
    if len(found) != 1:
        return char  # no look-alike, or the prototype of several
    other = found[0]
    if len(other) > 1 or len(confusables_data.get(other, ())) > 1:
        return other
    return min(char, other)

"""A ticket's life as one table: what each action may do to a ticket.

    waiting --call--> called --start--> serving --finish--> done
                        |  \\--no_show--> no_show
                        \\--recall--> called
    waiting|called --cancel--> cancelled
    waiting|called|serving --transfer--> waiting (another service, same place in line)

The engine takes every from-state, to-state and timestamp from here; the counter's
`allowed_actions` and the API's description are read from here too. Anything the table does
not allow is refused (409).
"""

from dataclasses import dataclass

WAITING, CALLED, SERVING = "waiting", "called", "serving"
DONE, NO_SHOW, CANCELLED = "done", "no_show", "cancelled"
STATES = (WAITING, CALLED, SERVING, DONE, NO_SHOW, CANCELLED)


@dataclass(frozen=True)
class Transition:
    """One action on a ticket."""

    name: str  # the engine's use case: "call", "no_show", ...
    from_states: tuple[str, ...]  # the ticket must be in one of these
    to_state: str
    path_words: tuple[str, ...]  # its word(s) in the API's paths, the usual one first
    verb: str  # for messages: "ticket A001 is waiting; it can be <verb> only when serving"
    event: str  # the kind of the Event row it writes
    sets: tuple[str, ...] = ()  # timestamps set to the time of the action
    sets_if_unset: tuple[str, ...] = ()  # timestamps set to that time only if still empty
    assigns: tuple[str, ...] = ()  # fields the action gives a value (the counter, the officer)
    clears: tuple[str, ...] = ()  # fields emptied

    @property
    def path_word(self) -> str:
        """The action's word in the API: POST /tickets/<id>/<path_word> (call: /counters/<id>/next)."""
        return self.path_words[0]

    def allows(self, status: str) -> bool:
        return status in self.from_states

    def describe(self) -> str:
        """The rule in one line, e.g. "waiting → called; sets called_at, first_called_at if unset, …"."""
        parts = [f"{' or '.join(self.from_states)} → {self.to_state}"]
        sets = [*self.sets, *(f"{field} if unset" for field in self.sets_if_unset), *self.assigns]
        if sets:
            parts.append("sets " + ", ".join(sets))
        if self.clears:
            parts.append("clears " + ", ".join(self.clears))
        return "; ".join(parts)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "call",
            (WAITING,),
            CALLED,
            path_words=("next", "call"),
            verb="called",
            event="called",
            sets=("called_at",),
            sets_if_unset=("first_called_at",),
            assigns=("counter", "officer"),
        ),
        Transition("recall", (CALLED,), CALLED, ("recall",), "recalled", "recalled", sets=("called_at",)),
        Transition("start", (CALLED,), SERVING, ("start",), "started", "started", sets=("started_at",)),
        Transition("finish", (SERVING,), DONE, ("finish",), "finished", "finished", sets=("finished_at",)),
        Transition("no_show", (CALLED,), NO_SHOW, ("no-show",), "marked no-show", "no_show"),
        Transition("cancel", (WAITING, CALLED), CANCELLED, ("cancel",), "cancelled", "cancelled"),
        Transition(
            "transfer",
            (WAITING, CALLED, SERVING),
            WAITING,
            path_words=("transfer",),
            verb="transferred",
            event="transferred",
            assigns=("service",),
            clears=("counter", "officer", "called_at", "started_at"),
        ),
    )
}

_BY_PATH_WORD = {word: t for t in TRANSITIONS.values() for word in t.path_words}


def by_path_word(word: str) -> Transition | None:
    """The action an API path word names ("no-show" -> no_show, "next" and "call" -> call)."""
    return _BY_PATH_WORD.get(word)


# The actions a counter screen offers, by their API path words, in the order the screen shows
# them. "next" is a call of whoever is next; pause and resume are the counter's, not a ticket's.
COUNTER_ACTIONS = ("next", "recall", "start", "finish", "no-show", "transfer", "cancel", "pause", "resume")


def counter_actions(*, paused: bool, current_status: str | None) -> list[str]:
    """What a counter may do right now, by API path word (a subset of COUNTER_ACTIONS, in its
    order): call the next citizen when open and free; act on its current ticket as the table
    allows for its status; pause when open, resume when paused."""
    allowed = set()
    if current_status is None:
        if not paused:
            allowed.add("next")
    else:
        for transition in TRANSITIONS.values():
            if transition.name != "call" and transition.allows(current_status):
                allowed.add(transition.path_word)
    allowed.add("resume" if paused else "pause")
    return [action for action in COUNTER_ACTIONS if action in allowed]

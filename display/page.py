"""The waiting-room TV page at /display, and the voice clips it speaks calls with.

The page draws itself from the /display Socket.IO namespace (a `snapshot` on every connect,
then `called` and `waiting`); `?counters=1,2` and `?services=3,4` on the page go on to that
connection, `?lang=km,en` chooses the languages calls are spoken in.

`/display?name=<name>` is a display the administrator named (/admin/displays): its counters,
services and languages come from the database, and any other parameter is ignored (the TV's
address stays the same whatever the administrator changes). Its connection names it, so that
a change reaches the open TV, which loads the page again. An unknown name, or a display out of
use, is a 404 page saying so, which looks again every minute.
"""

import re

from babel import Locale
from flask import Blueprint, abort, current_app, render_template, request, send_file
from flask_babel import force_locale, gettext

from display.voices import CLIPS, available_clips, find_clip
from office import displays

bp = Blueprint(
    "display_page",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/display/static",
)

LANG = re.compile(r"^[a-z]{2,3}$")
CLIP_CACHE_SECONDS = 3600  # an office may record its clips again: not too long


def languages(text: str | None) -> list[str]:
    """ "km, en" -> ["km", "en"]: known-looking codes, in order, each once."""
    chosen = []
    for part in (text or "").split(","):
        part = part.strip().lower()
        if LANG.match(part) and part not in chosen:
            chosen.append(part)
    return chosen


def _ids_param(name: str) -> str | None:
    """A ?counters= / ?services= value passed on as it came, if it is a list of ids."""
    value = request.args.get(name, "").strip()
    return value if re.fullmatch(r"\d+(,\d+)*", value) else None


def khmer_text() -> dict:
    """The TV's Khmer words for its script (it writes Khmer and English side by side; the
    English ones are the browser's own): the counter of a call, and the date, with the names of
    days and months from CLDR (browsers' own Khmer dates vary)."""
    khmer = Locale("km")
    with force_locale("km"):
        return {
            "counter": gettext("Counter %(counter)s", counter="{counter}"),
            "date": gettext(
                "%(weekday)s, %(day)s %(month)s %(year)s",
                weekday="{weekday}",
                day="{day}",
                month="{month}",
                year="{year}",
            ),
            "weekdays": [khmer.days["format"]["wide"][(i + 6) % 7] for i in range(7)],  # Sunday first
            "months": [khmer.months["format"]["wide"][i] for i in range(1, 13)],
        }


@bp.get("/display")
def tv_page():
    config = current_app.config
    if "name" in request.args:
        return _named_tv(request.args["name"])
    langs = languages(request.args.get("lang")) or languages(config["ANNOUNCE_LANGUAGES"])
    query = {name: value for name in ("counters", "services") if (value := _ids_param(name))}
    return _tv(langs, query)


def _named_tv(name: str):
    """The TV page of a display the administrator named, or a page saying there is none."""
    row = displays.display_named(name)
    if row is None or not row.active:
        return _no_such_display(name, exists=row is not None)
    langs = displays.languages_of(row) or languages(current_app.config["ANNOUNCE_LANGUAGES"])
    return _tv(langs, {"display": row.name}, display=row.name)


def _no_such_display(name: str, *, exists: bool):
    def words() -> dict:
        if exists:
            problem = gettext("The TV display %(name)s is not in use.", name=name)
        else:
            problem = gettext("There is no TV display named %(name)s.", name=name)
        return {"problem": problem, "ask": gettext("An administrator sets TV displays up at /admin/displays.")}

    text = {}
    for lang in ("km", "en"):
        with force_locale(lang):
            text[lang] = words()
    page = render_template("display/unknown.html", text=text, office_name=current_app.config["OFFICE_NAME"])
    return page, 404


def _tv(langs: list[str], query: dict, *, display: str | None = None):
    config = current_app.config
    page_config = {
        "officeName": config["OFFICE_NAME"],
        "timezone": config["TIMEZONE"],
        "languages": langs,
        "voices": {lang: available_clips(current_app.instance_path, lang) for lang in langs},
        "voiceUrl": "/display/voice/",
        "socketQuery": query,
        "servicesUrl": "/api/v1/services",
        "display": display,  # a named display: its settings may change while it runs
    }
    return render_template(
        "display/tv.html", text={"km": khmer_text()}, page_config=page_config, office_name=config["OFFICE_NAME"]
    )


@bp.get("/display/voice/<lang>/<clip>.wav")
def voice_clip(lang: str, clip: str):
    if not LANG.match(lang) or clip not in CLIPS:
        abort(404)
    path = find_clip(current_app.instance_path, lang, clip)
    if path is None:
        abort(404)
    return send_file(path, mimetype="audio/wav", max_age=CLIP_CACHE_SECONDS)

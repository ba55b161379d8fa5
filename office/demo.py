"""A sample One Window office built from real services (fees are samples: they change by prakas)."""

import csv
import io
from importlib import resources
from string import ascii_uppercase

from argon2 import PasswordHasher

from office.db import database
from office.models import Counter, CounterService, Service, User
from office.users import add_user

DEMO_PASSWORD = "demo1234"
DEMO_USERS = [
    ("admin", "admin"),
    ("supervisor", "supervisor"),
    ("officer1", "officer"),
    ("officer2", "officer"),
    ("officer3", "officer"),
    ("officer4", "officer"),
]

# Which sectors each counter serves (by the sector's English name as it starts in the CSV).
DEMO_COUNTERS = [
    ("Counter 1", ["Administration"]),
    ("Counter 2", ["Land management", "Administration"]),
    ("Counter 3", ["Public works", "Mines and energy"]),
    ("Counter 4", ["Industry", "Agriculture", "Commerce"]),
]


def sample_services() -> list[dict]:
    """The rows of the bundled services CSV, in file order."""
    text = resources.files("office").joinpath("data/owso-services.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def load_demo_office(*, hasher: PasswordHasher) -> bool:
    """Fill an empty office with sample services, counters and users (their passwords hashed
    with the app's `hasher`). False if not empty."""
    with database.atomic():
        if Service.select().exists():
            return False
        services = []
        for position, (row, prefix) in enumerate(zip(sample_services(), ascii_uppercase, strict=False)):
            services.append(
                Service.create(
                    prefix=prefix,
                    name_en=row["service_en"],
                    name_km=row["service_km"],
                    group_en=row["sector_en"],
                    group_km=row["sector_km"],
                    fee_riel=int(row["fee"]) if row["fee"] else None,
                    processing_days=int(row["processing_days"]) if row["processing_days"] else None,
                    source_url=row["source_url"] or None,
                    position=position,
                )
            )
        for name, sectors in DEMO_COUNTERS:
            counter = Counter.create(name=name)
            for service in services:
                if service.group_en.startswith(tuple(sectors)):
                    CounterService.create(counter=counter, service=service)
        for username, role in DEMO_USERS:
            if not User.select().where(User.username == username).exists():
                add_user(username, DEMO_PASSWORD, role, hasher=hasher)
    return True

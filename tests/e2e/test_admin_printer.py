"""An administrator sets kiosk hall's printer in the browser's API, and the real server's
print spool prints hall's next ticket there: on a fake network printer on 127.0.0.1 that
records the ESC/POS bytes, as wide as the paper the administrator chose."""

import pytest
import requests
import zxingcpp

from tests.e2e.conftest import bearer, free_port
from tests.e2e.test_printing import complete_jobs, take_at_kiosk, wait_until, wait_until_printed
from tests.printer.conftest import FakePrinter, record_until_eof
from tests.printer.escpos_decode import decode, raster_image

pytestmark = pytest.mark.e2e


@pytest.fixture
def printer():
    fake = FakePrinter(record_until_eof, port=free_port())
    yield fake
    fake.close()


def set_printer(server, admin_token: str, **body) -> requests.Response:
    return requests.patch(f"{server.api}/admin/kiosks/hall", json=body, headers=bearer(admin_token), timeout=10)


def test_a_printer_set_by_the_admin_prints_the_kiosks_next_ticket_on_58_mm_paper(server, printer):
    admin = server.login("admin")
    server.hall_key = server.enrol_kiosk("hall")  # the office's printer stays the default folder
    response = set_printer(server, admin, printer=printer.spec, paper_width_mm=58)
    assert response.status_code == 200, response.text
    assert response.json()["kiosk"]["printer_in_use"] == printer.spec

    ticket = take_at_kiosk(server)["ticket"]
    assert wait_until_printed(server, ticket["id"]) == {"jobs": [("done", 1)], "events": ["printed"]}
    [job] = wait_until(lambda: complete_jobs(printer))
    image = raster_image(decode(job))
    assert image.width == 384  # 58 mm paper
    assert [c.text for c in zxingcpp.read_barcodes(image.convert("L"))] == [ticket["status_url"]]
    assert server.rows("SELECT kind FROM event WHERE kind = 'kiosk_changed'") == [("kiosk_changed",)]

    # Back to 80 mm: the next ticket is 576 dots wide, on the same printer.
    assert set_printer(server, admin, paper_width_mm=80).status_code == 200
    wide = take_at_kiosk(server)["ticket"]
    wait_until_printed(server, wide["id"])
    jobs = wait_until(lambda: (jobs := complete_jobs(printer)) and len(jobs) == 2 and jobs)
    assert raster_image(decode(jobs[1])).width == 576
    assert not server.logged_errors()

"""The administrator's services in a real browser against the real server, on an office with
no services yet: checking the shared owso-services.csv shows 25 to add and writes nothing,
confirming adds them to the table; a bad file shows each bad line and why; a taken prefix's
message appears next to the prefix field; deactivating greys the row; the export downloads."""

import re
import subprocess
from importlib import resources

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.test_kiosk_pages import compile_catalogues

pytestmark = pytest.mark.e2e

BAD_CSV = (
    "sector_en,sector_km,service_en,service_km,fee,fee_currency,processing_days,source_url\n"
    "Admin,រដ្ឋបាល,Good,ល្អ,1000,KHR,3,\n"
    "Admin,រដ្ឋបាល,Bad fee,ល្អ,lots,KHR,3,\n"
)


@pytest.fixture(autouse=True, scope="module")
def _catalogues():
    compile_catalogues()


@pytest.fixture
def empty_office(start_server):
    """A real server whose office has no services yet, and its administrator."""
    server = start_server(demo=False)
    add = [*server.command, "user", "add", "admin", "--role", "admin", "--password", DEMO_PASSWORD]
    subprocess.run(add, env=server.env, cwd=server.workdir, check=True, capture_output=True, timeout=60)
    return server


def open_services_page(server, page):
    page.goto(f"{server.url}/login?next=/admin/services")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form [type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/services$"))
    page.wait_for_function("window.onewindowServices && window.onewindowServices.loads > 0")


def test_an_admin_loads_the_shared_csv_after_checking_it_and_is_told_what_is_wrong(empty_office, page):
    server = empty_office
    open_services_page(server, page)
    expect(page.locator("#services tr[data-service-id]")).to_have_count(0)

    shared = resources.files("office").joinpath("data/owso-services.csv")
    page.locator("#import-file").set_input_files(str(shared))
    page.locator("#import-check").click()
    expect(page.locator("#import-added")).to_have_attribute("data-count", "25")
    expect(page.locator("#import-added li").first).to_have_text(re.compile(r"^A · Certification"))
    expect(page.locator("#import-deactivated")).to_have_attribute("data-count", "0")
    assert server.rows("SELECT count(*) FROM service") == [(0,)]  # a dry run writes nothing

    page.locator("#import-confirm").click()
    expect(page.locator("#import-result .done")).to_be_visible()
    expect(page.locator("#services tr[data-service-id]")).to_have_count(25)
    expect(page.locator("#import-confirm")).to_be_hidden()
    assert server.rows("SELECT count(*) FROM service WHERE active") == [(25,)]

    # A bad file: its line and why, and nothing imported.
    page.locator("#import-file").set_input_files(
        {"name": "bad.csv", "mimeType": "text/csv", "buffer": BAD_CSV.encode("utf-8")}
    )
    page.locator("#import-check").click()
    error = page.locator('#import-errors li[data-line="3"]')
    expect(error).to_contain_text("Line 3")
    expect(error).to_contain_text("fee: 'lots' is not a whole number of riel")
    expect(page.locator("#import-confirm")).to_be_hidden()

    # A prefix another active service has: the message next to the prefix field.
    page.fill("#service-prefix", "B")
    page.fill("#service-name-km", "សំបុត្រកំណើត")
    page.fill("#service-name-en", "Birth certificate")
    page.fill("#service-group-km", "អត្រានុកូលដ្ឋាន")
    page.fill("#service-group-en", "Civil status")
    page.fill("#service-fee", "4000")
    page.fill("#service-documents-en", "ID card\nFamily book")
    page.locator("#service-submit").click()
    note = page.locator('.field-error[data-field="prefix"]')
    expect(note).to_contain_text("B is taken")
    expect(page.locator("#service-prefix")).to_have_attribute("aria-invalid", "true")
    page.fill("#service-prefix", "")  # the first free one
    page.locator("#service-submit").click()
    expect(page.locator("#service-saved")).to_be_visible()
    added = page.locator('#services tr[data-prefix="Z"]')
    expect(added).to_contain_text("Birth certificate")
    assert server.rows("SELECT documents_en, fee_riel FROM service WHERE prefix = 'Z'") == [
        ('["ID card", "Family book"]', 4000)
    ]

    # Deactivating (after saying yes) greys the row; the service stays.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator('#services tr[data-prefix="B"] button.toggle').click()
    expect(page.locator('#services tr[data-prefix="B"]')).to_have_class(re.compile(r"\binactive\b"))
    assert server.rows("SELECT active FROM service WHERE prefix = 'B'") == [(0,)]

    with page.expect_download() as download:
        page.locator("#export-link").click()
    exported = download.value.path().read_text(encoding="utf-8-sig")
    assert exported.splitlines()[0].startswith("sector_en,sector_km,service_en,service_km,fee,fee_currency")
    assert len(exported.splitlines()) == 27  # the header, 26 services (B inactive)

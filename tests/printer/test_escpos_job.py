"""The ESC/POS job on the wire: ESC @, GS v 0 raster of exactly the ticket, one cut."""

import pytest

from printer.backends import open_printer
from printer.escpos_job import print_ticket, ticket_job_bytes
from printer.layout import render_ticket
from tests.printer.conftest import longest_khmer_service, make_ticket
from tests.printer.escpos_decode import decode, raster_image


@pytest.fixture(scope="module")
def ticket_image():
    return render_ticket(make_ticket(service_name_km=longest_khmer_service()["service_km"]))


def assert_is_one_ticket(job: bytes, image) -> None:
    assert job.startswith(b"\x1b\x40")
    commands = decode(job)
    names = [command.name for command in commands]
    assert names[0] == "init"
    assert names[-1] == "cut" and names.count("cut") == 1
    rasters = [command for command in commands if command.name == "raster"]
    assert all(command.args["width_bytes"] * 8 == image.width for command in rasters)
    assert sum(command.args["height"] for command in rasters) == image.height
    assert raster_image(commands).tobytes() == image.tobytes()


def test_the_network_printer_gets_one_whole_ticket(fake_printer, ticket_image):
    printer_on_the_network = fake_printer()
    print_ticket(open_printer(printer_on_the_network.spec, timeout=2), ticket_image)
    [job] = printer_on_the_network.wait_for_connections(1)
    assert_is_one_ticket(job, ticket_image)
    assert job == ticket_job_bytes(ticket_image)


@pytest.mark.parametrize("width", [576, 384])
def test_both_widths_go_out_as_the_same_picture(fake_printer, width):
    image = render_ticket(make_ticket(), width=width)
    printer_on_the_network = fake_printer()
    print_ticket(open_printer(printer_on_the_network.spec, timeout=2), image)
    [job] = printer_on_the_network.wait_for_connections(1)
    assert_is_one_ticket(job, image)


def test_every_job_has_its_own_connection_closed_at_the_end(fake_printer, ticket_image):
    printer_on_the_network = fake_printer()
    printer = open_printer(printer_on_the_network.spec, timeout=2)
    print_ticket(printer, ticket_image)
    print_ticket(printer, ticket_image)
    jobs = printer_on_the_network.wait_for_connections(2)  # each ended by our close: EOF
    assert len(jobs) == 2 and jobs[0] == jobs[1]
    assert_is_one_ticket(jobs[1], ticket_image)


def test_the_job_bytes_are_initialise_raster_feed_cut(ticket_image):
    commands = decode(ticket_job_bytes(ticket_image))
    names = [command.name for command in commands]
    assert names == ["init", "raster", "raster", "feed_lines", "cut"]  # python-escpos slices at 960 rows
    assert commands[-1].args == {"partial": False}
    assert all(command.args["mode"] == 0 for command in commands if command.name == "raster")  # full density


def test_a_58mm_printer_without_a_cutter_gets_no_cut():
    image = render_ticket(make_ticket(), width=384)
    commands = decode(ticket_job_bytes(image, profile="ZJ-5870"))
    assert [command.name for command in commands if command.name == "cut"] == []
    assert commands[-1].name == "feed_lines"  # fed past the tear bar
    assert raster_image(commands).tobytes() == image.tobytes()


def test_a_ticket_wider_than_the_printer_is_refused_before_anything_is_sent(fake_printer):
    printer_on_the_network = fake_printer()
    image = render_ticket(make_ticket(), width=576)
    with pytest.raises(ValueError, match="384"):
        print_ticket(open_printer(printer_on_the_network.spec, timeout=1, profile="ZJ-5870"), image)
    with pytest.raises(ValueError):
        ticket_job_bytes(image, profile="TM-T88V")  # 512 dots


def test_the_decoder_rejects_what_a_ticket_job_never_contains():
    with pytest.raises(ValueError, match="unexpected byte"):
        decode(b"\x1b@hello")
    with pytest.raises(ValueError, match="truncated"):
        decode(b"\x1dv0\x00\x48\x00\x10\x00" + b"\x00" * 100)

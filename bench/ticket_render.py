"""How long a printed ticket takes to lay out and encode, and how many bytes it sends.

    .venv/bin/python bench/ticket_render.py [--renders 200]

For 576 and 384 dots: the first render in a fresh process (Khmer shaping check and font
loading included), the first render after warm_up(), then p50/p99 over --renders renders
cycling through the demo office's 25 services, the time to encode one ticket as ESC/POS bytes
(python-escpos, GS v 0), and the bytes per ticket (what goes over the wire to the printer).
"""

import argparse
import csv
import json
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WIDTHS = (576, 384)


def tickets():
    """One ticket per demo service, with varied numbers, fees and waits."""
    from printer.ticket import TicketPrint

    with open(ROOT / "office" / "data" / "owso-services.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    start = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    return [
        TicketPrint(
            office_name="One Window Service Office (demo)",
            number=f"{'ABCDEFG'[index % 7]}{index + 1:03d}",
            service_name_km=row["service_km"],
            service_name_en=row["service_en"],
            fee_riel=int(row["fee"]) if row["fee"] else None,
            issued_at=start + timedelta(minutes=7 * index),
            people_ahead=index % 12,
            estimated_wait_s=index * 97 if index % 5 else None,
            status_url=f"http://192.168.1.20:5000/t/{index:04d}9c2a7be81d4c0fa9e2",
        )
        for index, row in enumerate(rows)
    ]


def cold(width: int, warm: bool) -> dict:
    """Run in a fresh process: import, (warm_up,) first render."""
    started = time.perf_counter()
    from printer.layout import render_ticket, warm_up

    imported = time.perf_counter()
    if warm:
        warm_up()
    warmed = time.perf_counter()
    render_ticket(tickets()[3], width=width)
    done = time.perf_counter()
    return {"import_s": imported - started, "warm_up_s": warmed - imported, "first_render_s": done - warmed}


def in_fresh_process(width: int, warm: bool) -> dict:
    command = [sys.executable, __file__, "--cold", str(width)] + (["--warm"] if warm else [])
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(width: int, renders: int) -> dict:
    from printer.escpos_job import ticket_job_bytes
    from printer.layout import render_ticket, warm_up

    warm_up(widths=(width,))
    sample = tickets()
    ticket_job_bytes(render_ticket(sample[0], width=width))  # python-escpos's first call
    render_ms, encode_ms, sizes, heights = [], [], [], []
    for index in range(renders):
        ticket = sample[index % len(sample)]
        started = time.perf_counter()
        image = render_ticket(ticket, width=width)
        rendered = time.perf_counter()
        job = ticket_job_bytes(image)
        encoded = time.perf_counter()
        render_ms.append((rendered - started) * 1000)
        encode_ms.append((encoded - rendered) * 1000)
        sizes.append(len(job))
        heights.append(image.height)
    return {
        "render_p50_ms": statistics.median(render_ms),
        "render_p99_ms": percentile(render_ms, 0.99),
        "encode_p50_ms": statistics.median(encode_ms),
        "encode_p99_ms": percentile(encode_ms, 0.99),
        "bytes_mean": statistics.mean(sizes),
        "bytes_min": min(sizes),
        "bytes_max": max(sizes),
        "height_min_mm": min(heights) / 8,
        "height_max_mm": max(heights) / 8,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--cold", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold:
        print(json.dumps(cold(args.cold, args.warm)))
        return

    print(f"ticket layout and ESC/POS encoding, {args.renders} renders over 25 services per width\n")
    header = (
        f"{'dots':>5} {'import':>8} {'1st cold':>9} {'warm_up':>8} {'1st warm':>9} "
        f"{'p50':>7} {'p99':>7} {'encode p50':>11} {'p99':>7} {'bytes/ticket (min-max)':>24} {'length mm':>11}"
    )
    print(header)
    print("-" * len(header))
    for width in WIDTHS:
        first = in_fresh_process(width, warm=False)
        warmed = in_fresh_process(width, warm=True)
        steady = measure(width, args.renders)
        print(
            f"{width:>5} {first['import_s'] * 1000:>6.0f}ms {first['first_render_s'] * 1000:>7.0f}ms "
            f"{warmed['warm_up_s'] * 1000:>6.0f}ms {warmed['first_render_s'] * 1000:>7.1f}ms "
            f"{steady['render_p50_ms']:>5.1f}ms {steady['render_p99_ms']:>5.1f}ms "
            f"{steady['encode_p50_ms']:>9.2f}ms {steady['encode_p99_ms']:>5.2f}ms "
            f"{steady['bytes_mean']:>9,.0f} ({steady['bytes_min']:,}-{steady['bytes_max']:,}) "
            f"{steady['height_min_mm']:>4.0f}-{steady['height_max_mm']:.0f}"
        )
    print(
        "\nimport: importing printer.layout (Pillow, qrcode); 1st cold: the first render in a fresh process "
        "(shaping check, font loading);\n1st warm: the first render after warm_up(); p50/p99: steady renders; "
        "encode: python-escpos to bytes."
    )


if __name__ == "__main__":
    main()

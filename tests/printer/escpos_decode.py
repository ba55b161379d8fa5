"""A small ESC/POS decoder for the tests: splits a job into commands and rebuilds its raster.

It knows only the commands a ticket job may contain; any other byte is an error, so a test
fails if the job carries something unexpected. (No package on PyPI decodes ESC/POS.)
"""

from dataclasses import dataclass, field

from PIL import Image


@dataclass
class Command:
    name: str
    raw: bytes
    args: dict = field(default_factory=dict)


def decode(job: bytes) -> list[Command]:
    """The commands of an ESC/POS job, in order."""
    commands = []
    i = 0
    while i < len(job):
        if job.startswith(b"\x1b@", i):
            commands.append(Command("init", job[i : i + 2]))
            i += 2
        elif job.startswith(b"\x1bd", i):
            _need(job, i, 3)
            commands.append(Command("feed_lines", job[i : i + 3], {"lines": job[i + 2]}))
            i += 3
        elif job.startswith(b"\x1dv0", i):
            _need(job, i, 8)
            mode, width_bytes, height = job[i + 3], _u16(job, i + 4), _u16(job, i + 6)
            end = i + 8 + width_bytes * height
            _need(job, i, end - i)
            commands.append(
                Command(
                    "raster",
                    job[i:end],
                    {"mode": mode, "width_bytes": width_bytes, "height": height, "data": job[i + 8 : end]},
                )
            )
            i = end
        elif job.startswith(b"\x1dV", i):
            _need(job, i, 3)
            mode = job[i + 2]
            length = 3 if mode in (0, 1, 48, 49) else 4  # GS V m, or GS V m n (feed n and cut)
            _need(job, i, length)
            commands.append(Command("cut", job[i : i + length], {"partial": mode in (1, 49, 66, 98)}))
            i += length
        elif job[i] == 0x0A:
            commands.append(Command("line_feed", job[i : i + 1]))
            i += 1
        else:
            raise ValueError(f"unexpected byte 0x{job[i]:02x} at offset {i}: {job[i : i + 8]!r}")
    return commands


def raster_image(commands: list[Command]) -> Image.Image:
    """The picture the GS v 0 commands print, stacked top to bottom, as a PIL 1-bit image."""
    blocks = [command for command in commands if command.name == "raster"]
    if not blocks:
        raise ValueError("no GS v 0 raster image in the job")
    widths = {block.args["width_bytes"] for block in blocks}
    if len(widths) != 1:
        raise ValueError(f"raster blocks of different widths: {widths}")
    width = widths.pop() * 8
    height = sum(block.args["height"] for block in blocks)
    # ESC/POS: bit 1 = a black dot; PIL "1": bit 1 = white.
    data = bytes(byte ^ 0xFF for block in blocks for byte in block.args["data"])
    return Image.frombytes("1", (width, height), data)


def _u16(job: bytes, at: int) -> int:
    return job[at] | job[at + 1] << 8


def _need(job: bytes, at: int, length: int) -> None:
    if at + length > len(job):
        raise ValueError(f"job truncated: a command at offset {at} needs {length} bytes")

"""Voice clips for the waiting-room display: one short WAV per word, joined in order in the
browser ("number", "a", "0", "0", "1", "counter", "2").

English clips are generated at install time with espeak-ng (`scripts/setup` runs
`python -m display.voices`; building the package puts them into it, see setup.py). espeak-ng
has no Khmer voice, so Khmer clips are recorded once by the office and dropped into
`<instance>/voice/km/`; a language whose clips are missing is not spoken (chime and screen
only). A clip in `<instance>/voice/<lang>/` wins over a generated one.
"""

import argparse
import array
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path
from string import ascii_lowercase, digits

# Clip names, which are also the file names (without .wav): the words a call is made of.
WORDS = ("number", "counter")
CLIPS = (*digits, *ascii_lowercase, *WORDS)

GENERATED_DIR = Path(__file__).resolve().parent / "voice"  # gitignored; made by scripts/setup or the build
LANGUAGES_WITH_TTS = {"en": "en"}  # our language code -> espeak-ng voice

SPEED_WPM = 150  # a little slower than espeak-ng's 175: a waiting hall echoes
SILENCE_LEVEL = 300  # 16-bit amplitude below which a sample counts as silence
PADDING_MS = 30  # kept at each end of a trimmed clip, so words do not run into each other


def clip_dirs(instance_path: str | Path, lang: str) -> list[Path]:
    """Where a language's clips are looked for, in order: recorded by the office, then generated."""
    return [Path(instance_path) / "voice" / lang, GENERATED_DIR / lang]


def find_clip(instance_path: str | Path, lang: str, clip: str) -> Path | None:
    """The file of one clip, or None if no folder has it."""
    if clip not in CLIPS:
        return None
    for folder in clip_dirs(instance_path, lang):
        path = folder / f"{clip}.wav"
        if path.is_file():
            return path
    return None


def available_clips(instance_path: str | Path, lang: str) -> list[str]:
    """The clip names a language has (possibly none)."""
    return [clip for clip in CLIPS if find_clip(instance_path, lang, clip) is not None]


def spoken_text(clip: str) -> str:
    """What espeak-ng is given for a clip: a letter alone is read as its name ("A" -> "ay")."""
    return clip.upper() if len(clip) == 1 and clip.isalpha() else clip


def generate(lang: str = "en", out_dir: Path | None = None, *, force: bool = False) -> list[Path]:
    """Write the missing clips of `lang` with espeak-ng; returns the files written."""
    voice = LANGUAGES_WITH_TTS.get(lang)
    if voice is None:
        raise ValueError(f"no text-to-speech voice for {lang!r}: record its clips into <instance>/voice/{lang}/")
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise FileNotFoundError("espeak-ng is not installed (apt-get install espeak-ng)")
    out_dir = Path(out_dir or GENERATED_DIR / lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for clip in CLIPS:
        target = out_dir / f"{clip}.wav"
        if target.exists() and not force:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "raw.wav"
            subprocess.run(
                [espeak, "-v", voice, "-s", str(SPEED_WPM), "-w", str(raw), spoken_text(clip)],
                check=True,
                capture_output=True,
                timeout=30,
            )
            trimmed = Path(tmp) / "trimmed.wav"
            trim_silence(raw, trimmed)
            trimmed.replace(target)  # whole files only: a display never fetches half a clip
        written.append(target)
    return written


def trim_silence(source: Path, target: Path) -> None:
    """Copy a 16-bit mono WAV without its leading and trailing silence (espeak-ng pads both)."""
    with wave.open(str(source), "rb") as wav:
        params = wav.getparams()
        frames = wav.readframes(params.nframes)
    if params.sampwidth != 2 or params.nchannels != 1:
        shutil.copyfile(source, target)
        return
    samples = array.array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    loud = [i for i, s in enumerate(samples) if abs(s) > SILENCE_LEVEL]
    if loud:
        pad = params.framerate * PADDING_MS // 1000
        samples = samples[max(0, loud[0] - pad) : min(len(samples), loud[-1] + pad)]
    if sys.byteorder == "big":
        samples.byteswap()
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(params.framerate)
        out.writeframes(samples.tobytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the display's voice clips with espeak-ng.")
    parser.add_argument("--lang", default="en", choices=sorted(LANGUAGES_WITH_TTS))
    parser.add_argument("--out", type=Path, help=f"folder (default {GENERATED_DIR}/<lang>)")
    parser.add_argument("--force", action="store_true", help="write every clip again")
    args = parser.parse_args(argv)
    try:
        written = generate(args.lang, args.out, force=args.force)
    except (FileNotFoundError, subprocess.CalledProcessError) as error:
        print(f"voice clips not generated: {error}", file=sys.stderr)
        return 1
    if written:
        print(f"Generated {len(written)} {args.lang} voice clips in {written[0].parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The build step of the OneWindow package (metadata and dependencies are in setup.cfg).

Building the package (`pip install .`, `pip wheel .`) puts into it what a source checkout finds
beside the code, so the installed package runs from any folder:
- the interface text: each onewindow/translations/<lang>/LC_MESSAGES/messages.po compiled to
  messages.mo (with Babel);
- the browser libraries: exactly the files onewindow/vendor_files.py serves, copied from
  node_modules/ (run `npm ci` first) into onewindow/node_modules/;
- the display's English voice clips: display/voice/en/ as scripts/setup made it, or made now
  with espeak-ng; without espeak-ng the package is built without them and the display chimes.
An editable install (`pip install -e .`, what scripts/setup does) needs none of this: it runs
from the checkout, where scripts/setup compiles the catalogues and npm fills node_modules.
"""

import importlib.util
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
CATALOGUES = HERE / "onewindow" / "translations"
NODE_MODULES = HERE / "node_modules"
VOICE_LANG = "en"


def load(relative_path: str):
    """A module of ours by its file, without importing its package (and so the application's
    dependencies, which the build may not have)."""
    path = HERE / relative_path
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def browser_files() -> list[str]:
    """The served files as "<package>/<file>" paths under node_modules; stops the build if npm
    has not installed them."""
    try:
        return load("onewindow/vendor_files.py").files_to_ship(NODE_MODULES)
    except FileNotFoundError as error:
        sys.exit(
            f"error: the browser libraries are not installed ({error}).\n"
            "Run `npm ci` in the source folder (scripts/setup does it), then build again."
        )


class BuildWithAssets(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package_root = Path(self.build_lib)
        self.compile_catalogues(package_root / "onewindow" / "translations")
        self.copy_browser_files(package_root / "onewindow" / "node_modules")
        self.add_voice_clips(package_root / "display" / "voice" / VOICE_LANG)

    def compile_catalogues(self, target: Path) -> None:
        try:
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po
        except ImportError:
            sys.exit("error: building OneWindow needs Babel to compile the translations (pip install Babel).")
        sources = sorted(CATALOGUES.glob("*/LC_MESSAGES/messages.po"))
        if not sources:
            sys.exit(f"error: no translations found in {CATALOGUES}")
        for po in sources:
            lang = po.parent.parent.name
            mo = target / lang / "LC_MESSAGES" / "messages.mo"
            mo.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source:
                catalog = read_po(source, locale=lang)
            with mo.open("wb") as out:
                write_mo(out, catalog)
            self.announce(f"compiled {po.relative_to(HERE)} -> {mo}", level=2)

    def copy_browser_files(self, target: Path) -> None:
        for name in browser_files():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(NODE_MODULES / name, destination)

    def add_voice_clips(self, target: Path) -> None:
        voices = load("display/voices.py")
        made_by_setup = HERE / "display" / "voice" / VOICE_LANG
        if all((made_by_setup / f"{clip}.wav").is_file() for clip in voices.CLIPS):
            target.mkdir(parents=True, exist_ok=True)
            for clip in voices.CLIPS:
                shutil.copyfile(made_by_setup / f"{clip}.wav", target / f"{clip}.wav")
            return
        try:
            voices.generate(VOICE_LANG, target)
        except (OSError, voices.subprocess.CalledProcessError) as error:
            shutil.rmtree(target, ignore_errors=True)
            print(
                f"warning: the display's {VOICE_LANG} voice clips are not in this package ({error}); "
                "the display will chime without speaking calls until an office puts clips in <instance>/voice/.",
                file=sys.stderr,
            )


class SourceWithAssets(sdist):
    """A source archive carries the served browser files too, so a package can be built from it."""

    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, [*files, *(f"node_modules/{name}" for name in browser_files())])


setup(cmdclass={"build_py": BuildWithAssets, "sdist": SourceWithAssets})

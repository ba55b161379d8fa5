"""The built package runs anywhere: build the wheel, install it into a fresh environment, and
serve every page from a folder that is not the checkout, with the Khmer interface text, the web
fonts, socket.io-client and the voice clips coming from the package itself.

No network: the wheel is built with this environment's setuptools and Babel, installed without
its dependencies, and a .pth file lends the fresh environment this one's site-packages for them.
That is also where the checkout is installed (editable), so the test asserts that `onewindow`
is imported from the fresh environment.
"""

import configparser
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from babel.messages.pofile import read_po

from tests.e2e.conftest import ServerProcess, login

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DEMO_SERVICES = 25


def run(args, cwd: Path, timeout: float = 120, **extra_env) -> str:
    """Run a command outside the checkout, with no PYTHONPATH that could lead back into it."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    env.update({name: str(value) for name, value in extra_env.items()})
    result = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin folder of a fresh environment with the built OneWindow wheel installed."""
    tmp = tmp_path_factory.mktemp("package")
    wheels = tmp / "wheels"
    # Build in tmp, not in the checkout's build/, where files removed from the sources linger.
    build_config = tmp / "build.cfg"
    build_config.write_text(f"[build]\nbuild_base = {tmp / 'build'}\n[egg_info]\negg_base = {tmp}\n")
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", wheels, ROOT],
        tmp,
        DIST_EXTRA_CONFIG=build_config,
    )
    (wheel,) = wheels.glob("onewindow-*.whl")

    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], tmp)
    python = venv / "bin" / "python"
    # The wheel first, the .pth after: with this environment's site-packages visible, pip would
    # see the editable OneWindow there and take the wheel as already installed.
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel], tmp)
    site_packages = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp).strip()
    dependencies = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site_packages) / "onewindow-dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n")

    imported = run([python, "-c", "import onewindow, display; print(onewindow.__file__); print(display.__file__)"], tmp)
    for module_file in imported.split():
        assert Path(module_file).is_relative_to(venv), f"{module_file} is not the installed package's"
    return venv / "bin"


def test_version_comes_from_the_package_metadata(installed, tmp_path):
    metadata = configparser.ConfigParser()
    metadata.read(ROOT / "setup.cfg")
    output = run([installed / "onewindow", "--version"], tmp_path)
    assert output.strip() == f"OneWindow {metadata['metadata']['version']}"


def test_the_installed_package_serves_every_page_from_any_folder(installed, tmp_path):
    server = ServerProcess(
        tmp_path / "office",  # the server's working folder: not the checkout
        command=[str(installed / "onewindow")],
        extra_env={"PYTHONPATH": ""},
    ).start()
    try:
        services = requests.get(f"{server.api}/services", timeout=10).json()["services"]
        assert len(services) == DEMO_SERVICES

        kiosk = get(f"{server.url}/kiosk")
        assert khmer("Touch the service you need") in kiosk.text  # the compiled Khmer catalogue
        assert get(f"{server.url}/display").status_code == 200

        socket_io = vendor_urls(kiosk.text, "socket.io-client/")
        assert socket_io and all(b"Socket.IO" in get(server.url + url).content for url in socket_io)
        font_css = [url for url in vendor_urls(kiosk.text, "@fontsource/noto-sans-khmer/") if ".css" in url]
        assert font_css
        css = get(server.url + font_css[0])
        font_files = re.findall(r"url\((\./files/[^)]+\.woff2)\)", css.text)
        assert font_files
        assert get(urljoin(css.url, font_files[0])).content[:4] == b"wOF2"

        ticket = requests.post(f"{server.api}/tickets", json={"service_id": services[0]["id"]}, timeout=10)
        assert ticket.status_code == 201, ticket.text
        assert get(f"{server.url}/t/{ticket.json()['ticket']['token']}").status_code == 200

        if (ROOT / "display" / "voice" / "en" / "a.wav").is_file() or shutil.which("espeak-ng"):  # the build has clips
            assert get(f"{server.url}/display/voice/en/a.wav").content[:4] == b"RIFF"

        with requests.Session() as staff:
            login_page = get(f"{server.url}/login", session=staff)
            csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page.text).group(1)
            answer = staff.post(
                f"{server.url}/login",
                data={"csrf_token": csrf, "username": "officer1", "password": "demo1234"},
                timeout=30,
            )
            assert answer.status_code == 200 and answer.url.endswith("/counter"), answer.url
            assert get(f"{server.url}/counter", session=staff).status_code == 200
        assert login(server.url, "supervisor")  # the API's login too
        assert not server.logged_errors()
    finally:
        server.stop()


def get(url: str, session=None) -> requests.Response:
    response = (session or requests).get(url, timeout=10, allow_redirects=False)
    assert response.status_code == 200, f"GET {url}: HTTP {response.status_code}"
    return response


def vendor_urls(html: str, prefix: str) -> list[str]:
    """The /vendor/ URLs of a package that a page links."""
    pattern = r'(?:src|href)="(/vendor/' + re.escape(prefix) + r'[^"]+)"'
    return [url.replace("&amp;", "&") for url in re.findall(pattern, html)]


def khmer(english: str) -> str:
    """The Khmer translation of an interface text, from the checkout's catalogue."""
    with (ROOT / "onewindow" / "translations" / "km" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        text = read_po(source, locale="km")[english].string
    assert text, f"{english!r} has no Khmer translation"
    return text

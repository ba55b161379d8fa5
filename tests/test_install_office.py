"""scripts/install-office: the systemd unit it writes passes `systemd-analyze verify`, and a
dry run shows every step it would take on a box, changing nothing (the tests never create a
user nor touch /etc or /opt). The real installation was tried by hand: README, Running an
office."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "install-office"


def install_office(*args, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(["bash", SCRIPT, *map(str, args)], capture_output=True, text=True, timeout=60, check=False)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def box(tmp_path) -> dict:
    """Where a test box's folders are: all under tmp_path."""
    folders = {name: tmp_path / name for name in ("opt", "var", "etc", "units", "bin")}
    return {
        "args": [
            "--prefix",
            folders["opt"],
            "--instance",
            folders["var"],
            "--config-dir",
            folders["etc"],
            "--unit-dir",
            folders["units"],
            "--bin-dir",
            folders["bin"],
            "--port",
            "5080",
        ],  # fmt: skip
        **folders,
    }


def test_the_script_is_valid_bash():
    assert subprocess.run(["bash", "-n", SCRIPT], capture_output=True, text=True).stderr == ""
    assert os.access(SCRIPT, os.X_OK)


def test_the_rendered_unit_passes_systemd_analyze_verify(box, tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    unit = install_office(*box["args"], "--render-unit").stdout
    assert f"ExecStart={box['opt']}/venv/bin/onewindow serve --host 0.0.0.0 --port 5080" in unit
    for line in (
        "User=onewindow",
        "Restart=on-failure",
        "After=network-online.target postgresql.service",
        f"EnvironmentFile={box['etc']}/onewindow.env",
        "ProtectSystem=strict",
        f"ReadWritePaths={box['var']}",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "RestartPreventExitStatus=78",
    ):
        assert line in unit.splitlines(), line
    assert "@" not in unit.replace("@@", "")  # every placeholder filled in
    # verify checks that ExecStart's program exists: a stand-in for the installed one.
    executable = box["opt"] / "venv" / "bin" / "onewindow"
    executable.parent.mkdir(parents=True)
    executable.write_text("#!/bin/sh\n")
    executable.chmod(0o755)
    (tmp_path / "onewindow.service").write_text(unit)
    verify = subprocess.run(
        ["systemd-analyze", "verify", tmp_path / "onewindow.service"], capture_output=True, text=True, timeout=60
    )
    # Unknown keys and bad values are only warnings: none may be printed.
    assert (verify.returncode, verify.stderr.strip()) == (0, "")


def test_the_daily_audit_units_pass_systemd_analyze_verify(box, tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    service = install_office(*box["args"], "--render", "onewindow-audit.service").stdout
    timer = install_office(*box["args"], "--render", "onewindow-audit.timer").stdout
    lines = service.splitlines()
    assert f"ExecStart={box['opt']}/venv/bin/onewindow audit verify" in lines
    assert (
        f"ExecStart=/bin/sh -c 'exec {box['opt']}/venv/bin/onewindow audit anchor >> {box['var']}/anchors.txt'" in lines
    )
    assert "Type=oneshot" in lines and f"ReadWritePaths={box['var']}" in lines
    assert "OnCalendar=*-*-* 18:30:00 Asia/Phnom_Penh" in timer.splitlines() and "Persistent=true" in timer
    assert "@" not in (service + timer).replace("@@", "")
    executable = box["opt"] / "venv" / "bin" / "onewindow"
    executable.parent.mkdir(parents=True)
    executable.write_text("#!/bin/sh\n")
    executable.chmod(0o755)
    (tmp_path / "onewindow-audit.service").write_text(service)
    (tmp_path / "onewindow-audit.timer").write_text(timer)
    verify = subprocess.run(
        ["systemd-analyze", "verify", tmp_path / "onewindow-audit.timer", tmp_path / "onewindow-audit.service"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (verify.returncode, verify.stderr.strip()) == (0, "")


def test_render_refuses_a_unit_it_does_not_write(box):
    refused = install_office(*box["args"], "--render", "sshd.service", check=False)
    assert refused.returncode == 2 and "--render takes one of" in refused.stderr


def test_a_dry_run_shows_every_step_and_changes_nothing(box, tmp_path):
    result = install_office(*box["args"], "--user", "onewindow-dry-run-test", "--demo", "--dry-run")
    steps = [line[2:] for line in result.stdout.splitlines() if line.startswith("+ ")]
    opt, var, etc = box["opt"], box["var"], box["etc"]
    expected = [
        f"{ROOT}/scripts/setup run",
        f"python3 -m venv {opt}/venv",
        "pip wheel --no-deps",
        f"{opt}/venv/bin/python -m pip install -q --force-reinstall --no-deps",
        f"useradd --system --user-group --home-dir {var} --no-create-home --shell /usr/sbin/nologin",
        f"install -d -o onewindow-dry-run-test -g onewindow-dry-run-test -m 0750 {var}",
        f"write {etc}/onewindow.env (mode 0640)",
        f"write {opt}/onewindow (mode 0755)",
        f"ln -sfn {opt}/onewindow {box['bin']}/onewindow",
        f"{opt}/onewindow init --demo",
        f"write {box['units']}/onewindow.service (mode 0644)",
        f"write {box['units']}/onewindow-audit.service (mode 0644)",
        f"write {box['units']}/onewindow-audit.timer (mode 0644)",
        "systemctl daemon-reload",
        "systemctl enable onewindow",
        "systemctl enable --now onewindow-audit.timer",
        "systemctl restart onewindow",
    ]
    found = [next((i for i, step in enumerate(steps) if want in step), None) for want in expected]
    assert None not in found, [want for want, i in zip(expected, found, strict=True) if i is None]
    assert found == sorted(found)  # in this order
    assert f"ONEWINDOW_INSTANCE_PATH={var}" in result.stdout
    assert "kiosk       http://" in result.stdout and ":5080/kiosk" in result.stdout
    assert not any(box[name].exists() for name in ("opt", "var", "etc", "units", "bin"))


def test_an_existing_settings_file_is_kept(box):
    box["etc"].mkdir()
    (box["etc"] / "onewindow.env").write_text("ONEWINDOW_PUBLIC_URL=http://10.0.0.5:5000\n")
    result = install_office(*box["args"], "--no-systemd", "--dry-run")
    assert f"(keeping {box['etc']}/onewindow.env as it is)" in result.stdout
    assert "write " + str(box["etc"]) not in result.stdout and "systemctl" not in result.stdout.replace(
        "systemctl restart onewindow", ""
    ).replace("journalctl", "")


def test_bad_options_are_refused_clearly():
    unknown = install_office("--colour", "blue", check=False)
    assert unknown.returncode == 2 and "unknown option --colour" in unknown.stderr
    port = install_office("--port", "http", "--dry-run", check=False)
    assert port.returncode == 2 and "--port takes a number" in port.stderr

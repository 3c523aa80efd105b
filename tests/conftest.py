"""Shared fixtures: a private data folder per test, and no network beyond this machine."""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
_real_connect = socket.socket.connect
# One date for the whole run, child processes included, so a run that crosses midnight stays consistent.
SESSION_TODAY = os.environ.setdefault("COACH_TODAY", dt.date.today().isoformat())


def _is_local(address: object) -> bool:
    if isinstance(address, str):  # a Unix socket path
        return True
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(address):
        raise AssertionError(f"a test tried to reach the network: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any connection that is not to this machine: the product must work offline."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own COACH_DATA_DIR and no model settings from the developer's shell."""
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "COACH_", "CHROMA_")) or name == "DATABASE_URL":
            monkeypatch.delenv(name, raising=False)
    data = tmp_path / "coach-data"
    monkeypatch.setenv("COACH_DATA_DIR", str(data))
    monkeypatch.setenv("COACH_DEBUG", "0")
    monkeypatch.setenv("COACH_TODAY", SESSION_TODAY)
    monkeypatch.chdir(tmp_path)  # keeps a developer's .env out of the tests
    from coaching.index import forget_index
    from coaching.settings import get_settings

    get_settings.cache_clear()
    forget_index()
    yield data
    get_settings.cache_clear()
    forget_index()


@pytest.fixture(scope="session")
def shared_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedded index built once per run, for tests that only read it."""
    return tmp_path_factory.mktemp("shared-index")


@pytest.fixture
def guidance_index(shared_index_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """The real index of the real corpus, built once and reused across tests."""
    from coaching import index as index_module
    from coaching.settings import get_settings

    monkeypatch.setenv("COACH_DATA_DIR", str(shared_index_dir))
    get_settings.cache_clear()
    index_module.forget_index()
    yield index_module.get_index()
    index_module.forget_index()


def mount_tmpfs(folder: Path, size: str) -> None:
    """A real, small file system at `folder` (tmpfs). Mounting needs root; elsewhere the test that
    asked is skipped with the reason."""
    import subprocess

    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"a small tmpfs cannot be mounted here ({mounted.stderr.decode(errors='replace').strip()})")


def fill_up(folder: Path) -> None:
    """Fill the file system `folder` is on, so the next write fails with ENOSPC as on a full disk."""
    # Unbuffered, so the write that finds the disk full is the one that fails, not a later close.
    with (folder / "filler").open("wb", buffering=0) as filler, contextlib.suppress(OSError):
        while True:
            filler.write(b"\0" * 4096)


def unmount(folder: Path) -> None:
    import subprocess

    subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, tiny file system (a 64 KiB tmpfs) that is already full."""
    folder = tmp_path / "full-disk"
    mount_tmpfs(folder, "64k")
    try:
        fill_up(folder)
        yield folder
    finally:
        unmount(folder)

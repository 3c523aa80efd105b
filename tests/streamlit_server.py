"""The app under test: `streamlit run app.py` on a free port and the wait for its health check, the
headless Chromium that drives it, and what AppTest's download buttons serve.

The server part is shared by the browser test (tests/test_browser.py) and the app benchmark
(bench/bench_app.py), which imports this module by putting this folder on sys.path; the download
part by the AppTest page tests.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(data_dir: Path) -> dict[str, str]:
    """This environment without model or data settings, pointed at `data_dir`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "COACH_", "CHROMA_"))}
    env.update(COACH_DATA_DIR=str(data_dir), ORT_DISABLE_TELEMETRY="1", PYTHONUNBUFFERED="1")
    if "COACH_TODAY" in os.environ:  # the run's one date (tests/conftest.py)
        env["COACH_TODAY"] = os.environ["COACH_TODAY"]
    return env


@dataclass
class Server:
    """A `streamlit run` process and the address it serves."""

    url: str
    process: subprocess.Popen[bytes]

    def wait_until_healthy(self, timeout: float, interval: float = 0.1) -> None:
        """Bounded polling of the health endpoint; RuntimeError when the server exits or never answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(interval)
        raise RuntimeError(f"streamlit did not answer {self.url} within {timeout:.0f} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(
    data_dir: Path,
    *,
    app_dir: Path = PROJECT,
    output: IO[bytes] | int = subprocess.DEVNULL,
    settings: dict[str, str] | None = None,
) -> Server:
    """Launch `app.py` in `app_dir` on a free local port; not waited for, so the caller can work meanwhile.
    `settings` are added to its environment (a model server, say)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    process = subprocess.Popen(
        command, cwd=app_dir, env=app_env(data_dir) | (settings or {}), stdout=output, stderr=subprocess.STDOUT
    )
    return Server(f"http://127.0.0.1:{port}", process)


# --- AppTest: what a download button serves --------------------------------------------------------------

Downloads = dict[str, tuple[Any, str, str | None]]


def record_downloads(monkeypatch: Any) -> Downloads:
    """What each download button serves, by file id (AppTest drops its media store after a run)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: Downloads = {}
    real = MemoryMediaFileStorage.load_and_get_id

    def spy(self: Any, path_or_data: Any, mimetype: str, kind: Any, filename: str | None = None) -> str:
        file_id = real(self, path_or_data, mimetype, kind, filename)
        files[file_id] = (path_or_data, mimetype, filename)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return files


def download(at: Any, files: Downloads, key: str) -> tuple[str, str, str | None]:
    """(content, mime type, file name) of the download button with this key."""
    (found,) = [b for b in at.get("download_button") if b.key == key]
    data, mime, name = files[PurePosixPath(found.proto.url).stem]
    return data.decode("utf-8"), mime, name

"""Informational Interview Coach: drafts and checks the writing an informational interview needs."""

import os

# onnxruntime looks up a telemetry host shortly after start; the switch only works when it is set
# before onnxruntime is first imported, and this package is imported before anything of ours.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

__version__ = "0.1.0"

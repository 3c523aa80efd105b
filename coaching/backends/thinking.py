"""The draft inside a model's answer, with whatever the model thought first left out.

Reasoning models think before they answer. Some write the thinking into the answer between
`<think>` and `</think>` (Qwen 3, or DeepSeek R1 without a reasoning parser, which may even leave
the opening tag to the chat template and send only the closing one); others send it in a field
of its own (`reasoning_content` from vLLM and llama.cpp, `reasoning` from Ollama and OpenRouter),
which the model backend turns into an empty `<think></think>` block, so this one reader handles
both. Nothing inside the block is kept: it is never shown, checked or saved.

`Answer` reads a stream piece by piece in linear time (it looks for a tag only where the new piece
could complete one), so a runaway answer costs no more than its length.
"""

from __future__ import annotations

OPEN_TAGS = ("<think>", "<thinking>")
CLOSE_TAGS = ("</think>", "</thinking>")
_LONGEST_TAG = max(len(t) for t in (*OPEN_TAGS, *CLOSE_TAGS))


class Answer:
    """Feed it the answer's pieces; `text` is the draft so far and `thinking` says the model is still
    thinking (it has opened a block, or may be about to, and written nothing of the draft yet)."""

    def __init__(self) -> None:
        self._lead = ""  # the start of the answer, held back while it could still be an opening tag
        self._in_block = False
        self._block_tail = ""  # the end of the thinking so far: enough to find a closing tag across pieces
        self._text = ""
        self._decided = False

    @property
    def text(self) -> str:
        return self._text.lstrip()

    @property
    def thinking(self) -> bool:
        return self._in_block or (not self._decided and bool(self._lead.strip()))

    def feed(self, piece: str) -> None:
        if self._in_block:
            self._read_block(piece)
        elif not self._decided:
            self._read_lead(piece)
        else:
            self._add_text(piece)

    def finish(self) -> None:
        """The answer has ended: a start held back as a possible tag was text after all."""
        if not self._decided:
            self._decided, lead, self._lead = True, self._lead, ""
            self._add_text(lead)

    def _read_lead(self, piece: str) -> None:
        self._lead += piece
        start = self._lead.lstrip()
        opening = next((tag for tag in OPEN_TAGS if start.startswith(tag)), None)
        if opening is not None:
            self._decided, self._in_block, self._lead = True, True, ""
            self._read_block(start[len(opening) :])
        elif not start or any(tag.startswith(start) for tag in OPEN_TAGS):
            return  # blank so far, or an opening tag not yet complete: wait for the next piece
        else:
            self._decided, lead, self._lead = True, self._lead, ""
            self._add_text(lead)

    def _read_block(self, piece: str) -> None:
        seen = self._block_tail + piece
        closing = _first_tag(seen, CLOSE_TAGS)
        if closing is None:
            self._block_tail = seen[-_LONGEST_TAG:]
            return
        at, tag = closing
        self._in_block, self._block_tail = False, ""
        self._add_text(seen[at + len(tag) :])

    def _add_text(self, piece: str) -> None:
        # A closing tag inside the draft means the opening one was in the prompt (the chat template
        # starts the thinking): everything before it was thought, not written.
        searched_from = max(len(self._text) - _LONGEST_TAG, 0)
        self._text += piece
        closing = _first_tag(self._text[searched_from:], CLOSE_TAGS)
        while closing is not None:
            at, tag = closing
            self._text = self._text[searched_from + at + len(tag) :]
            searched_from = 0
            closing = _first_tag(self._text, CLOSE_TAGS)


def _first_tag(text: str, tags: tuple[str, ...]) -> tuple[int, str] | None:
    found = [(at, tag) for tag in tags if (at := text.find(tag)) >= 0]
    return min(found) if found else None


"""A question list as a page to print: only the list, on one sheet, with a box to tick beside each
question. The app's own page prints its sidebar, form and buttons too, over several sheets."""

from __future__ import annotations

import html
import re

_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(.+)$")
# Sized so that a list of a dozen questions with its headings fits one A4 or Letter sheet.
_STYLE = """
@page { size: auto; margin: 14mm 16mm; }
body { font: 10.5pt/1.35 Georgia, "Noto Serif", serif; color: #111; max-width: 46em; margin: 0 auto; }
h1 { font-size: 14pt; margin: 0 0 4pt; }
h2 { font-size: 11pt; margin: 9pt 0 2pt; }
p { margin: 3pt 0; }
p.question { padding-left: 2.2em; text-indent: -2.2em; break-inside: avoid; }
p.take-away { font-style: italic; }
"""


def printable_questions(text: str) -> str:
    """The list as a complete HTML page: its first line the title, short unnumbered lines headings,
    numbered lines questions with a box to tick, everything else a paragraph."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    title, body = lines[0], []
    for line in lines[1:]:
        numbered = _NUMBERED.match(line)
        if numbered:
            number, question = numbered.groups()
            body.append(f'<p class="question">☐ {number}. {html.escape(question)}</p>')
        elif line.startswith(("\"", "“")):
            body.append(f'<p class="take-away">{html.escape(line)}</p>')
        elif len(line) < 40 and not line.endswith((".", "?", ":", "!")):
            body.append(f"<h2>{html.escape(line)}</h2>")
        else:
            body.append(f"<p>{html.escape(line)}</p>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )

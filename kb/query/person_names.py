"""The names of people a text gives: after a form of address or a title ("ông Lê Thành Quân", "TS
Heinz Leuenberger", "Mr. Lars Hansen"), or as a run of capitalised words inside a sentence."""

from __future__ import annotations

import re

# Forms of address and titles put before a person's name: "ông Lê Xuân Thịnh", "bà Nguyễn
# Trâm Anh", "TS Heinz Leuenberger", "TS.Hoài Quốc", "Mr. Lars Hansen".
FORMS_OF_ADDRESS = ("ông", "bà", "anh", "chị", "ts", "ths", "pgs", "gs", "mr", "ms", "mrs", "dr", "prof")
_ADDRESS = re.compile(
    rf"(?<!\w)(?:{'|'.join(FORMS_OF_ADDRESS)})(?:\.\s*|\s+)(\S+)\s+(\S+)", re.IGNORECASE
)


def titled_name(text: str) -> bool:
    """A form of address followed by at least two capitalised words."""
    return any(a[:1].isupper() and b[:1].isupper() for a, b in (m.groups() for m in _ADDRESS.finditer(text)))


def titled_names(text: str) -> list[str]:
    """The names written after a form of address or title ("ông Lê Thành Quân, Vụ trưởng" ->
    "Lê Thành Quân"): the two to five capitalised words that follow it."""
    names = []
    for match in _ADDRESS.finditer(text):
        words = text[match.start(1) :].split()[:5]
        run: list[str] = []
        for word in words:
            core = word.strip("()[]“”\"',.;:")
            if not core[:1].isupper() or word[:1] in "([":
                break  # a lower-case word, or the source's own marker ("[N2]")
            if core.endswith(("-", "–", "—")):
                run.append(core.rstrip("-–—"))
                break  # a dash glued to the name ends it ("Ông Lê Xuân Thịnh- Phó giám đốc")
            owner = re.sub(r"['’]s$", "", core)
            if owner != core:
                run.append(owner)
                break  # "Mr. Lê Thành Quân's role": the possessive ends the name
            run.append(core)
            if core != word.rstrip("()[]“”\"'.") or word.endswith((",", ";", ":")):
                break  # a comma or a bracket ends the name
        if len(run) >= 2:
            names.append(" ".join(run))
    return names


def has_person_name(text: str) -> bool:
    """Two to four consecutive capitalised words not at a sentence start ("Lê Hoài Quốc")."""
    words = text.split()
    run = 0
    for position, word in enumerate(words):
        core = word.strip("()[]“”\"',.;:")
        sentence_start = position == 0 or words[position - 1].endswith((".", ":", "!", "?"))
        if core[:1].isupper() and core[1:].islower() and core.isalpha() and not sentence_start:
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False


# The noun a question asks about: "(nghị định) nào", "(chủ đề) gì", "which (parks)", "how many (xã)".

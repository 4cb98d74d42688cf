"""Errors raised while turning files into text."""

from __future__ import annotations


class ConversionError(ValueError):
    """A file could not be converted to text.

    The message is one sentence in plain English that says what is wrong with the file and
    what the person who supplied it can do about it, e.g. "PDF has no text layer (scanned
    image?): run OCR, e.g. tesseract with the 'vie' language, and ingest the result".
    It is shown to ministry staff as is, so it never contains a traceback.
    """

    def __init__(self, reason: str) -> None:
        """Create the error.

        :param reason: The one-sentence, actionable reason the file could not be converted.
        """
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason

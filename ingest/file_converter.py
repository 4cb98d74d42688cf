"""A Haystack component that converts the supported files (PDF with OCR, Word, HTML, text …) to Documents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from haystack import Document, component, default_from_dict, default_to_dict, logging

from ingest.errors import ConversionError
from ingest.formats import DEFAULT_MAX_BYTES, ConversionOptions, ProgressEvent, extract_file, format_for_path

logger = logging.getLogger(__name__)


@component
class FileConverter:
    """
    Converts the supported files (``ingest.formats.FORMATS``: PDF, Word .docx/.doc, RTF, HTML,
    Markdown, text) into Documents, one per file.

    The format is chosen from the extension (any case). The text is normalised (NFC, invisible
    characters removed, TCVN3/VNI converted to Unicode); PDF pages are separated by a form feed
    (``"\\f"``) so page numbers survive chunking, and pages without a text layer are read by OCR.
    A file that cannot be converted never stops the others and never raises: it is reported in
    ``failures`` with a one-sentence reason (password, blank scan, binary data, size limit, …).

    ### Usage example

    ```python
    from ingest.file_converter import FileConverter

    converter = FileConverter(max_file_bytes=20 * 1024 * 1024)
    result = converter.run(sources=["corpus/nd35_2022.pdf", "corpus/scan.pdf"])

    print(result["documents"][0].meta)
    # >> {'file_path': 'corpus/nd35_2022.pdf', 'file_name': 'nd35_2022.pdf', 'format': 'pdf',
    #     'page_count': 42, 'title': 'Nghị định 35/2022/NĐ-CP', 'reading': {'text_pages': [1, ...]}}
    print(result["failures"])
    # >> [{'path': 'corpus/scan.pdf', 'reason': "PDF pages are blank (2 of 2 pages have ...)"}]
    ```
    """

    def __init__(
        self,
        max_file_bytes: int = DEFAULT_MAX_BYTES,
        options: ConversionOptions | None = None,
        progress: Callable[[ProgressEvent], None] | None = None,
    ) -> None:
        """
        Create the FileConverter component.

        :param max_file_bytes:
            Files larger than this many bytes are reported as failures instead of being read.
            Must be a positive integer. Defaults to 50 MiB.
        :param options:
            OCR settings (``ConversionOptions.from_settings(settings)``); default: OCR on with the
            defaults of ``kb.facts``.
        :param progress:
            Called with a ``ProgressEvent`` during long steps (OCR: after each page). Not serialised.
        :raises TypeError: If `max_file_bytes` is not an integer.
        :raises ValueError: If `max_file_bytes` is not greater than 0.
        """
        if isinstance(max_file_bytes, bool) or not isinstance(max_file_bytes, int):
            raise TypeError(f"max_file_bytes must be an integer, but got {type(max_file_bytes).__name__}")
        if max_file_bytes <= 0:
            raise ValueError(f"max_file_bytes must be greater than 0, but got {max_file_bytes}")
        self.max_file_bytes = max_file_bytes
        self.options = options or ConversionOptions()
        self.progress = progress

    def to_dict(self) -> dict[str, Any]:
        """
        Serializes the component to a dictionary.

        :returns:
            Dictionary with serialized data.
        """
        options = {k: v for k, v in asdict(self.options).items() if k not in ("progress", "file")}
        return default_to_dict(self, max_file_bytes=self.max_file_bytes, options=options)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileConverter:
        """
        Deserializes the component from a dictionary.

        :param data:
            The dictionary to deserialize from.
        :returns:
            The deserialized component.
        """
        parameters = data.get("init_parameters", {})
        if isinstance(parameters.get("options"), dict):
            parameters["options"] = ConversionOptions(**parameters["options"])
        return default_from_dict(cls, data)

    @component.output_types(documents=list[Document], failures=list[dict[str, str]])
    def run(self, sources: list[str | Path]) -> dict[str, list[Any]]:
        """
        Converts files to Documents.

        :param sources:
            Paths of the files to convert.
        :returns:
            A dictionary with the following keys:
            - `documents`: One Document per converted file, in the order of `sources`. Its content
              is the normalised text (PDF pages separated by "\\f") and its meta holds `file_path`,
              `file_name`, `format` (a name of ``ingest.formats.FORMATS``), `page_count` (PDF only,
              else None), `title` (the document's own title, or None) and `reading` (how the text
              was obtained: ``ingest.reading.Reading.to_meta()``; empty for a plain text layer).
            - `failures`: One `{"path": ..., "reason": ...}` dictionary per file that could not be
              converted, in the order of `sources`.
        """
        documents: list[Document] = []
        failures: list[dict[str, str]] = []
        for source in sources:
            if not isinstance(source, (str, Path)):
                failures.append(
                    {"path": str(source), "reason": "Source is not a file path: pass a str or Path."}
                )
                continue
            path = Path(source)
            options = self.options
            if self.progress is not None:
                options = replace(options, progress=self.progress)
            try:
                extracted = extract_file(path, max_bytes=self.max_file_bytes, options=options.for_file(path.name))
            except ConversionError as exc:
                logger.warning("Could not convert {path}: {reason}", path=str(path), reason=exc.reason)
                failures.append({"path": str(path), "reason": exc.reason})
                continue
            except Exception as exc:  # a bug or an unexpected library error must not stop the batch
                logger.exception("Unexpected error while converting {path}", path=str(path))
                failures.append(
                    {
                        "path": str(path),
                        "reason": f"Unexpected error while reading the file ({type(exc).__name__}: {exc}): "
                        "report it to the knowledge-base maintainers with the file.",
                    }
                )
                continue
            meta = {
                "file_path": str(path),
                "file_name": path.name,
                "format": format_for_path(path),
                "page_count": extracted.page_count,
                "title": extracted.title,
                "reading": extracted.reading.to_meta(),
            }
            documents.append(Document(content=extracted.text, meta=meta))
        return {"documents": documents, "failures": failures}

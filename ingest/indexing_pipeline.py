"""The Haystack indexing pipelines: files -> text -> metadata -> chunks (-> vectors -> batch).

``build_preparation_pipeline`` stops at the chunks (no model: it runs in ``kb ingest --workers``
processes, the parent embeds); ``build_indexing_pipeline`` is the whole chain in one process.
"""

from __future__ import annotations

from collections.abc import Callable

from haystack import Pipeline

from ingest.chunk_writer import ChunkBatch, ChunkWriter
from ingest.document_enricher import DocumentEnricher
from ingest.file_converter import FileConverter
from ingest.formats import ConversionOptions, ProgressEvent
from ingest.structure_aware_splitter import StructureAwareSplitter
from kb.config import Settings


def build_indexing_pipeline(
    settings: Settings, batch: ChunkBatch, progress: Callable[[ProgressEvent], None] | None = None
) -> Pipeline:
    """converter -> enricher -> splitter -> embedder -> writer.

    ``progress`` receives the converter's progress events (OCR pages).

    Run it with ``{"converter": {"sources": [...]}, "enricher": {"file_metadata": ..., "instruments": ...}}``;
    per-file conversion failures come back as ``result["converter"]["failures"]``.
    """
    from kb.models.embedding import document_embedder  # the model's libraries: not in worker processes

    pipeline = Pipeline()
    converter = FileConverter(
        max_file_bytes=settings.max_file_bytes, options=ConversionOptions.from_settings(settings), progress=progress
    )
    pipeline.add_component("converter", converter)
    pipeline.add_component("enricher", DocumentEnricher())
    pipeline.add_component("splitter", StructureAwareSplitter())
    pipeline.add_component("embedder", document_embedder(settings))
    pipeline.add_component("writer", ChunkWriter(batch))
    pipeline.connect("converter.documents", "enricher.documents")
    pipeline.connect("enricher.documents", "splitter.documents")
    pipeline.connect("splitter.documents", "embedder.documents")
    pipeline.connect("embedder.documents", "writer.documents")
    pipeline.connect("splitter.outlines", "writer.outlines")
    return pipeline


def build_preparation_pipeline(
    settings: Settings,
    progress: Callable[[ProgressEvent], None] | None = None,
    options: ConversionOptions | None = None,
) -> Pipeline:
    """converter -> enricher -> splitter, without the embedding model (cheap to start in a worker process).

    Run it like :func:`build_indexing_pipeline`; the chunks are ``result["splitter"]["documents"]``
    and the outlines ``result["splitter"]["outlines"]``.
    """
    pipeline = Pipeline()
    converter = FileConverter(
        max_file_bytes=settings.max_file_bytes,
        options=options or ConversionOptions.from_settings(settings),
        progress=progress,
    )
    pipeline.add_component("converter", converter)
    pipeline.add_component("enricher", DocumentEnricher())
    pipeline.add_component("splitter", StructureAwareSplitter())
    pipeline.connect("converter.documents", "enricher.documents")
    pipeline.connect("enricher.documents", "splitter.documents")
    return pipeline

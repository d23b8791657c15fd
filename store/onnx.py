"""The embedding model as an ONNX graph: exported once from the local sentence-transformers folder,
cached, and run by ONNX Runtime with the `tokenizers` library, so embedding needs no torch.

The graph holds the whole sentence-transformers pipeline of the bundled model (modules.json:
Transformer → mean Pooling → Normalize), so its output is the same unit vector `encode` gives.
Only the export imports torch (once per model and machine); `python -m store.onnx` runs it ahead.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from pathlib import Path

from store.errors import NewsdeskError

EXPORT_VERSION = 1  # bump when the exported graph changes, so old caches are not reused
OPSET = 17
_KEY_FILES = ("config.json", "modules.json", "sentence_bert_config.json", "tokenizer.json", "model.safetensors", "pytorch_model.bin")


class OnnxUnsupported(NewsdeskError):
    """This model folder cannot be run through the ONNX path (the caller falls back to torch)."""


def model_layout(model_dir: str | Path) -> dict:
    """What the ONNX path needs to know about a sentence-transformers folder, or OnnxUnsupported.

    Supported: modules.json = Transformer, Pooling (mean), optionally Normalize; a fast tokenizer.json."""
    folder = Path(model_dir)
    if not (folder / "tokenizer.json").is_file() or not (folder / "modules.json").is_file():
        raise OnnxUnsupported(f"{folder} is not a local sentence-transformers folder with tokenizer.json")
    modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    if kinds not in (["Transformer", "Pooling", "Normalize"], ["Transformer", "Pooling"]):
        raise OnnxUnsupported(f"{folder}: modules {kinds} are not Transformer → Pooling (→ Normalize)")
    pooling_dir = folder / modules[1].get("path", "1_Pooling")
    pooling = json.loads((pooling_dir / "config.json").read_text(encoding="utf-8"))
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v is True]
    if modes != ["pooling_mode_mean_tokens"]:
        raise OnnxUnsupported(f"{folder}: pooling {modes} is not mean pooling")
    st_config = folder / "sentence_bert_config.json"
    max_seq = 256
    if st_config.is_file():
        st = json.loads(st_config.read_text(encoding="utf-8"))
        max_seq = int(st.get("max_seq_length") or max_seq)
        if st.get("do_lower_case"):
            raise OnnxUnsupported(f"{folder}: do_lower_case outside the tokenizer is not supported")
    return {"max_seq_length": max_seq, "normalize": kinds[-1] == "Normalize", "dimension": int(pooling.get("word_embedding_dimension") or 0)}


def cache_key(model_dir: str | Path, quantize: str = "none") -> str:
    """Changes when the model's files, the export recipe or the variant change."""
    folder = Path(model_dir).resolve()
    h = hashlib.sha256(f"{folder}|v{EXPORT_VERSION}|opset{OPSET}|{quantize}".encode())
    for name in _KEY_FILES:
        p = folder / name
        if p.is_file():
            st = p.stat()
            h.update(f"|{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def onnx_path(model_dir: str | Path, cache_dir: str | Path, quantize: str = "none") -> Path:
    folder = Path(model_dir).resolve()
    name = "model-int8.onnx" if quantize == "int8" else "model.onnx"
    return Path(cache_dir).expanduser() / "onnx" / f"{folder.name}-{cache_key(folder, quantize)}" / name


def ensure_onnx(model_dir: str | Path, cache_dir: str | Path, quantize: str = "none") -> Path:
    """The cached ONNX file for this model, exporting it first if needed.

    Written under a temporary name and renamed into place, so two processes exporting at once
    both end with a complete file (the last rename wins; both files are identical in use)."""
    model_layout(model_dir)
    path = onnx_path(model_dir, cache_dir, quantize)
    if path.is_file():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewsdeskError(f"Cannot create the model cache {path.parent} ({exc.strerror}); set NEWSDESK_MODEL_CACHE to a writable folder.") from None
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        if quantize == "int8":
            fp32 = ensure_onnx(model_dir, cache_dir, "none")
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8)
        else:
            export(model_dir, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def export(model_dir: str | Path, target: str | Path) -> None:
    """Export Transformer + mean pooling (+ L2 normalisation) of a local sentence-transformers folder to ONNX.

    Uses torch.onnx.export on the transformers model (optimum would add a dependency for one call)."""
    import warnings

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    import transformers
    from transformers import AutoModel

    transformers.logging.disable_progress_bar()

    layout = model_layout(model_dir)
    try:
        model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")
    except (OSError, ValueError) as exc:
        raise NewsdeskError(f"Cannot load {model_dir} to export it to ONNX: {exc}") from None
    model.eval()

    class Pooled(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            tokens = self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)[0]
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            pooled = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            if layout["normalize"]:
                pooled = torch.nn.functional.normalize(pooled, p=2.0, dim=1)
            return pooled

    ids = torch.ones((2, 16), dtype=torch.long)
    args = (ids, torch.ones_like(ids), torch.zeros_like(ids))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes["sentence_embedding"] = {0: "batch"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Pooled(model), args, str(target), input_names=names, output_names=["sentence_embedding"],
            dynamic_axes=axes, opset_version=OPSET, dynamo=False,
        )


def main() -> None:
    """`python -m store.onnx`: export (or find) the configured model's ONNX file and print its path."""
    from store.embedder import resolve_model_path
    from store.settings import Settings

    settings = Settings.from_env()
    path = ensure_onnx(resolve_model_path(settings.embed_model), settings.model_cache, settings.quantize)
    print(path)


if __name__ == "__main__":
    main()

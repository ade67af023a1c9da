"""Engines: the same table, in input order, whatever runs the coding (serial, processes, Dask)."""

from __future__ import annotations

import functools
import io
import pickle
import sys

import pandas as pd
import pytest

from analysis import engine
from analysis.actors import resolve_actors
from analysis.codebook import resolve_codebook
from analysis.errors import AnalysisError
from analysis.io import Article
from analysis.pipeline import ArticleCoder, code_article, code_chunk

SENTENCES = [
    "The foreign minister said the talks would resume next month.",
    "Officials in the capital remain unconvinced by the promises.",
    "“We will never allow our territory to be used against anyone,” the spokesman said.",
    "The government urged the council to act without delay.",
    "Critics accused the ministry of hiding the figures.",
    "Both sides agreed to hold a second round of negotiations.",
    "The border has been closed since March.",
    "According to the agency, the delegation arrived on Tuesday.",
    "Analysts doubt that the pledge will be honoured.",
    "He added that the committee must publish its report.",
]


def make_articles(n: int = 11) -> list[Article]:
    """Small articles of our own sentences; ids deliberately not in sorted order."""
    arts = []
    for i in range(n):
        body = " ".join(SENTENCES[(i + j) % len(SENTENCES)] for j in range(3 + i % 5))
        body += "\n\n" + SENTENCES[(3 * i) % len(SENTENCES)] + "\n"
        text = (f"---\ntitle: Story {i}\ndate: 2024-01-{i + 1:02d}\nsource: Outlet {i % 3}\n"
                f"---\n{body}")
        arts.append(Article.from_text(text, article_id=f"z{(7 * i) % n:02d}-{i}"))
    return arts


@pytest.fixture(scope="module")
def coder():
    return ArticleCoder(codebook=resolve_codebook(None), actors=resolve_actors(None))


@pytest.fixture(scope="module")
def articles():
    return make_articles()


@pytest.fixture(scope="module")
def reference(coder, articles):
    return pd.concat([coder(a) for a in articles], ignore_index=True)


def table(frames) -> pd.DataFrame:
    return pd.concat(list(frames), ignore_index=True)


def test_reference_table_is_in_input_order(reference, articles):
    ids = list(dict.fromkeys(reference["article_id"]))
    assert ids == [a.article_id for a in articles]
    assert ids != sorted(ids)  # the order is the input's, not a sorted one


@pytest.mark.parametrize("eng", ["serial", "processes", "dask"])
def test_engines_give_the_identical_table(eng, coder, articles, reference):
    got = table(engine.iter_tables(coder, iter(articles), engine=eng, n_jobs=2, chunk_size=2))
    pd.testing.assert_frame_equal(got, reference)


@pytest.mark.parametrize("eng", ["serial", "processes"])
def test_map_articles_returns_one_result_per_article_in_order(eng, coder, articles, reference):
    frames = engine.map_articles(coder, articles, engine=eng, n_jobs=2, chunk_size=3)
    assert len(frames) == len(articles)
    assert [f["article_id"].iloc[0] for f in frames] == [a.article_id for a in articles]
    pd.testing.assert_frame_equal(table(frames), reference)


def test_partial_of_code_article_works_and_pickles(articles, reference):
    func = functools.partial(code_article, codebook=resolve_codebook(None),
                             actors=resolve_actors(None))
    back = pickle.loads(pickle.dumps(func))
    pd.testing.assert_frame_equal(back(articles[0]), func(articles[0]))
    got = table(engine.iter_tables(func, articles, engine="processes", n_jobs=2))
    pd.testing.assert_frame_equal(got, reference)


def test_article_coder_pickles(coder, articles):
    back = pickle.loads(pickle.dumps(coder))
    pd.testing.assert_frame_equal(back(articles[1]), coder(articles[1]))


def test_code_chunk_equals_article_by_article(coder, articles, reference):
    got = table(code_chunk(articles[i:i + 4], coder.codebook, coder.model, coder.actors)
                for i in range(0, len(articles), 4))
    pd.testing.assert_frame_equal(got, reference)


def test_dask_on_a_local_cluster_gives_the_identical_table(coder, articles, reference):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        got = table(engine.iter_tables(coder, iter(articles), engine="dask", client=client,
                                       chunk_size=3))
        frames = engine.map_articles(coder, articles, engine="dask", client=client)
    pd.testing.assert_frame_equal(got, reference)
    pd.testing.assert_frame_equal(table(frames), reference)


def test_unknown_engine_is_a_clear_error(coder, articles):
    with pytest.raises(AnalysisError, match="unknown engine 'threads'.*serial, processes, dask"):
        engine.map_articles(coder, articles, engine="threads")
    # raised at once, not at the first result
    with pytest.raises(AnalysisError, match="unknown engine"):
        engine.iter_tables(coder, articles, engine="spark")


@pytest.mark.parametrize("kwargs, message", [({"n_jobs": 0}, "n_jobs"),
                                             ({"n_jobs": -3}, "n_jobs"),
                                             ({"chunk_size": 0}, "chunk_size")])
def test_bad_jobs_or_chunk_size(kwargs, message, coder, articles):
    with pytest.raises(AnalysisError, match=message):
        engine.map_articles(coder, articles, engine="processes", **kwargs)


def test_dask_not_installed_names_the_extra(monkeypatch, coder, articles):
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(AnalysisError, match=r'pip install "\.\[dask\]"'):
        engine.map_articles(coder, articles, engine="dask")


def test_unpicklable_function_is_a_clear_error(articles):
    with pytest.raises(AnalysisError, match="picklable"):
        engine.map_articles(lambda a: a.article_id, articles, engine="processes")


def _fails_on_third(article):
    if article.article_id.endswith("-2"):
        raise AnalysisError("cannot code this one", article.article_id)
    return pd.DataFrame({"article_id": [article.article_id]})


@pytest.mark.parametrize("eng", ["serial", "processes"])
def test_worker_errors_reach_the_caller(eng, articles):
    with pytest.raises(AnalysisError, match="cannot code this one"):
        engine.map_articles(_fails_on_third, articles, engine=eng, n_jobs=2, chunk_size=1)


def _article_id(article):
    return pd.DataFrame({"article_id": [article.article_id]})


def test_articles_are_consumed_lazily():
    pulled = []

    def source():
        for i in range(1000):
            pulled.append(i)
            yield Article(article_id=f"a{i}", raw="Text.")

    chunks = engine.iter_tables(_article_id, source(), engine="processes", n_jobs=2,
                                chunk_size=5)
    first = next(chunks)
    chunks.close()
    assert list(first["article_id"]) == [f"a{i}" for i in range(5)]
    # a few chunks per worker read ahead, never the whole corpus
    assert len(pulled) <= 5 * (2 * 3 + 1)


def test_progress_bar_in_a_non_tty_run(monkeypatch, coder, articles, reference):
    err = io.StringIO()  # not a terminal
    monkeypatch.setattr(sys, "stderr", err)
    got = table(engine.iter_tables(coder, articles, engine="serial", progress=True))
    pd.testing.assert_frame_equal(got, reference)
    assert f"{len(articles)}/{len(articles)}" in err.getvalue()
    assert "article/s" in err.getvalue()


def test_resolve_jobs():
    assert engine.resolve_jobs(3) == 3
    assert engine.resolve_jobs(None) >= 1
    assert engine.resolve_jobs(-1) == engine.resolve_jobs(None)
    assert engine.default_chunk_size(10, 2) == 2
    assert engine.default_chunk_size(None, 2) == engine.DEFAULT_CHUNK_SIZE
    assert engine.default_chunk_size(10**6, 2) == engine.DEFAULT_CHUNK_SIZE


def test_segment_articles_equals_one_by_one(articles):
    from analysis.segment import segment_article, segment_articles

    many = segment_articles(articles)
    assert len(many) == len(articles)
    for art, frame in zip(articles, many):
        pd.testing.assert_frame_equal(frame, segment_article(art))
    assert segment_articles([]) == []

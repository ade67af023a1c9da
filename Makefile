# Verbs of the project. Every target sets itself up on a fresh clone.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
EXTRAS := dev,notebook,dask

.PHONY: install report test lint benchmark model clean help

help:
	@echo "make report     code every article in data/raw, write tables and figures"
	@echo "make test       run the whole test suite (notebooks executed)"
	@echo "make install    create .venv and install the package with its extras"
	@echo "make lint       ruff"
	@echo "make benchmark  time the pipeline on synthetic corpora"
	@echo "make model      re-train the packaged learned coder (after changing the codebook)"

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
	  || { echo "error: Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[$(EXTRAS)]"
	@touch $(STAMP)

report: install
	$(PY) -m analysis report data/raw --out data/processed --figures reports/figures

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check src tests benchmarks

benchmark: install
	$(PY) benchmarks/bench_pipeline.py

model: install
	$(PY) scripts/build_model.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache

# Two commands for a fresh machine (README): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
DEMO_DB ?= data/demo/dvcq-demo.duckdb

.PHONY: run test demo bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

$(DEMO_DB): | $(VENV)/.installed
	$(BIN)/python -m etl demo --db $(DEMO_DB)

demo: $(VENV)/.installed
	$(BIN)/python -m etl demo --db $(DEMO_DB)

run: $(VENV)/.installed $(DEMO_DB)
	MALLOC_ARENA_MAX=2 DVCQ_DB=$(DEMO_DB) $(BIN)/python -m dashboard.serve --server.port $(PORT) --server.headless true

test: $(VENV)/.installed
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

screenshots: $(VENV)/.installed $(DEMO_DB)
	$(BIN)/python scripts/screenshots.py --db $(DEMO_DB)

clean:
	rm -rf $(VENV) data/demo

# The two commands of the README, each doing all of its own set-up:
#   make docs   build the site into docs/_build/html
#   make test   run every test, the full site build included
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SPHINXOPTS ?=

# Quiet, deterministic, CPU-only TensorFlow for every build and test: the
# variables are defined once, in docs/_ext/buildenv.py, and exported from here
# so that they hold from the start of every Python process make runs.
$(VENV)/buildenv.mk: docs/_ext/buildenv.py
	@mkdir -p $(VENV)
	$(PYTHON) docs/_ext/buildenv.py --make > $@
include $(VENV)/buildenv.mk

.PHONY: docs test serve lint clean clean-docs benchmark site

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.docs-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,docs]"
	touch $@ $(VENV)/.docs-installed

docs: $(VENV)/.docs-installed
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html $(SPHINXOPTS)
	@echo
	@echo "Site built. Open docs/_build/html/index.html, or run 'make serve'."

serve: docs
	@echo "Serving http://127.0.0.1:8000/ (Ctrl-C stops it)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory docs/_build/html 8000

# The tests of the backend-independent core, run again on Keras' JAX backend.
JAX_TESTS := tests/test_layers.py tests/test_occlusion_heads.py tests/test_preprocess.py \
	tests/test_conv.py tests/test_model.py tests/test_exemplars.py
JAX_SELECT := not load and not shipped and not sidecar and not snapshot
test: $(VENV)/.test-installed
	$(BIN)/python -m pytest --durations=15
	FILTERVIZ_TEST_BACKEND=jax $(BIN)/python -m pytest -q -p no:cacheprovider \
		-k "$(JAX_SELECT)" $(JAX_TESTS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check filterviz tests examples benchmarks docs

# Speed figures of every issue; they print medians and never gate CI.
benchmark: $(VENV)/.test-installed
	$(BIN)/python benchmarks/bench_convolution.py
	$(BIN)/python benchmarks/bench_docs_build.py
	$(BIN)/python benchmarks/bench_maximize.py
	$(BIN)/python benchmarks/bench_model.py
	$(BIN)/python benchmarks/bench_cli.py
	$(BIN)/python benchmarks/bench_playground.py
	$(BIN)/python benchmarks/bench_images.py
	$(BIN)/python benchmarks/bench_site.py --repeats 1

clean-docs:
	rm -rf docs/_build docs/auto_examples docs/api/generated docs/jupyter_execute

clean: clean-docs
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Every version of the site (dev and each release tag v*) into site/.
site: $(VENV)/.docs-installed
	$(BIN)/python tools/build_site.py --output site

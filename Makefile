# The README's two commands. Each does the set-up it needs the first time and reuses it afterwards:
#   make lessons                 run every lesson notebook top to bottom on a fresh kernel (miniai_lessons)
#   make lessons NBS="09 10"     ... just those
#   make test                    run the test suite (pytest tests)
#   make test PYTEST_ARGS="-k 09_learner -x"    ... a part of it
# The set-up: a virtual environment in .venv (python3 -m venv), PyTorch and then miniai with its dev requirements
# (installed once; again only when settings.ini or setup.py change), the Jupyter kernel the notebooks run on, and
# Fashion-MNIST (Debian's dataset-fashion-mnist where apt-get is available; otherwise the Hugging Face hub on first use).
# `make test` also needs Chromium (Debian's chromium) for the docs checks.
#
# Another PyTorch build: the TORCH variable holds pip's arguments for it, used when the packages are (re)installed, e.g.
#   make lessons TORCH="torch==2.13.0 --index-url https://download.pytorch.org/whl/cu128"   # CUDA 12.8
# On macOS the default build is the one with Apple's MPS. To change the build of an existing .venv, delete .venv first.

PYTHON ?= python3
VENV ?= .venv
TORCH ?= torch==2.13.0
NBS ?=
PYTEST_ARGS ?=
DATA_DIR ?= /usr/share/datasets/fashion-mnist

BIN := $(VENV)/bin
# the packages are installed again when what settings.ini, setup.py or pyproject.toml say changes (their contents, not their
# times: nbdev rewrites pyproject.toml unchanged)
STAMP := $(VENV)/.miniai-installed-$(shell cat settings.ini setup.py pyproject.toml | cksum | cut -d' ' -f1)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PATH := $(abspath $(BIN)):$(PATH)
export VIRTUAL_ENV := $(abspath $(VENV))
export DEBIAN_FRONTEND := noninteractive

# apt-get install $(1), refreshing the package lists first if they do not know it (a fresh machine's are empty)
apt_install = $(SUDO) apt-get install -y -q $(1) || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $(1); }

.PHONY: lessons test setup data chromium

lessons: setup data
	$(BIN)/miniai_lessons $(NBS)

test: setup data chromium
	$(BIN)/pytest tests $(PYTEST_ARGS)

setup: $(STAMP)

$(BIN)/python:
	@echo "--- creating the virtual environment $(VENV)"
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  if command -v apt-get >/dev/null; then echo "--- python3 -m venv needs Debian's python3-venv: installing it"; \
	    { $(call apt_install,python3-venv); } && $(PYTHON) -m venv $(VENV); \
	  else echo "make: '$(PYTHON) -m venv' failed: install Python's venv module (on Debian and Ubuntu: python3-venv) and run make again" >&2; false; fi; }

$(STAMP): | $(BIN)/python
	@echo "--- installing PyTorch ($(TORCH)), then miniai with its dev requirements, into $(VENV) (once; a few minutes)"
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q $(TORCH)
	$(BIN)/python -m pip install -q -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@rm -f $(VENV)/.miniai-installed*; touch $@

data:
	@if [ -z "$$MINIAI_DATA" ] && [ ! -e $(DATA_DIR)/train-images-idx3-ubyte.gz ] && command -v apt-get >/dev/null; then \
	  echo "--- installing Fashion-MNIST (Debian's dataset-fashion-mnist)"; \
	  { $(call apt_install,dataset-fashion-mnist); } || echo "--- could not install it: the data will come from the Hugging Face hub on first use"; fi

chromium:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then \
	  echo "--- installing Chromium (Debian's chromium) for the docs checks"; \
	  { $(call apt_install,chromium); } || echo "--- could not install it: the docs checks in tests/test_docs.py will fail"; fi

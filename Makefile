# closetd — two commands for a fresh Debian / Raspberry Pi OS machine: `make demo` and `make test`.
SHELL := /bin/bash
PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
RELEASE_FLAGS := -c release --static-swift-stdlib

.PHONY: all deps build release test demo install clean reference-venv op-test fixtures
REFERENCE_VENV := .build/reference-venv
REFERENCE_PYTHON := $(REFERENCE_VENV)/bin/python
OP_CASES ?= 40

all: build

deps:
	@tools/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	tools/kernel-test/run.sh
	$(MAKE) op-test

# TFLite's reference kernels (ai-edge-litert from PyPI) in a private venv: the oracle for the engine's ops.
$(REFERENCE_PYTHON):
	python3 -m venv $(REFERENCE_VENV)
	$(REFERENCE_VENV)/bin/pip install -q ai-edge-litert numpy

reference-venv: $(REFERENCE_PYTHON)

# Fresh random single-op models each run, byte-compared with BUILTIN_REF (the seed is printed for replay).
op-test: $(REFERENCE_PYTHON)
	$(SWIFT) build --product closetd
	$(REFERENCE_PYTHON) tools/reference/op_cases.py --closetd .build/debug/closetd --cases $(OP_CASES) $(OP_ARGS)

# Regenerates the committed engine test fixtures (deterministic).
fixtures: $(REFERENCE_PYTHON)
	$(REFERENCE_PYTHON) tools/reference/make_fixtures.py Tests/EngineTests/Fixtures

clean:
	rm -rf .build

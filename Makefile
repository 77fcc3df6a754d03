# closetd — two commands for a fresh Debian / Raspberry Pi OS machine: `make demo` and `make test`.
SHELL := /bin/bash
PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
RELEASE_FLAGS := -c release --static-swift-stdlib

.PHONY: all deps build release test demo install clean

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

clean:
	rm -rf .build

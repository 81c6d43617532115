# The two commands the README gives. `make test` is also exactly what .ci/run runs.
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-deps

## install the app and start it on its default data (quark vs gluon jets)
run:
	$(PYTHON) -m pip install .
	$(PYTHON) -m playground

## install test needs (Debian chromium + nginx, Python extras) and run the whole test suite
test: test-deps
	$(PYTHON) -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

test-deps:
	@if ! command -v chromium >/dev/null || ! command -v nginx >/dev/null; then \
		$(SUDO) apt-get update && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium nginx; \
	fi
	$(PYTHON) -m pip install -e ".[test,physics]"
	$(PYTHON) -m playground warm

# Thin wrapper over CMake. `make` builds build/netra (optimised);
# `make check` builds an ASan+UBSan tree in build-asan/ and runs every test;
# `make demo` builds a demo city and runs the whole chain on it.
JOBS ?= 2
BUILD ?= build
ASAN ?= build-asan
FUZZB ?= build-fuzz
CTEST_ARGS ?=

PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all deps check demo bench fuzz lint clean screenshots install

all: $(BUILD)/netra

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

$(BUILD)/netra: $(BUILD)/Makefile FORCE
	cmake --build $(BUILD) -j$(JOBS)

deps:
	sh scripts/deps.sh

check: deps
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DNETRA_SANITIZE=ON >/dev/null
	cmake --build $(ASAN) -j$(JOBS)
	cd $(ASAN) && ctest --output-on-failure -j$(JOBS) $(CTEST_ARGS)

demo: deps all
	sh scripts/demo.sh

bench: deps all
	sh bench/run.sh

fuzz: deps
	CC=clang cmake -S . -B $(FUZZB) -DCMAKE_BUILD_TYPE=Debug -DNETRA_FUZZ=ON >/dev/null
	cmake --build $(FUZZB) -j$(JOBS) --target fuzzers
	sh scripts/fuzz.sh $(FUZZB)

# The optimised binary to $(DESTDIR)$(PREFIX)/bin, its data to
# $(DESTDIR)$(PREFIX)/share/netra (docs/install.md).
install: all
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

lint:
	sh scripts/lint.sh

# One screenshot of each page of `netra serve` into docs/screenshots/
# (the browser tests, run over the optimised build).
screenshots: deps all
	NETRA_BIN=$(CURDIR)/$(BUILD)/netra NETRA_BUILD=$(CURDIR)/$(BUILD) \
	NETRA_SRC=$(CURDIR) SCREENSHOTS=$(CURDIR)/docs/screenshots \
	sh tests/web/run.sh

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZB)

FORCE:

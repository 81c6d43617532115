# NN Playground as a slim, non-root image with the Numba kernels compiled at build time.
#   docker build -t nn-playground .
#   docker run -p 5006:5006 -e PLAYGROUND_ALLOWED_ORIGINS=localhost:5006 nn-playground
FROM python:3.11-slim

# NUMBA_CPU_NAME=generic: the kernels cached at build time run on any x86-64 host, not just the
# builder's CPU, so the first visitor never waits for compilation.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NUMBA_CPU_NAME=generic \
    NUMBA_CACHE_DIR=/home/playground/.numba_cache \
    BOKEH_RESOURCES=server \
    PLAYGROUND_ALLOWED_ORIGINS=localhost:5006,127.0.0.1:5006 \
    PLAYGROUND_MAX_SESSIONS=40 \
    PLAYGROUND_IDLE_TIMEOUT=60

RUN groupadd --gid 10001 playground && useradd --create-home --uid 10001 --gid 10001 playground

WORKDIR /tmp/build
COPY pyproject.toml README.md ./
COPY playground ./playground
COPY assets ./assets
RUN pip install --no-cache-dir . && rm -rf /tmp/build

USER 10001:10001
WORKDIR /home/playground
RUN playground warm

EXPOSE 5006
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5006/health', timeout=4)"]
CMD ["playground", "serve", "--address", "0.0.0.0", "--port", "5006"]

# Self-hosting `stratus serve`: the API, the local worker and headless Chromium in one
# container, its data (database, master key, artifacts, uploads) on the /data volume.
#
#   docker build -t stratus .
#   docker run -d --name stratus -p 127.0.0.1:8000:8000 -v stratus-data:/data \
#     -e STRATUS_MODEL=gpt-4o-mini -e OPENAI_API_KEY stratus
#   docker exec stratus stratus keys create me
#
# Debian bookworm's Python and Debian's chromium: the browser the project runs everywhere.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LITELLM_LOCAL_MODEL_COST_MAP=True \
    STRATUS_DATA_DIR=/data \
    STRATUS_CHROMIUM_PATH=/usr/bin/chromium \
    STRATUS_PLAYWRIGHT_BROWSERS_PATH=/opt/playwright \
    STRATUS_CHROMIUM_EXTRA_ARGS='["--disable-dev-shm-usage"]'

# Chromium, fonts and the ffmpeg Playwright records video with, from Debian; versions follow
# the bookworm security archive.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        chromium \
        ffmpeg \
        fonts-liberation \
        fonts-noto-color-emoji \
        fonts-noto-cjk \
        ca-certificates \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/stratus

# The project with the versions it is tested with (constraints.txt pins every package).
COPY pyproject.toml constraints.txt ./
COPY layers/core/stratus ./layers/core/stratus
RUN pip install --no-cache-dir -c constraints.txt . \
    && python -m stratus.adapters.playwright_ffmpeg /opt/playwright

# Not root: a user of its own (numeric, so the host can resolve the volume's owner).
RUN groupadd --system --gid 10001 stratus \
    && useradd --system --uid 10001 --gid 10001 --create-home stratus \
    && mkdir -p /data \
    && chown 10001:10001 /data
USER 10001:10001
VOLUME /data

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"]

# 0.0.0.0 inside the container only; publish it on the host's loopback (-p 127.0.0.1:...).
CMD ["stratus", "serve", "--host", "0.0.0.0", "--port", "8000"]

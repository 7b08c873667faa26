# Brinkmanship game server: `brink serve` on port 8080, against the Redis at $REDIS_URL.
#   docker build -t brinkmanship .
#   docker run -p 8080:8080 -e REDIS_URL=redis://HOST:6379/0 brinkmanship
# docker-compose.yml runs two of these behind nginx, with Redis.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The package first (its layer is rebuilt only when the code or its dependencies change).
# pyproject.toml names README.md as the readme, so the build needs it.
COPY pyproject.toml README.md constraints.txt ./
COPY server/ server/
# client/ includes client/web/, the static web client.
COPY client/ client/
RUN pip install -c constraints.txt . && rm -rf build *.egg-info

# The rule sets and the web client are read from disk at run time. Installed into site-packages,
# the package would look for them next to itself, so point it here instead.
COPY rules/ rules/
ENV BRINK_RULES_DIR=/app/rules \
    BRINK_WEB_DIR=/app/client/web \
    BRINK_DATA_DIR=/app/data

# Run unprivileged. The data dir is used only when no Redis URL is given (embedded Redis).
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin brink \
    && mkdir -p /app/data \
    && chown brink:brink /app/data
USER brink

EXPOSE 8080

# Healthy when /healthz answers 200 (the server is up and Redis answers); urlopen raises on a 503
# or a refused connection, so python exits non-zero. No curl in the slim image.
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=3)"]

# REDIS_URL (or BRINK_REDIS_URL) comes from the environment, e.g. redis://redis:6379/0.
# Other settings: BRINK_* variables (server/settings.py); lists such as BRINK_ALLOWED_ORIGINS
# are JSON, e.g. '["https://game.example.org"]'.
CMD ["brink", "serve", "--host", "0.0.0.0", "--port", "8080"]

# One image for the three services and the search API; docker-compose.yml chooses each
# container's command (python -m newsflow.services.NAME, newsflow serve). Build from here:
#   docker build -t newsflow .
#   docker run --rm newsflow python -m newsflow.services.parser
#
# The base image is pinned to an exact Python and Debian release (not the floating
# python:3.11-slim); the dependencies are installed at the versions of constraints.txt,
# which `make constraints` writes from the project's venv (the one the tests ran in).
FROM python:3.11.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# The services run as an unprivileged user; /data (the volume) is theirs.
RUN groupadd --system --gid 10001 newsflow \
    && useradd --system --uid 10001 --gid newsflow --home-dir /app --shell /usr/sbin/nologin newsflow \
    && mkdir -p /data && chown newsflow:newsflow /data

WORKDIR /app
# The pins first: the dependency layer is rebuilt only when they change.
COPY constraints.txt ./
COPY pyproject.toml setup.py README.md ./
# newsflow/services is a link to ../services: COPY keeps the link, so both are copied, and
# pip (setuptools) follows it to install the services as newsflow.services.
COPY newsflow ./newsflow
COPY services ./services
COPY seeds ./seeds
# PyICU (word break for Thai, Lao, Khmer, Myanmar) has no wheel: it is built against
# Debian's ICU; so are newsflow's own C extensions (setup.py: gcc, the image's Python
# headers, and SQLite's for the index's rank function, linked against the libsqlite3 the
# image's Python uses). The compilers and headers go again, the runtime libraries stay.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc g++ pkg-config libicu-dev libsqlite3-dev \
    && pip install --constraint constraints.txt . \
    && apt-get purge -y gcc g++ pkg-config libicu-dev libsqlite3-dev \
    && apt-get install -y --no-install-recommends libicu72 libsqlite3-0 \
    && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* build ./*.egg-info

ENV NEWSFLOW_DATA_DIR=/data
VOLUME /data
USER newsflow:newsflow
CMD ["newsflow", "--help"]

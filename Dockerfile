# One image for the three services and the search API; docker-compose.yml chooses each
# container's command (python -m newsflow.services.NAME, newsflow serve). Build from here:
#   docker build -t newsflow .
#   docker run --rm newsflow python -m newsflow.services.parser
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
# newsflow/services is a link to ../services: COPY keeps the link, so both are copied, and
# pip (setuptools) follows it to install the services as newsflow.services.
COPY newsflow ./newsflow
COPY services ./services
COPY seeds ./seeds
RUN pip install --no-cache-dir .
ENV NEWSFLOW_DATA_DIR=/data
VOLUME /data
CMD ["newsflow", "--help"]

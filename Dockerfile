# The kg CLI (used by docker-compose.yml's `kg` service; also: docker build -t kg . && docker run --rm kg --help)
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY viz ./viz
COPY cypher ./cypher
COPY data ./data
RUN pip install . && kg query --list >/dev/null
ENTRYPOINT ["kg"]
CMD ["--help"]

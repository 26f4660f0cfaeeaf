# One image for the API and the workers; the API process never imports torch.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    HF_HOME=/models/hf-cache
WORKDIR /app

# CPU build of torch; for CUDA use an nvidia/cuda base and the matching wheel.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0
COPY pyproject.toml README.md ./
COPY service ./service
COPY workers ./workers
COPY prompts ./prompts
RUN pip install .

RUN useradd --create-home briefing && mkdir -p /models && chown briefing /models
USER briefing
EXPOSE 8000
CMD ["briefing", "api", "--host", "0.0.0.0", "--port", "8000"]

# The portal image: web (gunicorn), Celery worker and beat share it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock.txt .
RUN pip install --no-cache-dir -r requirements.lock.txt
COPY . .
# Static files and translations are built into the image; secrets are not needed for that.
RUN DJANGO_ENV=demo python manage.py compilemessages --ignore .venv -v0 \
    && DJANGO_ENV=demo python manage.py collectstatic --noinput -v0

RUN useradd --create-home --uid 10001 myropo && mkdir -p /app/var && chown -R myropo /app/var
USER myropo
EXPOSE 8000
CMD ["gunicorn", "myropo.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

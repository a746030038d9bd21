# One image for web, worker and beat (docker-compose.yml changes only the command).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=ixxo_support.settings.production \
    IXXO_VAR_DIR=/var/lib/ixxo

WORKDIR /app
RUN useradd --system --create-home --home-dir /home/ixxo ixxo \
    && mkdir -p /var/lib/ixxo/attachments /var/lib/ixxo/static \
    && chown -R ixxo /var/lib/ixxo

COPY pyproject.toml README.md ./
COPY ixxo_support ./ixxo_support
COPY accounts ./accounts
COPY tickets ./tickets
COPY policy ./policy
COPY forum ./forum
COPY core ./core
RUN pip install --no-cache-dir .
COPY . .
# collectstatic needs a secret that passes the production check; the real one comes at run time.
RUN SECRET_KEY=build-only-secret-key-build-only-secret-key-build-only python manage.py collectstatic --noinput

USER ixxo
EXPOSE 8000
CMD ["gunicorn", "ixxo_support.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]

"""gunicorn settings for one portal process (Flask-SocketIO needs exactly one worker)."""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8001')}"
workers = 1
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "50"))
timeout = 60
graceful_timeout = 20
accesslog = None  # the portal writes one JSON line per request without URL values
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"

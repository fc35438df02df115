"""gunicorn settings: one worker with threads by default (the portal with its chat).

The production shape runs pages and chat apart: pages in WORKERS processes (one per core) with
a few THREADS each, chat in single-worker gevent processes of its own (Flask-SocketIO needs
exactly one worker per process, and sticky routing; see nginx.conf and systemd/).
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8001')}"
workers = int(os.environ.get("WORKERS", "1"))
# Pages: gthread. Chat processes: WORKER_CLASS=gevent (one greenlet per socket; the portal then
# runs Socket.IO in gevent mode, see portal.extensions.async_mode).
worker_class = os.environ.get("WORKER_CLASS", "gthread")
threads = int(os.environ.get("THREADS", "50"))
timeout = 60
graceful_timeout = 20
accesslog = None  # the portal writes one JSON line per request without URL values
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"

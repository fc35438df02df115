"""Entry point: ``app`` for WSGI servers; ``python wsgi.py`` serves the embedded default."""

import os

from portal import create_app
from portal.extensions import socketio

app = create_app()

if __name__ == "__main__":
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    print(f"\nFagnettverk-portalen kjører på http://{host}:{port}/  (Ctrl+C stopper)\n", flush=True)
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True)

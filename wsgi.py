"""Entry point: ``app`` for WSGI servers; ``python wsgi.py`` serves the embedded default."""

import gc
import os

from portal import create_app
from portal.extensions import socketio

app = create_app()
# What is loaded by now (some 260,000 objects: libraries, models, the app) lives as long as the
# process. Frozen, a full garbage collection walks only what requests allocate: unfrozen, each
# one took about 150 ms, a pause for every request in flight.
gc.freeze()

if __name__ == "__main__":
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    print(f"\nFagnettverk-portalen kjører på http://{host}:{port}/  (Ctrl+C stopper)\n", flush=True)
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True)

"""Health endpoints for load balancers and orchestration: liveness and readiness."""

import logging

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from portal.access import requires
from portal.extensions import db, limiter

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.route("/healthz")
@requires("public")
@limiter.exempt
def healthz():
    """The process is alive and answering."""
    return jsonify(status="ok")


@bp.route("/readyz")
@requires("public")
@limiter.exempt
def readyz():
    """The database (and Redis, when configured) answer; says nothing else about them."""
    try:
        db.session.execute(text("SELECT 1"))
        if url := current_app.config["REDIS_URL"]:
            redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        log.warning("readiness check failed: %s", type(error).__name__)
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ready")

"""The scale-out path for real: with REDIS_URL set, rate limits live in Redis."""

import os

import pytest
import redis

from tests.helpers import login


@pytest.fixture
def redis_url():
    """REDIS_URL, required in CI (no silent skip), optional on a developer's machine."""
    url = os.environ.get("REDIS_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("REDIS_URL must be set in CI: the Redis path is tested for real")
        pytest.skip("REDIS_URL not set; CI runs this against a real Redis")
    return url


def test_login_rate_limit_is_kept_in_redis(redis_url, app, users):
    assert app.config["RATELIMIT_STORAGE_URI"] == redis_url
    store = redis.Redis.from_url(redis_url)
    for _ in range(5):
        assert login(app.test_client(), users["member"], "feil-passord-1").status_code == 200
    keys = store.keys("LIMITS:*")
    assert keys, "no rate-limit counters in Redis"
    assert not any(users["member"].email.encode() in key for key in keys)
    assert login(app.test_client(), users["member"], "feil-passord-1").status_code == 429

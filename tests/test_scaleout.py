"""The scale-out path for real: with REDIS_URL set, rate limits live in Redis."""

import redis

from tests.helpers import login


def test_login_rate_limit_is_kept_in_redis(redis_url, app, users):
    assert app.config["RATELIMIT_STORAGE_URI"] == redis_url
    store = redis.Redis.from_url(redis_url)
    for _ in range(5):
        assert login(app.test_client(), users["member"], "feil-passord-1").status_code == 200
    keys = store.keys("LIMITS:*")
    assert keys, "no rate-limit counters in Redis"
    assert not any(users["member"].email.encode() in key for key in keys)
    assert login(app.test_client(), users["member"], "feil-passord-1").status_code == 429

"""The suite's own clock: one calendar day per run, never behind the real clock."""

import time
from datetime import datetime

from freezegun.api import real_time

from tests.conftest import suite_clock_start


def test_a_morning_run_starts_at_noon_the_same_day():
    assert suite_clock_start(datetime(2026, 12, 1, 7, 30), 0) == datetime(2026, 12, 1, 12)


def test_an_afternoon_run_starts_now_not_at_noon_behind_the_real_clock():
    now = datetime(2026, 12, 1, 15, 5, 30)
    assert suite_clock_start(now, 0) == now


def test_a_late_evening_run_starts_at_noon_the_next_day():
    assert suite_clock_start(datetime(2026, 12, 1, 21, 40), 0) == datetime(2026, 12, 2, 12)


def test_days_ahead_move_the_day_and_keep_the_time():
    assert suite_clock_start(datetime(2026, 12, 1, 13, 0), 365) == datetime(2027, 12, 1, 13, 0)
    assert suite_clock_start(datetime(2026, 12, 31, 22, 0), 1) == datetime(2027, 1, 2, 12)


def test_the_running_clock_is_not_behind_the_real_clock():
    assert time.time() >= real_time() - 1

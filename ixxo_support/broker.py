"""kombu's Redis transport, keeping one Redis client per channel instead of one per operation.

kombu builds a new `redis.Redis` for every publish and every ack (`Channel.conn_or_acquire`); with
redis-py 8 that costs ~0.2 ms of CPU each (its table of response callbacks is rebuilt), several
times per task on both sides. A client is only a handle on the channel's connection pool and is
safe to share, so the channel keeps one and builds it again when its pool is replaced (after a
disconnect). Installed for the `redis://` scheme by `install()`, called from ixxo_support.celery."""

from contextlib import contextmanager
from typing import Any

from kombu.transport import TRANSPORT_ALIASES
from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    _sync_client: Any = None

    @contextmanager
    def conn_or_acquire(self, client: Any = None) -> Any:
        if client:
            yield client
            return
        cached = self._sync_client
        if cached is None or cached.connection_pool is not self.pool:
            cached = self._sync_client = self._create_client()
        yield cached


class Transport(kombu_redis.Transport):
    Channel = Channel


def install() -> None:
    TRANSPORT_ALIASES["redis"] = f"{__name__}:Transport"

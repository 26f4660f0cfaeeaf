"""kombu's SQLAlchemy transport, fixed so its polling interval can be set.

kombu passes every transport option to ``create_engine``, which refuses
``polling_interval``; the default of one second would add up to a second
between enqueueing and starting each task on the embedded broker.
"""

from __future__ import annotations

from typing import Any

from kombu.transport import sqlalchemy as kombu_sqla

NOT_FOR_THE_ENGINE = ("polling_interval", "visibility_timeout")


class Channel(kombu_sqla.Channel):
    def _engine_from_config(self) -> Any:
        client = self.connection.client
        options = {
            key: value
            for key, value in client.transport_options.items()
            if key not in NOT_FOR_THE_ENGINE
        }
        saved = client.transport_options
        client.transport_options = options
        try:
            return super()._engine_from_config()
        finally:
            client.transport_options = saved


class Transport(kombu_sqla.Transport):
    Channel = Channel

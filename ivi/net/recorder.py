"""A recording proxy in front of the cloud: every byte the T-Box sends goes through it and is
kept, as a capture on the wire would keep it, one file per connection
(`connection-0001.bin`, the client's bytes in order). `ivi.net.traffic` reads them.
"""

import asyncio
import threading
from pathlib import Path

from ivi.core.errors import CannotWrite
from ivi.core.text import refused_by_system

CHUNK = 65536


class Recorder:
    def __init__(self, listen: tuple[str, int], upstream: tuple[str, int], folder: Path):
        self._listen = listen
        self._upstream = upstream
        self._folder = folder
        self._connections = 0

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, record=None) -> None:
        try:
            while data := await reader.read(CHUNK):
                if record is not None:
                    record.write(data)
                    record.flush()
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def _connection(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self._connections += 1
        path = self._folder / f"connection-{self._connections:04d}.bin"
        try:
            server_reader, server_writer = await asyncio.open_connection(*self._upstream)
        except OSError:
            client_writer.close()
            return
        with path.open("wb") as record:
            await asyncio.gather(
                self._relay(client_reader, server_writer, record), self._relay(server_reader, client_writer)
            )

    async def _serve(self, stop: threading.Event, ready) -> None:
        server = await asyncio.start_server(self._connection, *self._listen)  # a port taken: nothing made
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            server.close()
            raise CannotWrite(str(self._folder), refused_by_system(error)) from None
        ready()
        async with server:
            while not stop.is_set():
                await asyncio.sleep(0.02)

    def run(self, stop: threading.Event, ready) -> None:
        asyncio.run(self._serve(stop, ready))

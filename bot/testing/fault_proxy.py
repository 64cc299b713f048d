"""A small TCP proxy for fault tests (loopback only): forwards to a server, and on command cuts or stalls.

- `cut()`: closes every open connection and refuses new ones (accepted and closed at once) until
  `restore()`.
- `stall()`: connections stay open but nothing is forwarded, either way; new connections are accepted
  and get nothing. `restore()` forwards what was held and connects the waiting ones.

It runs its own event loop in a daemon thread, so a synchronous test drives it directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator

FORWARD, CUT, STALL = "forward", "cut", "stall"


class FaultProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.mode = FORWARD
        self.port = 0
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._flowing: asyncio.Event | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._server: asyncio.base_events.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)

    # -- control (from the test's thread) -------------------------------------------------------
    def start(self) -> FaultProxy:
        self._thread.start()
        self._call(self._start())
        return self

    def cut(self) -> None:
        self._call(self._set(CUT))

    def stall(self) -> None:
        self._call(self._set(STALL))

    def restore(self) -> None:
        self._call(self._set(FORWARD))

    def close(self) -> None:
        self._call(self._close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def _call(self, coroutine) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    # -- the proxy (its own loop) ---------------------------------------------------------------
    @property
    def _flow(self) -> asyncio.Event:
        """Set while data may flow (created by _start, inside the proxy's loop)."""
        if self._flowing is None:
            raise RuntimeError("the fault proxy is not started")
        return self._flowing

    async def _start(self) -> None:
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _set(self, mode: str) -> None:
        self.mode = mode
        if mode == FORWARD:
            self._flow.set()
            return
        self._flow.clear()
        if mode == CUT:
            for writer in list(self._writers):
                writer.transport.abort()
            self._writers.clear()

    async def _close(self) -> None:
        await self._set(CUT)
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        if self.mode == CUT:
            client_writer.transport.abort()
            return
        self._writers.add(client_writer)
        await self._flow.wait()  # a stall holds a new connection here, open and silent
        if self.mode == CUT or client_writer.is_closing():
            client_writer.transport.abort()
            return
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers.add(server_writer)
        await asyncio.gather(self._pump(client_reader, server_writer), self._pump(server_reader, client_writer))
        for writer in (client_writer, server_writer):
            self._writers.discard(writer)
            writer.transport.abort()

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                await self._flow.wait()  # a stall holds the data here
                if writer.is_closing():
                    break
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.transport.abort()


@contextlib.contextmanager
def fault_proxy(target_host: str, target_port: int) -> Iterator[FaultProxy]:
    proxy = FaultProxy(target_host, target_port).start()
    try:
        yield proxy
    finally:
        proxy.close()

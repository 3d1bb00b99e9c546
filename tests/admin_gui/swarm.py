"""Bots flying over real sockets from their own thread and event loop, like students' PCs."""

from __future__ import annotations

import asyncio
import threading

from app.bots import BotReport, BotSpec, bot_specs, run_bot


class BotSwarm:
    """``count`` bots joining ``127.0.0.1:port`` with ``code``; each plays ``rounds``."""

    def __init__(
        self,
        port: int,
        code: str,
        count: int,
        *,
        key: str | None,
        seed: int = 7,
        timeout: float = 90.0,
        rounds: int = 1,
    ) -> None:
        self.timeout = timeout
        self.rounds = rounds
        self.key = key
        self.port = port
        self.code = code
        self.specs: list[BotSpec] = bot_specs(count, seed)
        self.reports: list[BotReport | BaseException] = []
        self._thread = threading.Thread(target=self._main, name="bot-swarm", daemon=True)
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> BotSwarm:
        self._thread.start()
        return self

    def _main(self) -> None:
        try:
            self.reports = asyncio.run(self._fly())
        except asyncio.CancelledError:
            self.reports = []  # cancelled by :meth:`cancel`

    async def _fly(self) -> list[BotReport | BaseException]:
        self._loop = asyncio.get_running_loop()
        self._ready.set()
        return await asyncio.gather(
            *(
                run_bot(
                    "127.0.0.1",
                    self.port,
                    self.code,
                    s,
                    timeout=self.timeout,
                    server_key=self.key,
                    rounds=self.rounds,
                )
                for s in self.specs
            ),
            return_exceptions=True,
        )

    def join(self, timeout: float) -> list[BotReport | BaseException]:
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError(f"bots still flying after {timeout:.0f} s")
        return self.reports

    def cancel(self, timeout: float) -> None:
        """Stop every bot now (their host is gone) and wait for the thread to end."""
        if self._ready.wait(timeout) and self._loop is not None and self._thread.is_alive():
            loop = self._loop

            def cancel_all() -> None:
                for task in asyncio.all_tasks(loop):
                    task.cancel()

            loop.call_soon_threadsafe(cancel_all)
        self.join(timeout)

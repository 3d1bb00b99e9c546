"""The GUIs' log file (issue 16: IT needs to know where logs are)."""

from __future__ import annotations

import logging
from pathlib import Path

from app.logs import configure_logging, log_dir


def test_log_file_gets_the_lines_and_a_bad_one_is_not_fatal(tmp_path: Path) -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        path = tmp_path / "logs" / "console.log"
        configure_logging("INFO", 0, path)
        logging.getLogger("moonbase.test").info("hosting class %s", "Room 4")
        for handler in root.handlers:
            handler.flush()
        assert "INFO    moonbase.test: hosting class Room 4" in path.read_text(encoding="utf-8")
        blocked = tmp_path / "file"
        blocked.write_text("", encoding="utf-8")
        configure_logging("INFO", 0, blocked / "console.log")  # its folder is a file
        assert not any(isinstance(h, logging.FileHandler) for h in root.handlers)
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def test_log_dir_is_the_users() -> None:
    assert "moonbase" in str(log_dir()).lower()

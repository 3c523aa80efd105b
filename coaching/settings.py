"""Settings in one place: flag or widget, then environment / `.env`, then the default."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from coaching.errors import InputError, StorageError

# A local model server needs no key, but the openai client refuses to start without one.
PLACEHOLDER_API_KEY = "not-needed-for-a-local-server"


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("informational-interview-coach", appauthor=False))


class Settings(BaseSettings):
    """Everything the coach can be configured with; secrets never leave memory."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    openai_api_key: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    coach_model: str = Field(default="gpt-4o-mini", validation_alias="COACH_MODEL")
    coach_llm_timeout: float = Field(default=60.0, gt=0, le=600, validation_alias="COACH_LLM_TIMEOUT")
    # Off for a server or proxy that cannot stream; the whole answer must then arrive within the timeout.
    coach_llm_stream: bool = Field(default=True, validation_alias="COACH_LLM_STREAM")
    coach_data_dir: Path = Field(default_factory=_default_data_dir, validation_alias="COACH_DATA_DIR")
    coach_knowledge_dir: Path | None = Field(default=None, validation_alias="COACH_KNOWLEDGE_DIR")
    chroma_host: str | None = Field(default=None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(default=8000, validation_alias="CHROMA_PORT")
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    coach_transcriber: Literal["local", "api", "off"] = Field(default="local", validation_alias="COACH_TRANSCRIBER")
    coach_transcribe_model: str = Field(default="whisper-1", validation_alias="COACH_TRANSCRIBE_MODEL")
    coach_language: str = Field(default="en", validation_alias="COACH_LANGUAGE")
    # A date to treat as today (YYYY-MM-DD): the tests pin one, and it previews what is due next week.
    coach_today: dt.date | None = Field(default=None, validation_alias="COACH_TODAY")

    @field_validator("coach_today", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def llm_configured(self) -> bool:
        """True when the person has pointed the coach at a model (what `auto` looks at)."""
        return bool(self.openai_api_key or self.openai_base_url)

    def api_key(self) -> str:
        """The key to send, or a placeholder for a local server that needs none."""
        if self.openai_api_key and self.openai_api_key.get_secret_value():
            return self.openai_api_key.get_secret_value()
        return PLACEHOLDER_API_KEY

    def data_dir(self) -> Path:
        """The data folder, created on first use; a path that cannot be a folder is one plain error."""
        try:
            self.coach_data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"The data folder {self.coach_data_dir} cannot be created ({exc.strerror or exc}); "
                "set COACH_DATA_DIR to a folder you can write."
            ) from None
        return self.coach_data_dir


@cache
def get_settings() -> Settings:
    """The settings of this process (tests clear the cache after changing the environment)."""
    from coaching.models import validation_problems

    try:
        return Settings()
    except ValidationError as exc:
        raise InputError.about_all(
            validation_problems(exc)[:1], "Fix it in the environment or the .env file, or unset it."
        ) from None

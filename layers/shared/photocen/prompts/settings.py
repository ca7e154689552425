"""Settings of the prompt tools (read by the generate function, which serves them)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from photocen.platform.settings import BaseFunctionSettings


class PromptSettings(BaseFunctionSettings):
    """``PHOTOCEN_PROMPT_ENGINE`` (``rules``: local default; ``bedrock`` on AWS, set by
    infra/generation.py) and ``PHOTOCEN_PROMPT_MODEL_ID`` (a Bedrock model id)."""

    prompt_engine: Literal["rules", "bedrock"] = "rules"
    prompt_model_id: str = Field(
        default="amazon.nova-micro-v1:0", pattern=r"^[a-z0-9][a-z0-9.:-]{2,127}$"
    )

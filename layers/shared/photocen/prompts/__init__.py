"""Prompt tools: ``POST /v1/prompt/enhance`` and ``POST /v1/prompt/build``.

Rooms: ``model`` (the requests and the result), ``service`` (``PromptService``), ``ports``
(``PromptWriter``), ``adapters/`` (``rules``: deterministic, the local default; ``bedrock``:
a Bedrock text model through the Converse API), ``settings``, ``wiring``.
"""

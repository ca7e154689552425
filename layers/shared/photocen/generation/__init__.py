"""Generation: reserve credits, infer asynchronously, settle, notify.

Rooms: ``model`` (the request, the plan, the job), ``offerings`` (image models and style
presets), ``pricing``, ``region``, ``style_memory`` (pure rules); ``view`` (a job's public
JSON: API answers and webhook payloads); ``service`` (submit, generations, style memory),
``results`` (notifications in, credits settled, sweeper), ``idempotency``; ``store``
(DynamoDB tables and the image cache), ``ports`` + ``adapters`` (the SageMaker endpoint);
``settings`` and ``wiring`` (the functions' composition roots).
"""

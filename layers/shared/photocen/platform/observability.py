"""One Logger, Tracer and Metrics for every function (service name from the environment).

Decorator order everywhere: logger.inject_lambda_context → metrics.log_metrics →
tracer.capture_lambda_handler.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
tracer = Tracer()
metrics = Metrics(namespace="PhotoCen")

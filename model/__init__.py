"""Image engines: the SageMaker inference code and the local engines behind the same port."""

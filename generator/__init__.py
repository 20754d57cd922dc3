"""sdksmith: typed sync + async Python clients from OpenAPI 3.0/3.1 descriptions."""

__version__ = "0.1.0"

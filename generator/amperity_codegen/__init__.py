"""amperity_codegen: turns spec/amperity.openapi.yaml into include/amperity/generated/."""

__version__ = "0.1.0"

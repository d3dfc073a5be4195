"""A test engine whose framework is not installed."""
NAME = "missing"
FRAMEWORK = "kbackend_no_such_framework"
INSTALL = "pip install kbackend-no-such-framework"

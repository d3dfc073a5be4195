"""Conformance cases the JAX engine is known to fail, each with its reason ({case id pattern: reason}): none.

The placement property runs with the cases' inputs spread over a mesh of 8 host devices
(``XLA_FLAGS=--xla_force_host_platform_device_count=8``: tests/engines/test_jax_sharding.py).
"""

GAPS = {}
